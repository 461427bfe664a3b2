import { z } from 'zod'
import { parseOrThrow } from './errors'

const args = z.object({ n: z.number().finite(), decimals: z.number().int().min(0).max(10) })

/**
 * The one display-rounding helper: formatScore(5) → "5.0000", formatScore(0.1) → "0.1000".
 * Rounds half away from zero on the decimal digits people see, not on the binary value ((1.005).toFixed(2) is "1.00").
 * The engine never rounds; call this only when rendering.
 */
export function formatScore(n: number, decimals = 4): string {
  const a = parseOrThrow(args, { n, decimals }, 'args')
  const out = roundAbs(Math.abs(a.n), a.decimals).toFixed(a.decimals)
  return a.n < 0 && /[1-9]/.test(out) ? `-${out}` : out
}

// Shifting through the decimal string ("1.005e2" → 100.5) avoids the binary error of abs * 10^d.
function roundAbs(abs: number, decimals: number): number {
  const s = String(abs)
  return s.includes('e') ? abs : Number(`${Math.round(Number(`${s}e${decimals}`))}e-${decimals}`)
}

/** Decimals of the scores NACC publishes (tool scores and the total). */
export const PUBLISHED_DECIMALS = 2

/**
 * A tool score or total as published: two decimals, half away from zero on the decimal digits.
 * Bands and per-tool rules are applied to this figure, so a total shown as "85.00" is never rated below 85.
 */
export function publishedScore(n: number): number {
  // The score is a sum of binary fractions: a true 81.915 can arrive as 81.91499999999999. A nudge far below the
  // second decimal (scores carry at most a few decimals) puts such a value back on its half before rounding.
  const r = Math.round(Math.abs(n) * 10 ** PUBLISHED_DECIMALS + PUBLISHED_NUDGE) / 10 ** PUBLISHED_DECIMALS
  return n < 0 ? -r : r
}

const PUBLISHED_NUDGE = 1e-7
