import { z } from 'zod'

/** What went wrong, as a stable machine-readable tag (the UI may pick its own wording from it). */
export type IssueKind =
  | 'weights_sum'
  | 'thresholds_order'
  | 'unknown_code'
  | 'duplicate_code'
  | 'out_of_range'
  | 'missing'
  | 'invalid_type'
  | 'invalid'

/** One validation problem: the field path (prefixed with the argument name) and a Thai and an English message. */
export interface ScoringIssue {
  kind: IssueKind
  path: (string | number)[]
  th: string
  en: string
}

/** Thrown by every public scoring function when its input is invalid; `issues` lists every problem found. */
export class ScoringError extends Error {
  readonly issues: ScoringIssue[]
  constructor(issues: ScoringIssue[]) {
    super(issues.map((i) => `${formatPath(i.path)}: ${i.en}`).join('; '))
    this.name = 'ScoringError'
    this.issues = issues
  }
}

/** A typed result for callers that prefer not to catch (batch results use it per organization). */
export type Result<T> = { ok: true; value: T } | { ok: false; issues: ScoringIssue[] }

/**
 * Runs a scoring call and turns a ScoringError into `{ ok: false, issues }`; other errors still throw (they are bugs).
 */
export function tryScoring<T>(fn: () => T): Result<T> {
  try {
    return { ok: true, value: fn() }
  } catch (e) {
    if (e instanceof ScoringError) return { ok: false, issues: e.issues }
    throw e
  }
}

/** `['catalog','tools',0,'code']` → `catalog.tools[0].code`. */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('')
}

export function issue(kind: IssueKind, path: (string | number)[], th: string, en: string): ScoringIssue {
  return { kind, path, th, en }
}

// Bilingual message builders shared by schemas and cross-checks, so the same problem reads the same everywhere.
export const msg = {
  weightsSum: (path: (string | number)[], sum: number) =>
    issue('weights_sum', path, `ผลรวมน้ำหนักต้องเท่ากับ 100 (ได้ ${sum})`, `Weights must sum to 100 (got ${sum})`),
  duplicate: (path: (string | number)[], code: string) =>
    issue('duplicate_code', path, `รหัส "${code}" ซ้ำ`, `Duplicate code "${code}"`),
  unknown: (path: (string | number)[], code: string, what: { th: string; en: string }) =>
    issue('unknown_code', path, `ไม่พบรหัส "${code}" ใน${what.th}`, `Unknown code "${code}": not in the ${what.en}`),
  missing: (path: (string | number)[], th: string, en: string) => issue('missing', path, th, en),
}

/**
 * Converts zod issues (English only) into bilingual ScoringIssues; our own refinements carry their bilingual text in
 * `params`.
 */
export function fromZod(error: z.ZodError, prefix: string | (string | number)[]): ScoringIssue[] {
  const pre = typeof prefix === 'string' ? [prefix] : prefix
  return error.issues.map((i) => {
    const path = [...pre, ...i.path]
    if (i.code === 'custom' && i.params?.scoring) return { ...(i.params.scoring as ScoringIssue), path }
    switch (i.code) {
      case 'invalid_type':
        return i.received === 'undefined'
          ? issue('missing', path, 'ต้องระบุค่านี้', 'Required')
          : issue(
              'invalid_type',
              path,
              `ชนิดข้อมูลไม่ถูกต้อง: ต้องเป็น ${i.expected} แต่ได้ ${i.received}`,
              `Expected ${i.expected}, received ${i.received}`,
            )
      case 'too_small':
      case 'too_big': {
        const small = i.code === 'too_small'
        const bound = Number(small ? (i as z.ZodTooSmallIssue).minimum : (i as z.ZodTooBigIssue).maximum)
        if (i.type === 'array') {
          return issue(
            'invalid',
            path,
            i.exact ? `ต้องมี ${bound} รายการพอดี` : small ? `ต้องมีอย่างน้อย ${bound} รายการ` : `มีได้ไม่เกิน ${bound} รายการ`,
            i.exact
              ? `Must have exactly ${bound} items`
              : small
                ? `Must have at least ${bound} items`
                : `Must have at most ${bound} items`,
          )
        }
        if (i.type === 'string') {
          return issue(
            'invalid',
            path,
            small ? 'ต้องไม่เป็นข้อความว่าง' : `ยาวได้ไม่เกิน ${bound} ตัวอักษร`,
            small ? 'Must not be empty' : `At most ${bound} characters`,
          )
        }
        const strict = !i.inclusive
        const th = small
          ? `ค่าอยู่นอกช่วง: ต้อง${strict ? 'มากกว่า' : 'ไม่น้อยกว่า'} ${bound}`
          : `ค่าอยู่นอกช่วง: ต้อง${strict ? 'น้อยกว่า' : 'ไม่เกิน'} ${bound}`
        const en = small
          ? `Out of range: must be ${strict ? '>' : '≥'} ${bound}`
          : `Out of range: must be ${strict ? '<' : '≤'} ${bound}`
        return issue('out_of_range', path, th, en)
      }
      case 'not_finite':
        return issue('out_of_range', path, 'ต้องเป็นจำนวนจำกัด (ไม่ใช่ NaN หรือ Infinity)', 'Must be a finite number')
      case 'invalid_literal':
      case 'invalid_enum_value':
      case 'invalid_union_discriminator':
      case 'invalid_union':
        return issue('invalid', path, `ค่าไม่อยู่ในตัวเลือกที่กำหนด (${i.message})`, i.message)
      case 'invalid_string':
        return issue('invalid', path, `รูปแบบข้อความไม่ถูกต้อง (${i.message})`, i.message)
      default:
        return issue('invalid', path, `ข้อมูลไม่ถูกต้อง (${i.message})`, i.message)
    }
  })
}

/** Adds a bilingual issue from inside a zod superRefine; `path` is relative to the refined value. */
export function addIssue(ctx: z.RefinementCtx, scoring: ScoringIssue): void {
  ctx.addIssue({ code: 'custom', path: scoring.path, message: scoring.en, params: { scoring } })
}

/** Parses with zod and throws a ScoringError whose paths start with `name` (the argument name, or a path to it). */
export function parseOrThrow<S extends z.ZodTypeAny>(
  schema: S,
  value: unknown,
  name: string | (string | number)[],
): z.output<S> {
  const r = schema.safeParse(value)
  if (!r.success) throw new ScoringError(fromZod(r.error, name))
  return r.data
}

/** Throws if any cross-check issues were collected. */
export function throwIf(issues: ScoringIssue[]): void {
  if (issues.length > 0) throw new ScoringError(issues)
}
