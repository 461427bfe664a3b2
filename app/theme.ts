import {
  convertCssVariables,
  createTheme,
  defaultCssVariablesResolver,
  DEFAULT_THEME,
  mergeMantineTheme,
  type ConvertCSSVariablesInput,
  type CSSVariablesResolver,
  type MantineColorsTuple,
} from '@mantine/core'

/**
 * Colours readable by everyone (WCAG 2 AA, 4.5:1 for text): Mantine's default shade 6 of teal is
 * 2.55:1 on white, and many colours' light variants (a 10 % tint behind the same colour's text)
 * fall short even at shade 9. So filled, light, outline and text variants use shade 8, and shades
 * 8–9 of every palette are darkened just enough that their text is 4.5:1 on the backgrounds it
 * meets: its own light tint on a striped table row, and the pale shade 1 of any colour (coloured
 * cells); hence on white too, and white text on them is as well. Checked by axe-core on every
 * page in test/e2e/crawl.test.ts.
 */
const PRIMARY_SHADE = 8
const MIN_CONTRAST = 4.6

const channels = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16))
const toHex = (rgb: number[]) => `#${rgb.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`
function luminance(hex: string): number {
  const [r, g, b] = channels(hex)
    .map((v) => v / 255)
    .map((x) => (x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r + 0.7152 * g + 0.0722 * b
}
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi + 0.05) / (lo + 0.05)
}
const darken = (hex: string, by: number) => toHex(channels(hex).map((v) => v * (1 - by)))

const over = (hex: string, alpha: number, base: string) =>
  toHex(channels(hex).map((v, i) => v * alpha + channels(base)[i] * (1 - alpha)))
const PALE_BACKGROUNDS = Object.entries(DEFAULT_THEME.colors)
  .filter(([name]) => name !== 'dark')
  .map(([, p]) => p[1])

/** The shade, darkened in small steps until its text is readable on every background it meets. */
export function readableShade(hex: string): string {
  const worst = (c: string) =>
    Math.min(contrast(c, over(c, 0.15, '#f1f3f5')), ...PALE_BACKGROUNDS.map((b) => contrast(c, b)))
  let out = hex
  for (let step = 0; step < 60 && worst(out) < MIN_CONTRAST; step++) out = darken(out, 0.03)
  return out
}

const colors = Object.fromEntries(
  Object.entries(DEFAULT_THEME.colors)
    .filter(([name]) => name !== 'dark')
    .map(([name, palette]) => {
      const p = [...palette]
      p[8] = readableShade(p[8])
      p[9] = readableShade(p[9])
      // the hover shade stays darker than the resting one
      if (luminance(p[9]) > luminance(p[8])) p[9] = darken(p[8], 0.1)
      return [name, p as unknown as MantineColorsTuple]
    }),
)

/** Sarabun for every text; a taller line height so stacked Thai tone marks are never clipped. */
export const theme = createTheme({
  fontFamily: 'Sarabun, "Noto Sans Thai", system-ui, sans-serif',
  headings: { fontFamily: 'Sarabun, "Noto Sans Thai", system-ui, sans-serif' },
  lineHeights: { xs: '1.6', sm: '1.6', md: '1.65', lg: '1.7', xl: '1.7' },
  colors,
  primaryColor: 'teal',
  primaryShade: { light: PRIMARY_SHADE, dark: PRIMARY_SHADE },
  defaultRadius: 'md',
  components: {
    // a link inside a sentence must not differ by colour alone (WCAG 1.4.1)
    Anchor: { defaultProps: { underline: 'always' } },
  },
})

/** Dimmed text (gray 6, 3.3:1 on white) and error text (red 6) in shades that pass 4.5:1. */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-8)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
  },
  dark: {},
})

let variablesCss: string | undefined

/**
 * The theme's CSS variables as MantineProvider writes them (those that differ from Mantine's defaults, for `:root`
 * and `:host`), worked out once: the provider works them out again on every render, about a millisecond of every
 * page. The root renders them itself, with the provider's own left out (`withCssVariables={false}`).
 */
export function themeVariablesCss(): string {
  if (variablesCss !== undefined) return variablesCss
  const merged = mergeMantineTheme(DEFAULT_THEME, theme)
  const ours = defaultCssVariablesResolver(merged)
  const added = cssVariablesResolver(merged)
  const defaults = defaultCssVariablesResolver(DEFAULT_THEME)
  const part = (name: keyof ConvertCSSVariablesInput) => {
    const before: Record<string, string> = defaults[name]
    return Object.fromEntries(Object.entries({ ...ours[name], ...added[name] }).filter(([k, v]) => before[k] !== v))
  }
  variablesCss = convertCssVariables({ variables: part('variables'), light: part('light'), dark: part('dark') })
  return variablesCss
}
