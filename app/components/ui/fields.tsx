/** Small form and card pieces the feature pages share, so each page states only what differs. */
import { Link } from '@remix-run/react'
import {
  Anchor,
  Card,
  Stack,
  Text,
  Textarea,
  Title,
  type MantineSize,
  type MantineSpacing,
  type TextareaProps,
} from '@mantine/core'
import type { ReactNode } from 'react'

/** A free-text note as the review screens take it: it grows with its text and holds at most 4,000 characters. */
export function NoteField(props: TextareaProps & { name: string }) {
  return <Textarea autosize maxLength={4000} {...props} />
}

/** A message shown only when there is one: a field's refusal in red, or a dimmed note. */
export function NoteText({
  children,
  alert,
  size = 'sm',
}: {
  children: ReactNode
  alert?: boolean
  size?: MantineSize
}) {
  if (!children) return null
  return (
    <Text size={size} c={alert ? 'red' : 'dimmed'} role={alert ? 'alert' : undefined}>
      {children}
    </Text>
  )
}

/** What an accepted form did ("saved"), announced to screen readers; nothing when there is no news. */
export function DoneNote({ children }: { children: ReactNode }) {
  if (!children) return null
  return (
    <Text c="teal" role="status">
      {children}
    </Text>
  )
}

/** A labelled fact of a record ("Label: value"), left out when it has no value. */
export function Fact({ label, children }: { label: ReactNode; children: ReactNode }) {
  if (!children) return null
  return (
    <Text size="sm">
      <b>{label}:</b> {children}
    </Text>
  )
}

/** A bordered card with a heading, and a dimmed note instead of the list when it is empty. */
export function SectionCard({
  title,
  empty,
  gap = 'xs',
  children,
}: {
  title: ReactNode
  empty?: ReactNode
  gap?: MantineSpacing
  children: ReactNode
}) {
  return (
    <Card withBorder>
      <Stack gap={gap}>
        <Title order={4}>{title}</Title>
        <NoteText>{empty}</NoteText>
        {children}
      </Stack>
    </Card>
  )
}

/** The evidence's title as a link to its page. */
export function EvidenceLink({ id, size, children }: { id: string; size?: MantineSize; children: ReactNode }) {
  return (
    <Anchor component={Link} to={`/evidence/${id}`} size={size}>
      {children}
    </Anchor>
  )
}
