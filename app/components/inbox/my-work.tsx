import type { CSSProperties } from 'react'
import { Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { Anchor, Group, Stack, Title } from '@mantine/core'
import { useCatalogLabel, usePick } from '#app/components/catalog/badges'
import { DueBadge } from '#app/components/inbox/due-badge'
import { ReviewStatusBadge } from '#app/components/review/status'
import { EmptyState, Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate, formatFiscalYear } from '#models/dates'
import type { listMyWorkOfYear } from '#models/work/review.server'
import type { withEffectiveDueDates } from '#models/work/calendar.server'
import { RenderTurn } from '#app/components/ui/render-turns'
import { PlainBadge, plain, plainStyle } from '#app/components/ui/rows'

type Work = Awaited<
  ReturnType<typeof withEffectiveDueDates<Awaited<ReturnType<typeof listMyWorkOfYear>>['work'][number]>>
>

/** A work item's badges: a Group (gap 4, top margin 4) as Mantine writes it (the card: see `plain`). */
const BADGES = {
  '--group-gap': 'calc(0.25rem * var(--mantine-scale))',
  '--group-align': 'center',
  '--group-justify': 'flex-start',
  '--group-wrap': 'wrap',
  marginTop: 'calc(0.25rem * var(--mantine-scale))',
} as CSSProperties

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
                <li className={plain.card} data-with-border data-testid="work-item">
                  <div style={plainStyle.spread} className={plain.group}>
                    <div>
                      <p style={plainStyle.bold} className={plain.text}>
                        <Link
                          to={`/items/${w.catalogId}/${encodeURIComponent(w.itemCode)}`}
                          className={plain.anchor}
                          data-inherit
                          data-underline="always"
                        >
                          {w.itemCode} {pick(w.titleTh, w.titleEn)}
                        </Link>
                      </p>
                      <p style={plainStyle.smDimmed} className={plain.text} data-size="sm">
                        {[
                          catalogLabel({ nameTh: w.catalogNameTh, nameEn: w.catalogNameEn, fiscalYear: w.fiscalYear }),
                          w.group,
                          t('work.elements', { count: w.elementCount }),
                        ].join(' · ')}
                      </p>
                      <p style={plainStyle.sm} className={plain.text} data-size="sm">
                        {t('work.units')}: {w.unitNames.map((u) => pick(u.th, u.en)).join(', ')}
                        {w.unitCount > w.unitNames.length
                          ? ` ${t('work.moreUnits', { count: w.unitCount - w.unitNames.length })}`
                          : ''}
                      </p>
                      <div style={BADGES} className={plain.group}>
                        <ReviewStatusBadge size="sm" status={w.reviewStatus} data-testid="review-status" />
                        {w.provisional ? (
                          <PlainBadge color="orange" size="sm">
                            {t('catalogs.provisional')}
                          </PlainBadge>
                        ) : null}
                        {w.status === 'carried' && w.reviewStatus !== 'carried' ? (
                          <PlainBadge color="orange" variant="light" size="sm">
                            {t('assign.carried')}
                          </PlainBadge>
                        ) : null}
                      </div>
                    </div>
                    <div style={plainStyle.endStack} className={plain.stack}>
                      <p style={plainStyle.xsDimmed} className={plain.text} data-size="xs">
                        {t('work.due')}
                      </p>
                      <p
                        style={w.overdue ? plainStyle.boldRed : plainStyle.bold}
                        className={plain.text}
                        data-testid="due"
                      >
                        {w.dueDate ? formatDate(w.dueDate, locale, { style: 'long' }) : t('work.noDue')}
                      </p>
                      <DueBadge daysLeft={w.daysLeft} overdue={w.overdue} overdueLabel="work.overdue" />
                    </div>
                  </div>
                </li>
              </RenderTurn>
            ))}
          </Stack>
        </Stack>
      ))}
    </Page>
  )
}
