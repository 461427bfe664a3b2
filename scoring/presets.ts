import type { Band } from './schemas'

// Band schemes as data (reference §4). Callers put one into an ScoringCatalog's `bands`; a new year is a new list, not
// new code.

/** Letter bands AA–F used up to about 2566 (reference §4.1: [C]/[S] sources, not an NACC manual). */
export const LETTER_BANDS: readonly Band[] = [
  { code: 'AA', label: { th: 'AA', en: 'AA' }, minTotal: 95 },
  { code: 'A', label: { th: 'A', en: 'A' }, minTotal: 85 },
  { code: 'B', label: { th: 'B', en: 'B' }, minTotal: 75 },
  { code: 'C', label: { th: 'C', en: 'C' }, minTotal: 65 },
  { code: 'D', label: { th: 'D', en: 'D' }, minTotal: 55 },
  { code: 'E', label: { th: 'E', en: 'E' }, minTotal: 50 },
  { code: 'F', label: { th: 'F', en: 'F' }, minTotal: 0 },
]

/**
 * Rating Score from about 2567 (reference §4.2: the per-tool rule is confirmed for ผ่านดี; the 70 cut-off is from
 * third-party code [U]).
 */
export const RATING_BANDS_2567: readonly Band[] = [
  { code: 'excellent', label: { th: 'ผ่านดีเยี่ยม', en: 'Excellent' }, minTotal: 95, minEveryTool: 95 },
  { code: 'good', label: { th: 'ผ่านดี', en: 'Good' }, minTotal: 85, minEveryTool: 85 },
  { code: 'pass', label: { th: 'ผ่าน', en: 'Pass' }, minTotal: 85 },
  { code: 'improve', label: { th: 'ต้องปรับปรุง', en: 'Needs improvement' }, minTotal: 70 },
  { code: 'urgent', label: { th: 'ต้องปรับปรุงโดยด่วน', en: 'Needs urgent improvement' }, minTotal: 0 },
]

/** Tool weights IIT 30 / EIT 30 / OIT 40 (reference §2.2: confirmed for 2564 only). */
export const TOOL_WEIGHTS_2564 = { IIT: 30, EIT: 30, OIT: 40 } as const
