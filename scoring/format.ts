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
  const abs = Math.abs(a.n)
  const s = String(abs)
  // Shifting through the decimal string ("1.005e2" → 100.5) avoids the binary error of abs * 10^d.
  const r = s.includes('e') ? abs : Number(`${Math.round(Number(`${s}e${a.decimals}`))}e-${a.decimals}`)
  const out = r.toFixed(a.decimals)
  return a.n < 0 && /[1-9]/.test(out) ? `-${out}` : out
}
