import { Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core'
import type { MessageKey } from '#app/i18n'
import { usePick } from '#app/components/catalog/badges'
import { DueBadge } from '#app/components/inbox/due-badge'
import { ReviewStatusBadge } from '#app/components/review/status'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate, formatFiscalYear } from '#models/dates'
import type { getInbox, InboxEntry } from '#models/work/reminder.server'
import { RenderTurn } from '#app/components/ui/render-turns'
import { plain, plainStyle } from '#app/components/ui/rows'

/** What the inbox's loader gives: the person's inbox, each section the year in progress first. */
export interface InboxData {
  inbox: Awaited<ReturnType<typeof getInbox>>
}
type Entry = SerializeFrom<InboxEntry>

const itemHref = (i: Entry) => `/items/${i.catalogId}/${encodeURIComponent(i.itemCode)}`
const clarificationHref = (i: Entry) => `/clarifications/${i.catalogId}/${encodeURIComponent(i.itemCode)}`

interface SectionProps {
  title: MessageKey
  help: MessageKey
  items: Entry[]
  testId: string
  href?: (i: Entry) => string
}

function Section({ title, help, items, testId, href = itemHref }: SectionProps) {
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  if (items.length === 0) return null
  return (
    <Card withBorder component="section" aria-labelledby={`${testId}-title`} data-testid={testId}>
      <Group gap="xs">
        <Title order={3} id={`${testId}-title`}>
          {t(title)}
        </Title>
        <Badge variant="light">{items.length}</Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="xs">
        {t(help)}
      </Text>
      <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
        {items.map((i) => (
          <RenderTurn key={`${i.catalogId}|${i.itemCode}`}>
            <li data-testid="inbox-item">
              <div style={plainStyle.spread} className={plain.group}>
                <div>
                  <Link to={href(i)} style={plainStyle.bold} className={plain.anchor} data-underline="always">
                    {i.itemCode} {pick(i.titleTh, i.titleEn)}
                  </Link>
                  <p style={plainStyle.smDimmed} className={plain.text} data-size="sm">
                    {pick(i.catalogNameTh, i.catalogNameEn)} · {formatFiscalYear(i.fiscalYear, locale)}
                    {i.submittedAt
                      ? ` · ${t('inbox.submittedAt', { at: formatDate(i.submittedAt, locale, { style: 'datetime' }) })}`
                      : ''}
                  </p>
                </div>
                <div style={plainStyle.endStack} className={plain.stack}>
                  {i.status ? <ReviewStatusBadge status={i.status} size="sm" /> : null}
                  {i.dueDate ? (
                    <p style={i.overdue ? plainStyle.smRed : plainStyle.sm} className={plain.text} data-size="sm">
                      {t('work.due')} {formatDate(i.dueDate, locale, { style: 'long' })}
                    </p>
                  ) : null}
                  <DueBadge daysLeft={i.daysLeft} overdue={i.overdue} />
                </div>
              </div>
            </li>
          </RenderTurn>
        ))}
      </Stack>
    </Card>
  )
}

/** What needs my action: every member has an inbox; what it holds depends on the role. */
export function InboxPage({ inbox }: SerializeFrom<InboxData>) {
  const t = useT()
  return (
    <Page title={t('inbox.title')} width={900}>
      {inbox.count === 0 ? (
        <Text c="dimmed" data-testid="inbox-empty">
          {t('inbox.empty')}
        </Text>
      ) : null}
      <Section title="inbox.returned" help="inbox.returnedHelp" items={inbox.returned} testId="inbox-returned" />
      <Section title="inbox.toReview" help="inbox.toReviewHelp" items={inbox.toReview} testId="inbox-review" />
      <Section title="inbox.due" help="inbox.dueHelp" items={inbox.due} testId="inbox-due" />
      <Section title="inbox.carried" help="inbox.carriedHelp" items={inbox.carried} testId="inbox-carried" />
      <Section
        title="inbox.clarify"
        help="inbox.clarifyHelp"
        items={inbox.clarify}
        testId="inbox-clarify"
        href={clarificationHref}
      />
    </Page>
  )
}
