import { Badge, Button, Group, Stack, Text } from '@mantine/core'
import { IntentForm, useActionForm } from '#app/components/forms'
import { NoteField, SectionCard } from '#app/components/ui/fields'
import { useT } from '#app/utils/i18n'
import { ROLES, type Role } from '#models/tenancy/permissions'
import type { ReviewComment } from '#models/work/review.server'

interface Props {
  comments: ReviewComment[]
  canComment: boolean
  when: (iso: string | null) => string
}

/** The item's conversation: submissions, returns, approvals and comments, and the box to add one. */
export function CommentThread({ comments, canComment, when }: Props) {
  const { error, busy } = useActionForm()
  const t = useT()
  const roleName = (role: string) =>
    role === 'assessor' || role === 'coordinator'
      ? t(`review.role.${role}`)
      : (ROLES as readonly string[]).includes(role)
        ? t(`role.${role as Role}`)
        : role
  return (
    <SectionCard title={t('review.thread')} empty={comments.length === 0 && t('review.thread.empty')} gap="sm">
      <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
        {comments.map((c, i) => (
          <li key={i} data-testid="comment">
            <Group gap="xs">
              <Text size="sm" fw={600}>
                {c.authorName}
              </Text>
              <Text size="xs" c="dimmed">
                {roleName(c.role)} · {when(c.at)}
              </Text>
              {c.kind !== 'comment' ? (
                <Badge size="xs" variant="light">
                  {t(`review.kindOf.${c.kind}`)}
                </Badge>
              ) : null}
            </Group>
            {c.text ? (
              <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                {c.text}
              </Text>
            ) : null}
          </li>
        ))}
      </Stack>
      {canComment ? (
        <IntentForm intent="comment" key={comments.length}>
          <Group align="flex-end" wrap="nowrap">
            <NoteField
              name="text"
              label={t('review.thread.text')}
              minRows={1}
              style={{ flex: 1 }}
              error={error('text')}
            />
            <Button type="submit" variant="light" loading={busy('comment')}>
              {t('review.thread.send')}
            </Button>
          </Group>
        </IntentForm>
      ) : null}
    </SectionCard>
  )
}
