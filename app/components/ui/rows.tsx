import { ActionIcon, Button, UnstyledButton } from '@mantine/core'
import type { ButtonHTMLAttributes, ReactNode } from 'react'

/**
 * Buttons of rows a page repeats hundreds of times: Mantine's look (its classes, and the variables `rows-list` sets
 * once on the list, see rows.css) without a Mantine component, whose style props become an inline style on each.
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
