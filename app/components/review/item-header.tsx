import { Link } from '@remix-run/react'
import type { ReactNode } from 'react'
import { Anchor, Group, Stack, Text, Title } from '@mantine/core'

interface Props {
  back: { to: string; label: string }
  /** The criterion's code and title, the page's h2. */
  title: ReactNode
  /** Dimmed lines under the title (catalog, fiscal year, due date, owners). */
  lines: ReactNode[]
  /** The status badge at the right. */
  status?: ReactNode
  children: ReactNode
}

/** A page about one item of a catalog (its review, its clarification): back link, title, lines, status, body. */
export function ItemPageLayout({ back, title, lines, status, children }: Props) {
  return (
    <Stack maw={1000} mx="auto">
      <Anchor component={Link} to={back.to} size="sm">
        ← {back.label}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>{title}</Title>
          {lines.map((line, i) => (
            <Text key={i} size="sm" c="dimmed">
              {line}
            </Text>
          ))}
        </div>
        {status}
      </Group>
      {children}
    </Stack>
  )
}
