import { Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { Anchor, Badge, Card, Group, Stack, Text, Title } from '@mantine/core'
import { useCatalogLabel, usePick } from '#app/components/catalog/badges'
import { DueBadge } from '#app/components/inbox/due-badge'
import { ReviewStatusBadge } from '#app/components/review/status'
import { EmptyState, Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate, formatFiscalYear } from '#models/dates'
import type { listMyWorkOfYear } from '#models/work/review.server'
import type { withEffectiveDueDates } from '#models/work/calendar.server'
import { RenderTurn } from '#app/components/ui/render-turns'

type Work = Awaited<
  ReturnType<typeof withEffectiveDueDates<Awaited<ReturnType<typeof listMyWorkOfYear>>['work'][number]>>
>

/**
 * What the my-work loader gives: every fiscal year with work (the year in progress first) and how many items, and the
 * shown year's assignments.
 */
export interface MyWorkData {
  years: { fiscalYear: number; count: number }[]
  groups: { fiscalYear: number; work: Work }[]
}

/** A coordinator's assigned items of one fiscal year, soonest due first, and a link to each other year with work. */
export function MyWorkPage({ years, groups }: SerializeFrom<MyWorkData>) {
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  const catalogLabel = useCatalogLabel()
  return (
    <Page title={t('work.title')} width={900}>
      {groups.length === 0 ? <EmptyState>{t('work.empty')}</EmptyState> : null}
      {years.length > 1 ? (
        <Group component="nav" gap="md" aria-label={t('work.years')}>
          {years.map((y) => {
            const shown = groups[0]?.fiscalYear === y.fiscalYear
            return (
              <Anchor
                key={y.fiscalYear}
                component={Link}
                to={`?year=${y.fiscalYear}`}
                fw={shown ? 700 : 400}
                aria-current={shown ? 'page' : undefined}
                data-testid="work-year-link"
              >
                {formatFiscalYear(y.fiscalYear, locale)} ({y.count})
              </Anchor>
            )
          })}
        </Group>
      ) : null}
      {groups.map(({ fiscalYear, work }) => (
        <Stack
          key={fiscalYear}
          gap="sm"
          component="section"
          aria-label={formatFiscalYear(fiscalYear, locale)}
          data-testid="work-year"
        >
          {years.length > 1 ? <Title order={3}>{formatFiscalYear(fiscalYear, locale)}</Title> : null}
          <Stack
            component="ol"
            gap="sm"
            p={0}
            m={0}
            style={{ listStyle: 'none' }}
            aria-label={`${t('work.title')} · ${formatFiscalYear(fiscalYear, locale)}`}
          >
            {work.map((w) => (
              <RenderTurn key={w.assignmentId}>
                <Card component="li" withBorder data-testid="work-item">
                  <Group justify="space-between" wrap="nowrap" align="flex-start">
                    <div>
                      <Text fw={600}>
                        <Anchor component={Link} to={`/items/${w.catalogId}/${encodeURIComponent(w.itemCode)}`} inherit>
                          {w.itemCode} {pick(w.titleTh, w.titleEn)}
                        </Anchor>
                      </Text>
                      <Text size="sm" c="dimmed">
                        {[
                          catalogLabel({ nameTh: w.catalogNameTh, nameEn: w.catalogNameEn, fiscalYear: w.fiscalYear }),
                          w.group,
                          t('work.elements', { count: w.elementCount }),
                        ].join(' · ')}
                      </Text>
                      <Text size="sm">
                        {t('work.units')}: {w.unitNames.map((u) => pick(u.th, u.en)).join(', ')}
                        {w.unitCount > w.unitNames.length
                          ? ` ${t('work.moreUnits', { count: w.unitCount - w.unitNames.length })}`
                          : ''}
                      </Text>
                      <Group gap={4} mt={4}>
                        <ReviewStatusBadge size="sm" status={w.reviewStatus} data-testid="review-status" />
                        {w.provisional ? (
                          <Badge color="orange" size="sm">
                            {t('catalogs.provisional')}
                          </Badge>
                        ) : null}
                        {w.status === 'carried' && w.reviewStatus !== 'carried' ? (
                          <Badge color="orange" variant="light" size="sm">
                            {t('assign.carried')}
                          </Badge>
                        ) : null}
                      </Group>
                    </div>
                    <Stack gap={2} align="flex-end">
                      <Text size="xs" c="dimmed">
                        {t('work.due')}
                      </Text>
                      <Text fw={600} c={w.overdue ? 'red' : undefined} data-testid="due">
                        {w.dueDate ? formatDate(w.dueDate, locale, { style: 'long' }) : t('work.noDue')}
                      </Text>
                      <DueBadge daysLeft={w.daysLeft} overdue={w.overdue} overdueLabel="work.overdue" />
                    </Stack>
                  </Group>
                </Card>
              </RenderTurn>
            ))}
          </Stack>
        </Stack>
      ))}
    </Page>
  )
}
