import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core'
import type { MessageKey } from '#app/i18n'
import { usePick } from '#app/components/catalog/badges'
import { ReviewStatusBadge } from '#app/components/review/status'
import { useLocale, useT } from '#app/utils/i18n'
import { requireMember } from '#app/utils/session.server'
import { byFiscalYear, formatDate, formatFiscalYear } from '#models/dates'
import { getInbox, type InboxEntry } from '#models/work/reminder.server'

/** What needs my action: every member has an inbox; what it holds depends on the role. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request)
  const inbox = await getInbox(member.organization.id, { role: member.membership.role, userId: member.user.id, unitIds: member.membership.unitIds })
  // in each section the year in progress first, then earlier years
  const now = new Date()
  return json({
    inbox: { ...inbox, returned: byFiscalYear(inbox.returned, now), toReview: byFiscalYear(inbox.toReview, now), due: byFiscalYear(inbox.due, now), carried: byFiscalYear(inbox.carried, now), clarify: byFiscalYear(inbox.clarify, now) },
  })
}

const itemHref = (i: InboxEntry) => `/items/${i.catalogId}/${encodeURIComponent(i.itemCode)}`
const clarificationHref = (i: InboxEntry) => `/clarifications/${i.catalogId}/${encodeURIComponent(i.itemCode)}`

/** "Overdue", "due today" or "due in n days" for an item with a due date. */
function DueBadge({ daysLeft, overdue }: { daysLeft: number | null; overdue: boolean }) {
  const t = useT()
  if (overdue) return <Badge color="red" size="sm">{t('due.overdue')}</Badge>
  if (daysLeft === null || daysLeft < 0 || daysLeft > 7) return null
  return <Badge color="orange" variant="light" size="sm">{daysLeft === 0 ? t('due.today') : t('due.soon', { days: daysLeft })}</Badge>
}

function Section({ title, help, items, testId, href = itemHref }: { title: MessageKey; help: MessageKey; items: InboxEntry[]; testId: string; href?: (i: InboxEntry) => string }) {
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  if (items.length === 0) return null
  return (
    <Card withBorder component="section" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <Group gap="xs">
        <Title order={3} id={`${testId}-title`}>{t(title)}</Title>
        <Badge variant="light">{items.length}</Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">{t(help)}</Text>
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
        {items.map((i) => (
          <li key={`${i.catalogId}|${i.itemCode}`} data-testid="inbox-item">
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <div>
                <Anchor component={Link} to={href(i)} fw={600}>
                  {i.itemCode} {pick(i.titleTh, i.titleEn)}
                </Anchor>
                <Text size="sm" c="dimmed">
                  {pick(i.catalogNameTh, i.catalogNameEn)} · {formatFiscalYear(i.fiscalYear, locale)}
                  {i.submittedAt ? ` · ${t('inbox.submittedAt', { at: formatDate(i.submittedAt, locale, { style: 'datetime' }) })}` : ''}
                </Text>
              </div>
              <Stack gap={2} align="flex-end">
                {i.status ? <ReviewStatusBadge status={i.status} size="sm" /> : null}
                {i.dueDate ? <Text size="sm" c={i.overdue ? 'red' : undefined}>{t('work.due')} {formatDate(i.dueDate, locale, { style: 'long' })}</Text> : null}
                <DueBadge daysLeft={i.daysLeft} overdue={i.overdue} />
              </Stack>
            </Group>
          </li>
        ))}
      </Stack>
    </Card>
  )
}

export default function InboxPage() {
  const { inbox } = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('inbox.title')}</Title>
      {inbox.count === 0 ? <Text c="dimmed" data-testid="inbox-empty">{t('inbox.empty')}</Text> : null}
      <Section title="inbox.returned" help="inbox.returnedHelp" items={inbox.returned} testId="inbox-returned" />
      <Section title="inbox.toReview" help="inbox.toReviewHelp" items={inbox.toReview} testId="inbox-review" />
      <Section title="inbox.due" help="inbox.dueHelp" items={inbox.due} testId="inbox-due" />
      <Section title="inbox.carried" help="inbox.carriedHelp" items={inbox.carried} testId="inbox-carried" />
      <Section title="inbox.clarify" help="inbox.clarifyHelp" items={inbox.clarify} testId="inbox-clarify" href={clarificationHref} />
    </Stack>
  )
}
