import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { MantineProvider } from '@mantine/core'
import { describe, expect, it } from 'vitest'
import { cssVariablesResolver, theme, themeVariablesCss } from '#app/theme'

/** What a MantineProvider (as the root had it) writes in its style tag of CSS variables. */
function providerVariables(): string {
  const html = renderToStaticMarkup(
    createElement(MantineProvider, { theme, cssVariablesResolver, defaultColorScheme: 'light' }),
  )
  const found = /<style data-mantine-styles="true">([\s\S]*?)<\/style>/.exec(html)
  if (!found) throw new Error(`no style of CSS variables in ${html.slice(0, 300)}`)
  return found[1].replace(/&quot;/g, '"')
}

describe('the theme CSS variables, worked out once', () => {
  it('are what MantineProvider writes on each render', () => {
    const css = themeVariablesCss()
    expect(css).toBe(providerVariables())
    // the readable shades the theme sets are among them
    expect(css).toContain('--mantine-color-dimmed: var(--mantine-color-gray-7)')
  })
})
