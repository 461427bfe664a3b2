import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ReviewStatusBadge } from '#app/components/review/status'
import { useLocale, useT } from '#app/utils/i18n'
import { requirePermission } from '#app/utils/session.server'
import { formatDate, formatFiscalYear, yearsForPicker } from '#models/dates'
import { listMyWorkWithReview } from '#models/work/review.server'
import { withEffectiveDueDates } from '#models/work/round.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'work.read')
  // the due-date rule (a unit's round deadline when the assignment has none) and overdue after the due day
  const work = await listMyWorkWithReview(member.organization.id, { unitIds: member.membership.unitIds, userId: member.user.id })
  const dated = await withEffectiveDueDates(member.organization.id, work)
  // grouped by fiscal year, the year in progress first; each group soonest due first
  const years = yearsForPicker(dated.map((w) => w.fiscalYear))
  return json({ groups: years.map((fiscalYear) => ({ fiscalYear, work: dated.filter((w) => w.fiscalYear === fiscalYear) })) })
}

export default function MyWork() {
  const { groups } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('work.title')}</Title>
      {groups.length === 0 ? <Text c="dimmed">{t('work.empty')}</Text> : null}
      {groups.map(({ fiscalYear, work }) => (
        <Stack key={fiscalYear} gap="sm" component="section" aria-label={formatFiscalYear(fiscalYear, locale)} data-testid="work-year">
          {groups.length > 1 ? <Title order={3}>{formatFiscalYear(fiscalYear, locale)}</Title> : null}
          <Stack component="ol" gap="sm" p={0} m={0} style={{ listStyle: 'none' }} aria-label={`${t('work.title')} · ${formatFiscalYear(fiscalYear, locale)}`}>
            {work.map((w) => (
              <Card component="li" withBorder key={w.assignmentId} data-testid="work-item">
                <Group justify="space-between" wrap="nowrap" align="flex-start">
                  <div>
                    <Text fw={600}>
                      <Anchor component={Link} to={`/items/${w.catalogId}/${encodeURIComponent(w.itemCode)}`} inherit>{w.itemCode} {pick(w.titleTh, w.titleEn)}</Anchor>
                    </Text>
                    <Text size="sm" c="dimmed">
                      {pick(w.catalogNameTh, w.catalogNameEn)} · {formatFiscalYear(w.fiscalYear, locale)} · {w.group} · {t('work.elements', { count: w.elementCount })}
                    </Text>
                    <Text size="sm">{t('work.units')}: {w.unitNames.map((u) => pick(u.th, u.en)).join(', ')}</Text>
                    <Group gap={4} mt={4}>
                      <ReviewStatusBadge size="sm" status={w.reviewStatus} data-testid="review-status" />
                      {w.provisional ? <Badge color="orange" size="sm">{t('catalogs.provisional')}</Badge> : null}
                      {w.status === 'carried' && w.reviewStatus !== 'carried' ? <Badge color="orange" variant="light" size="sm">{t('assign.carried')}</Badge> : null}
                    </Group>
                  </div>
                  <Stack gap={2} align="flex-end">
                    <Text size="xs" c="dimmed">{t('work.due')}</Text>
                    <Text fw={600} c={w.overdue ? 'red' : undefined} data-testid="due">{w.dueDate ? formatDate(w.dueDate, locale, { style: 'long' }) : t('work.noDue')}</Text>
                    {w.overdue ? <Badge color="red" size="sm">{t('work.overdue')}</Badge> : null}
                    {!w.overdue && w.daysLeft !== null && w.daysLeft <= 7 ? <Badge color="orange" variant="light" size="sm" data-testid="due-soon">{w.daysLeft === 0 ? t('due.today') : t('due.soon', { days: w.daysLeft })}</Badge> : null}
                  </Stack>
                </Group>
              </Card>
            ))}
          </Stack>
        </Stack>
      ))}
    </Stack>
  )
}
