import type { CSSProperties } from 'react'
import { Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { Anchor, Card, Group, Paper, Stack, Text, Title } from '@mantine/core'
import { useCatalogLabel, usePick } from '#app/components/catalog/badges'
import { DueBadge } from '#app/components/inbox/due-badge'
import { ReviewStatusBadge } from '#app/components/review/status'
import { EmptyState, Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate, formatFiscalYear } from '#models/dates'
import type { listMyWorkOfYear } from '#models/work/review.server'
import type { withEffectiveDueDates } from '#models/work/calendar.server'
import { RenderTurn } from '#app/components/ui/render-turns'
import { PlainBadge } from '#app/components/ui/rows'

type Work = Awaited<
  ReturnType<typeof withEffectiveDueDates<Awaited<ReturnType<typeof listMyWorkOfYear>>['work'][number]>>
>

/*
 * A work item's card as Mantine writes its Card, Group, Stack, Text and Anchor, without their components: the page
 * repeats it for each assigned item, and the components (Box and its style props under each) were most of its render.
 */
const TEXT = `mantine-focus-auto ${Text.classes.root} mantine-Text-root`
const ANCHOR = `mantine-focus-auto ${Anchor.classes.root} ${Text.classes.root} mantine-Text-root mantine-Anchor-root`
const CARD = `${Card.classes.root} mantine-Card-root ${Paper.classes.root} mantine-Paper-root`
const GROUP = `${Group.classes.root} mantine-Group-root`
const STACK = `${Stack.classes.root} mantine-Stack-root`
const BOLD: CSSProperties = { fontWeight: 600 }
const BOLD_RED: CSSProperties = { color: 'var(--mantine-color-red-text)', fontWeight: 600 }
const SM = { '--text-fz': 'var(--mantine-font-size-sm)', '--text-lh': 'var(--mantine-line-height-sm)' } as CSSProperties
const SM_DIMMED: CSSProperties = { ...SM, color: 'var(--mantine-color-dimmed)' }
const XS_DIMMED = {
  '--text-fz': 'var(--mantine-font-size-xs)',
  '--text-lh': 'var(--mantine-line-height-xs)',
  color: 'var(--mantine-color-dimmed)',
} as CSSProperties
const ROW = {
  '--group-gap': 'var(--mantine-spacing-md)',
  '--group-align': 'flex-start',
  '--group-justify': 'space-between',
  '--group-wrap': 'nowrap',
} as CSSProperties
const BADGES = {
  '--group-gap': 'calc(0.25rem * var(--mantine-scale))',
  '--group-align': 'center',
  '--group-justify': 'flex-start',
  '--group-wrap': 'wrap',
  marginTop: 'calc(0.25rem * var(--mantine-scale))',
} as CSSProperties
const DUE = {
  '--stack-gap': 'calc(0.125rem * var(--mantine-scale))',
  '--stack-align': 'flex-end',
  '--stack-justify': 'flex-start',
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
                <li className={CARD} data-with-border data-testid="work-item">
                  <div style={ROW} className={GROUP}>
                    <div>
                      <p style={BOLD} className={TEXT}>
                        <Link
                          to={`/items/${w.catalogId}/${encodeURIComponent(w.itemCode)}`}
                          className={ANCHOR}
                          data-inherit
                          data-underline="always"
                        >
                          {w.itemCode} {pick(w.titleTh, w.titleEn)}
                        </Link>
                      </p>
                      <p style={SM_DIMMED} className={TEXT} data-size="sm">
                        {[
                          catalogLabel({ nameTh: w.catalogNameTh, nameEn: w.catalogNameEn, fiscalYear: w.fiscalYear }),
                          w.group,
                          t('work.elements', { count: w.elementCount }),
                        ].join(' · ')}
                      </p>
                      <p style={SM} className={TEXT} data-size="sm">
                        {t('work.units')}: {w.unitNames.map((u) => pick(u.th, u.en)).join(', ')}
                        {w.unitCount > w.unitNames.length
                          ? ` ${t('work.moreUnits', { count: w.unitCount - w.unitNames.length })}`
                          : ''}
                      </p>
                      <div style={BADGES} className={GROUP}>
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
                    <div style={DUE} className={STACK}>
                      <p style={XS_DIMMED} className={TEXT} data-size="xs">
                        {t('work.due')}
                      </p>
                      <p style={w.overdue ? BOLD_RED : BOLD} className={TEXT} data-testid="due">
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
