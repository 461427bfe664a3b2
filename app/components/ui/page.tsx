import { Anchor, Group, Stack, Text, Title } from '@mantine/core'
import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'

interface PageProps {
  /** The page's h2 (the shell's name is the h1 of the home page only). */
  title?: ReactNode
  /** A line under the title. */
  description?: ReactNode
  /** Buttons or links at the right of the title. */
  actions?: ReactNode
  /** A "← back" link above the title. */
  back?: { to: string; label: ReactNode }
  /** The column's maximum width in pixels. */
  width?: number
  children?: ReactNode
}

/** A page's centred column with its header: `<Page title={t('people.title')} width={1100}>…</Page>`. */
export function Page({ title, description, actions, back, width = 1100, children }: PageProps) {
  return (
    <Stack maw={width} mx="auto">
      {back ? (
        <Anchor component={Link} to={back.to} size="sm">
          ← {back.label}
        </Anchor>
      ) : null}
      {title !== undefined ? <PageHeader title={title} description={description} actions={actions} /> : null}
      {children}
    </Stack>
  )
}

/** A title with actions at its right and an optional line under it. */
export function PageHeader({ title, description, actions }: Pick<PageProps, 'title' | 'description' | 'actions'>) {
  const heading = <Title order={2}>{title}</Title>
  return (
    <>
      {actions ? (
        <Group justify="space-between" align="flex-start">
          {heading}
          <Group gap="sm">{actions}</Group>
        </Group>
      ) : (
        heading
      )}
      {description ? <Text c="dimmed">{description}</Text> : null}
    </>
  )
}

/** The dimmed line a list shows when it has nothing. */
export function EmptyState({ children }: { children: ReactNode }) {
  return <Text c="dimmed">{children}</Text>
}
