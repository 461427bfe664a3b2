import { createElement as h, type FunctionComponent } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Badge, MantineProvider, type BadgeProps } from '@mantine/core'
import { describe, expect, it } from 'vitest'
import { PlainBadge } from '#app/components/ui/rows'
import { cssVariablesResolver, theme } from '#app/theme'

/** A badge's markup under the app's theme, its root's attributes in a fixed order (React keeps the props' order). */
function markup(node: ReturnType<typeof h>): string {
  const html = renderToStaticMarkup(h(MantineProvider, { theme, cssVariablesResolver, children: node }))
  const found = /<div ([^>]*)>(.*)<\/div>$/.exec(html.slice(html.indexOf('<div')))
  if (!found) throw new Error(`no badge in ${html}`)
  const attributes = [...found[1].matchAll(/([\w-]+)="([^"]*)"/g)].map(([, name, value]) => `${name}=${value}`).sort()
  return `${attributes.join(' ')} | ${found[2]}`
}

// Badge is polymorphic (its props depend on `component`): as the div it is here
const MantineBadge = Badge as unknown as FunctionComponent<BadgeProps & { 'data-testid': string }>

describe('a plain badge', () => {
  const cases = [
    { color: 'teal', variant: 'light', size: 'sm' },
    { color: 'red', variant: 'filled', size: 'sm' },
    { color: 'orange', variant: 'light', size: 'xs' },
    { color: 'violet', variant: 'filled', size: 'lg' },
    { color: 'gray', variant: 'light', size: 'md' },
  ] as const
  it.each(cases)('is written as Mantine writes its Badge ($color, $variant, $size)', ({ color, variant, size }) => {
    const mantine = markup(h(MantineBadge, { color, variant, size, 'data-testid': 'status', children: 'ส่งแล้ว' }))
    const plain = markup(h(PlainBadge, { color, variant, size, 'data-testid': 'status', children: 'ส่งแล้ว' }))
    expect(plain).toBe(mantine)
  })
})
