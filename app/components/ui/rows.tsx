import { ActionIcon, Anchor, Badge, Button, Card, Group, Paper, Stack, Text, UnstyledButton } from '@mantine/core'
import { Link, useSubmit } from '@remix-run/react'
import type { ButtonHTMLAttributes, CSSProperties, FormEvent, ReactNode } from 'react'

/**
 * Buttons, links, badges and forms of rows a page repeats hundreds of times: Mantine's look (its classes, and the
 * variables `rows-list` sets once on the list, see rows.css) without a Mantine component, whose style props become an
 * inline style on each and whose render is most of a long page's; and plain forms without Remix's Form, which
 * resolves its action on each (`useRowForms` sends them from the list).
 */
type Props = Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'className' | 'style'> & { children: ReactNode }

const focus = 'mantine-focus-auto mantine-active'

/** As `<ActionIcon variant="subtle" size="sm">`; `danger`: red, as color="red". */
export function RowIcon({ danger, children, ...props }: Props & { danger?: boolean }) {
  return (
    <button
      type="button"
      {...props}
      className={`${focus} ${ActionIcon.classes.root} ${UnstyledButton.classes.root}${danger ? ' rows-danger' : ''}`}
      data-variant="subtle"
      data-size="sm"
      data-disabled={props.disabled || undefined}
    >
      <span className={ActionIcon.classes.icon}>{children}</span>
    </button>
  )
}

/** As `<Button variant="subtle" size="compact-xs">`. */
export function RowButton({ children, ...props }: Props) {
  return (
    <button
      type="button"
      {...props}
      className={`${focus} ${Button.classes.root} ${UnstyledButton.classes.root}`}
      data-variant="subtle"
      data-size="compact-xs"
      data-disabled={props.disabled || undefined}
    >
      <span className={Button.classes.inner}>
        <span className={Button.classes.label}>{children}</span>
      </span>
    </button>
  )
}

const anchor = `mantine-focus-auto ${Anchor.classes.root} ${Text.classes.root}`

/** As `<Anchor component={Link} size="sm">`: an evidence's title in a row. */
export function RowLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Link to={to} className={`${anchor} rows-sm`} data-underline="always">
      {children}
    </Link>
  )
}

/** As `<Anchor href size="xs">`, for what is not a page of the app (a file, another site). */
export function RowAnchor({
  children,
  ...props
}: {
  href: string
  target?: string
  rel?: string
  children: ReactNode
}) {
  return (
    <a {...props} className={`${anchor} rows-xs`} data-underline="always">
      {children}
    </a>
  )
}

/** As `<Badge size="xs">`: `on`, light teal; off, outline gray. */
export function RowBadge({ on, children }: { on: boolean; children: ReactNode }) {
  return (
    <div className={`${Badge.classes.root} ${on ? 'rows-badge-on' : 'rows-badge-off'}`} data-size="xs">
      <span className={Badge.classes.label}>{children}</span>
    </div>
  )
}

/**
 * Cards repeated down a list (my work, the inbox) as Mantine writes its Card, Group, Stack, Text and Anchor, without
 * their components: the classes, and the inline styles their props would set (the theme underlines anchors always).
 */
export const plain = {
  text: `mantine-focus-auto ${Text.classes.root} mantine-Text-root`,
  anchor: `mantine-focus-auto ${Anchor.classes.root} ${Text.classes.root} mantine-Text-root mantine-Anchor-root`,
  card: `${Card.classes.root} mantine-Card-root ${Paper.classes.root} mantine-Paper-root`,
  group: `${Group.classes.root} mantine-Group-root`,
  stack: `${Stack.classes.root} mantine-Stack-root`,
}

/** Inline styles with CSS variables (which React's CSSProperties does not list). */
const css = (style: Record<string, string | number>) => style as CSSProperties

const sm = { '--text-fz': 'var(--mantine-font-size-sm)', '--text-lh': 'var(--mantine-line-height-sm)' }

