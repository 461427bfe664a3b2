import { createElement as h, type FunctionComponent } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { Anchor, Badge, Card, Group, MantineProvider, Stack, Text, type BadgeProps } from '@mantine/core'
import { describe, expect, it } from 'vitest'
import { plain, PlainBadge, plainStyle } from '#app/components/ui/rows'
import { cssVariablesResolver, theme } from '#app/theme'

/** An element's markup under the app's theme, its root's attributes in a fixed order (React keeps the props'). */
function markup(node: ReturnType<typeof h>, tag = 'div'): string {
  const html = renderToStaticMarkup(h(MantineProvider, { theme, cssVariablesResolver, children: node }))
  const found = new RegExp(`<${tag} ([^>]*)>(.*)</${tag}>$`).exec(html.slice(html.indexOf(`<${tag} `)))
  if (!found) throw new Error(`no ${tag} in ${html}`)
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

// polymorphic components, as the elements they are here
const as = <P>(component: unknown) => component as FunctionComponent<P & { children?: string }>

describe('plain cards', () => {
  it('are written as Mantine writes its Card, Group, Stack, Text and Anchor (lists and item element cards)', () => {
    const cases: [ReturnType<typeof h>, ReturnType<typeof h>, string][] = [
      [
        h(as<Record<string, unknown>>(Card), { component: 'li', withBorder: true, children: 'x' }),
        h('li', { className: plain.card, 'data-with-border': true, children: 'x' }),
        'li',
      ],
      [
        h(as<Record<string, unknown>>(Group), {
          justify: 'space-between',
          wrap: 'nowrap',
          align: 'flex-start',
          children: 'x',
        }),
        h('div', { style: plainStyle.spread, className: plain.group, children: 'x' }),
        'div',
      ],
      [
        h(as<Record<string, unknown>>(Stack), { gap: 2, align: 'flex-end', children: 'x' }),
        h('div', { style: plainStyle.endStack, className: plain.stack, children: 'x' }),
        'div',
      ],
      [
        h(as<Record<string, unknown>>(Text), { size: 'sm', c: 'dimmed', children: 'x' }),
        h('p', { style: plainStyle.smDimmed, className: plain.text, 'data-size': 'sm', children: 'x' }),
        'p',
      ],
      [
        h(as<Record<string, unknown>>(Text), { size: 'sm', c: 'red', children: 'x' }),
        h('p', { style: plainStyle.smRed, className: plain.text, 'data-size': 'sm', children: 'x' }),
        'p',
      ],
      [
        h(as<Record<string, unknown>>(Text), { size: 'xs', c: 'dimmed', children: 'x' }),
        h('p', { style: plainStyle.xsDimmed, className: plain.text, 'data-size': 'xs', children: 'x' }),
        'p',
      ],
      [
        h(as<Record<string, unknown>>(Text), { size: 'sm', c: 'red.8', children: 'x' }),
        h('p', { style: plainStyle.smRed8, className: plain.text, 'data-size': 'sm', children: 'x' }),
        'p',
      ],
      [
        h(as<Record<string, unknown>>(Text), { size: 'sm', fs: 'italic', children: 'x' }),
        h('p', { style: plainStyle.smItalic, className: plain.text, 'data-size': 'sm', children: 'x' }),
        'p',
      ],
      [
        h(as<Record<string, unknown>>(Stack), { gap: 4, children: 'x' }),
        h('div', { style: plainStyle.stack4, className: plain.stack, children: 'x' }),
        'div',
      ],
      [
        h(as<Record<string, unknown>>(Stack), {
          component: 'ul',
          gap: 2,
          pl: 'md',
          m: 0,
          className: 'rows-list',
          children: 'x',
        }),
        h('ul', { style: plainStyle.list, className: `rows-list ${plain.stack}`, children: 'x' }),
        'ul',
      ],
      [
        h(as<Record<string, unknown>>(Card), { withBorder: true, children: 'x' }),
        h('div', { className: plain.card, 'data-with-border': 'true', children: 'x' }),
        'div',
      ],
      [
        h(as<Record<string, unknown>>(Anchor), { href: '?all=e1', size: 'sm', children: 'x' }),
        h('a', {
          href: '?all=e1',
          style: plainStyle.sm,
          className: plain.anchor,
          'data-size': 'sm',
          'data-underline': 'always',
          children: 'x',
        }),
        'a',
      ],
      [
        h(as<Record<string, unknown>>(Text), { fw: 600, c: 'red', children: 'x' }),
        h('p', { style: plainStyle.boldRed, className: plain.text, children: 'x' }),
        'p',
      ],
      [
        h(as<Record<string, unknown>>(Anchor), { href: '/x', fw: 600, children: 'x' }),
        h('a', {
          href: '/x',
          style: plainStyle.bold,
          className: plain.anchor,
          'data-underline': 'always',
          children: 'x',
        }),
        'a',
      ],
    ]
    for (const [mantine, written, tag] of cases) expect(markup(written, tag)).toBe(markup(mantine, tag))
  })
})
