import { LETTER_BANDS, RATING_BANDS_2567, type Band, type ScoringCatalog, type ItaInput } from '#scoring/index'

// ITA 2564 shape (reference §2.3): indicator 9 = O1–O33 in five sub-indicators, indicator 10 = O34–O43 (10.1 O34–O41,
// 10.2 O42–O43).
// 9.1 has 9 items and 9.3 has 7 (reference §2.2 examples); the split 8/5/4 of 9.2/9.4/9.5 is our assumption for the
// fixture.
const SUB_SIZES: Record<string, number> = { '9.1': 9, '9.2': 8, '9.3': 7, '9.4': 5, '9.5': 4, '10.1': 8, '10.2': 2 }

/** Criterion codes of each sub-indicator of the 2564-shaped fixture. */
export const SUBS: Record<string, string[]> = (() => {
  let n = 0
  const out: Record<string, string[]> = {}
  for (const [code, size] of Object.entries(SUB_SIZES)) out[code] = Array.from({ length: size }, () => `O${++n}`)
  return out
})()
export const ALL_CRITERIA = Object.values(SUBS).flat()

/** The survey tools, fresh each call: IIT (indicators 1–5) 30 and EIT (6–8) 30. */
export function surveyTools(): ScoringCatalog['tools'] {
  const survey = (codes: string[]) => codes.map((code) => ({ code, kind: 'survey' as const }))
  return [
    { code: 'IIT', weight: 30, indicators: survey(['1', '2', '3', '4', '5']) },
    { code: 'EIT', weight: 30, indicators: survey(['6', '7', '8']) },
  ]
}

/** IIT (indicators 1–5) 30, EIT (6–8) 30, OIT (9, 10) 40. */
export function catalog2564(bands: readonly Band[] = LETTER_BANDS): ScoringCatalog {
  return {
    fiscalYear: 2564,
    tools: [
      ...surveyTools(),
      {
        code: 'OIT',
        weight: 40,
        indicators: ['9', '10'].map((ind) => ({
          code: ind,
          kind: 'checklist' as const,
          subIndicators: Object.keys(SUBS)
            .filter((s) => s.startsWith(`${ind}.`))
            .map((s) => ({ code: s, criteria: SUBS[s].map((code) => ({ code })) })),
        })),
      },
    ],
    bands: [...bands],
  }
}

/**
 * All criteria pass except `failing`; every IIT indicator scores `iit`, every EIT indicator `eit` (or per-indicator
 * arrays).
 */
export function input2564(
  failing: string[] = [],
  iit: number | number[] = 100,
  eit: number | number[] = 100,
): ItaInput {
  const at = (v: number | number[], i: number) => (Array.isArray(v) ? v[i] : v)
  return {
    criteria: ALL_CRITERIA.map((code) => ({ code, passed: !failing.includes(code) })),
    surveys: [
      ...['1', '2', '3', '4', '5'].map((indicatorCode, i) => ({ indicatorCode, score: at(iit, i) })),
      ...['6', '7', '8'].map((indicatorCode, i) => ({ indicatorCode, score: at(eit, i) })),
    ],
  }
}

/** A rating-scheme catalog whose OIT is one sub-indicator of 20 criteria, so OIT moves in steps of 5 (R1…R20). */
export function ratingCatalog(bands: readonly Band[] = RATING_BANDS_2567): ScoringCatalog {
  return {
    tools: [
      { code: 'IIT', weight: 30, indicators: [{ code: 'I', kind: 'survey' }] },
      { code: 'EIT', weight: 30, indicators: [{ code: 'E', kind: 'survey' }] },
      {
        code: 'OIT',
        weight: 40,
        indicators: [
          {
            code: 'O',
            kind: 'checklist',
            subIndicators: [{ code: 'O.1', criteria: Array.from({ length: 20 }, (_, i) => ({ code: `R${i + 1}` })) }],
          },
        ],
      },
    ],
    bands: [...bands],
  }
}

/** Inputs for ratingCatalog: IIT, EIT survey scores and an OIT score that must be a multiple of 5. */
export function ratingInput(iit: number, eit: number, oit: number): ItaInput {
  const pass = oit / 5
  if (!Number.isInteger(pass)) throw new Error('OIT must be a multiple of 5 in this fixture')
  return {
    criteria: Array.from({ length: 20 }, (_, i) => ({ code: `R${i + 1}`, passed: i < pass })),
    surveys: [
      { indicatorCode: 'I', score: iit },
      { indicatorCode: 'E', score: eit },
    ],
  }
}

/** Recursively freezes a value so any mutation throws (ESM test modules run in strict mode). */
export function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object') {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k])
    Object.freeze(v)
  }
  return v
}
