import type { z } from 'zod'
import type { agreementReportSchema, itaInputSchema } from './schemas'

// Fast structural checks for the batch path. Each accepts a strict subset of what its zod schema accepts, and for
// that subset zod would return the same value (codes are already trimmed, no keys to strip that we read). Anything
// else returns null and the caller falls back to zod, which then reports the bilingual issues. This keeps the
// per-organization cost of a 1 000-organization roll-up low without a second, divergent set of rules.

const isCode = (s: unknown): s is string => typeof s === 'string' && s.length > 0 && s.length <= 64 && s.trim() === s
const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x)

/** The input if it already has the exact shape of itaInputSchema's output, else null. */
export function plainItaInput(x: unknown): z.output<typeof itaInputSchema> | null {
  if (!isObj(x) || !Array.isArray(x.criteria) || !Array.isArray(x.surveys)) return null
  for (const c of x.criteria) if (!isObj(c) || !isCode(c.code) || typeof c.passed !== 'boolean') return null
  for (const s of x.surveys) {
    if (!isObj(s) || !isCode(s.indicatorCode) || typeof s.score !== 'number' || !(s.score >= 0 && s.score <= 100))
      return null
  }
  return x as z.output<typeof itaInputSchema>
}

/** The report if it already has the exact shape of agreementReportSchema's output, else null. */
export function plainAgreementReport(x: unknown): z.output<typeof agreementReportSchema> | null {
  if (!isObj(x) || !Array.isArray(x.kpis)) return null
  if (x.round !== undefined && x.round !== 6 && x.round !== 9 && x.round !== 12) return null
  for (const k of x.kpis) {
    if (!isObj(k) || !isCode(k.code)) return null
    if (k.result !== undefined && !(typeof k.result === 'number' && Number.isFinite(k.result))) return null
    if (k.doneSteps !== undefined) {
      if (!Array.isArray(k.doneSteps)) return null
      for (const s of k.doneSteps) if (!isCode(s)) return null
    }
  }
  return x as z.output<typeof agreementReportSchema>
}