export const plainStyle = {
  /** fw={600} */
  bold: css({ fontWeight: 600 }),
  /** fw={600} c="red" */
  boldRed: css({ color: 'var(--mantine-color-red-text)', fontWeight: 600 }),
  /** size="sm" */
  sm: css(sm),
  /** size="sm" c="red" */
  smRed: css({ ...sm, color: 'var(--mantine-color-red-text)' }),
  /** size="sm" c="dimmed" */
  smDimmed: css({ ...sm, color: 'var(--mantine-color-dimmed)' }),
  /** size="xs" c="dimmed" */
  xsDimmed: css({
    '--text-fz': 'var(--mantine-font-size-xs)',
    '--text-lh': 'var(--mantine-line-height-xs)',
    color: 'var(--mantine-color-dimmed)',
  }),
  /** size="sm" c="red.8" */
  smRed8: css({ ...sm, color: 'var(--mantine-color-red-8)' }),
  /** size="sm" fs="italic" */
  smItalic: css({ ...sm, fontStyle: 'italic' }),
  /** <Group justify="space-between" wrap="nowrap" align="flex-start"> */
  spread: css({
    '--group-gap': 'var(--mantine-spacing-md)',
    '--group-align': 'flex-start',
    '--group-justify': 'space-between',
    '--group-wrap': 'nowrap',
  }),
  /** <Stack gap={4}> */
  stack4: css({
    '--stack-gap': 'calc(0.25rem * var(--mantine-scale))',
    '--stack-align': 'stretch',
    '--stack-justify': 'flex-start',
  }),
  /** <Stack component="ul" gap={2} pl="md" m={0}>: a list of rows */
  list: css({
    '--stack-gap': 'calc(0.125rem * var(--mantine-scale))',
    '--stack-align': 'stretch',
    '--stack-justify': 'flex-start',
    margin: '0rem',
    paddingLeft: 'var(--mantine-spacing-md)',
  }),
  /** <Stack gap={2} align="flex-end"> */
  endStack: css({
    '--stack-gap': 'calc(0.125rem * var(--mantine-scale))',
    '--stack-align': 'flex-end',
    '--stack-justify': 'flex-start',
  }),
}

/**
 * As `<Badge color={color} size={size} variant={variant}>` (light or filled), written as Mantine writes it: a status
 * badge is on every row of several lists, and Mantine's component (its Box and style props) cost more than the row.
 */
export function PlainBadge({
  color,
  size,
  variant,
  children,
  ...data
}: {
  color: string
  size?: 'xs' | 'sm' | 'md' | 'lg' | 'xl'
  variant?: 'light' | 'filled'
  children: ReactNode
  'data-testid'?: string
}) {
  const style = {
    // as Mantine: what the props set, not their defaults (md, filled)
    ...(size === undefined
      ? {}
      : {
          '--badge-height': `var(--badge-height-${size})`,
          '--badge-padding-x': `var(--badge-padding-x-${size})`,
          '--badge-fz': `var(--badge-fz-${size})`,
        }),
    '--badge-bg': `var(--mantine-color-${color}-${variant ?? 'filled'})`,
    '--badge-color': variant === 'light' ? `var(--mantine-color-${color}-light-color)` : 'var(--mantine-color-white)',
    '--badge-bd': 'calc(0.0625rem * var(--mantine-scale)) solid transparent',
  }
  return (
    <div
      style={css(style)}
      className={`${Badge.classes.root} mantine-Badge-root`}
      data-variant={variant}
      data-size={size}
      {...data}
    >
      <span className={`${Badge.classes.label} mantine-Badge-label`}>{children}</span>
    </div>
  )
}

/** As `<Text size="xs" c="dimmed">`. */
export function RowNote({ children }: { children: ReactNode }) {
  return <p className={`mantine-focus-auto ${Text.classes.root} rows-xs rows-dimmed`}>{children}</p>
}

/**
 * A list's POST form for its rows' buttons (`rowFields`), with the fields every row shares: one form for the list
 * rather than one per row and action (on an item page, three per evidence were nearly half of the page). A plain
 * form (it works without JavaScript); with it, the list's `useRowForms` handler sends it.
 */
export function RowsForm({
  action,
  fields,
  children,
}: {
  action: string
  fields: Record<string, string>
  children: ReactNode
}) {
  return (
    <form method="post" action={action} data-row-form="">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
    </form>
  )
}

/**
 * A row button's name and value: the fields its action needs (intent, evidence…), which `startAction` spreads into
 * the form it reads. A button sends one value only, so the fields go as one query string.
 */
export const rowFields = (fields: Record<string, string>) => ({
  name: 'row',
  value: new URLSearchParams(fields).toString(),
})

/**
 * The list's submit handler for its `RowsForm`s: sends the form (with the button pressed) as Remix's Form does.
 * Forms that handle their own submit (Remix's) are left to them.
 */
export function useRowForms() {
  const submit = useSubmit()
  return (event: FormEvent<HTMLElement>) => {
    const form = event.target
    if (event.defaultPrevented || !(form instanceof HTMLFormElement) || !form.hasAttribute('data-row-form')) return
    event.preventDefault()
    const submitter = (event.nativeEvent as SubmitEvent).submitter
    submit(submitter instanceof HTMLButtonElement ? submitter : form, { method: 'post' })
  }
}
