/** The dashboard's year-on-year trend and the ranked blockers (what to finish first for the most points). */
import { Link } from '@remix-run/react'
import { Anchor, Badge, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { TrendBars } from '#app/components/dashboard/charts'
import { useBeDate, useDigits, useNumber, usePickText } from '#app/components/dashboard/format'
import type { DashboardData, DashboardYear } from '#app/components/dashboard/types'
import { ReviewStatusBadge } from '#app/components/review/status'
import { DataTable } from '#app/components/ui/data-table'
import { useLocale, useT } from '#app/utils/i18n'
import { formatFiscalYear } from '#models/dates'

/** How many ranked criteria the blockers table lists before "and N more". */
const BLOCKERS_SHOWN = 15

export function Trend({ data, current }: { data: DashboardData; current: DashboardYear }) {
  const t = useT()
  const locale = useLocale()
  const num = useNumber()
  const pick = usePickText()
  const year = current.catalog.fiscalYear
  if (!data.previous)
    return (
      <Card withBorder data-testid="trend">
        <Title order={4} mb="xs">
          {t('dash.trend.title')}
        </Title>
        <Text c="dimmed">{t('dash.trend.none', { year: formatFiscalYear(year - 1, locale) })}</Text>
      </Card>
    )
  const before = data.previous.projection.approvedOnly
  const now = current.projection.approvedOnly
  const delta = now.total - before.total
  return (
    <Card withBorder data-testid="trend">
      <Title order={4} mb="xs">
        {t('dash.trend.title')}
      </Title>
      <Stack gap="xs">
        <Group>
          <Text>
            {formatFiscalYear(data.previous.catalog.fiscalYear, locale)}: <b>{num(before.total)}</b> (
            {pick(before.band.label)})
          </Text>
          <Text>
            {formatFiscalYear(year, locale)}: <b>{num(now.total)}</b> ({pick(now.band.label)})
          </Text>
          <Badge color={delta >= 0 ? 'teal' : 'red'} variant="light" data-testid="trend-delta">
            {t('dash.trend.delta', { delta: `${delta > 0 ? '+' : ''}${num(delta)}` })}
          </Badge>
        </Group>
        <TrendBars
          previousLabel={String(data.previous.catalog.fiscalYear)}
          currentLabel={String(year)}
          rows={[
            ...now.tools.map((tool) => ({
              name: tool.code,
              current: tool.score,
              previous: before.tools.find((x) => x.code === tool.code)?.score ?? 0,
            })),
            { name: t('dash.total'), current: now.total, previous: before.total },
          ]}
        />
        <Text size="xs" c="dimmed">
          {t('dash.trend.note')}
        </Text>
      </Stack>
    </Card>
  )
}

/** `readOnly`: another organization's dashboard seen from its network, where item pages are not the viewer's. */
export function Blockers({ current, readOnly = false }: { current: DashboardYear; readOnly?: boolean }) {
  const t = useT()
  const pick = usePickText()
  const num = useNumber()
  const date = useBeDate()
  const digits = useDigits()
  const rows = new Map(current.criteria.map((c) => [c.code, c]))
  const ranking = current.projection.ranking
  const shown = ranking.slice(0, BLOCKERS_SHOWN)
  return (
    <Card withBorder>
      <Title order={4} mb="xs">
        {t('dash.blockers.title')}
      </Title>
      {ranking.length === 0 ? (
        <Text c="dimmed">{t('dash.blockers.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <DataTable
            data-testid="blockers"
            columns={(['item', 'gain', 'status', 'owner', 'due'] as const).map((c) => t(`dash.col.${c}`))}
            columnAlign={[undefined, 'right']}
          >
            {shown.map((r) => {
              const row = rows.get(r.code)!
              return (
                <Table.Tr key={r.code} data-testid="blocker-row">
                  <Table.Td>
                    {readOnly ? (
                      `${r.code} ${pick(row.title)}`
                    ) : (
                      <Anchor component={Link} to={`/items/${current.catalog.id}/${encodeURIComponent(r.code)}`}>
                        {r.code} {pick(row.title)}
                      </Anchor>
                    )}
                  </Table.Td>
                  <Table.Td ta="right">+{num(r.gain)}</Table.Td>
                  <Table.Td miw={140}>
                    <ReviewStatusBadge status={row.status} />
                  </Table.Td>
                  <Table.Td>
                    {row.units.length ? (
                      row.units.map((u) => pick(u)).join(', ')
                    ) : (
                      <Text c="dimmed" size="sm">
                        {t('dash.unassigned')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {row.dueDate ? date(row.dueDate) : '—'}
                    {row.overdue ? (
                      <Badge ml="xs" color="red" variant="light">
                        {t('dash.overdue')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </DataTable>
          {ranking.length > shown.length ? (
            <Text size="sm" c="dimmed">
              {t('dash.blockers.more', { count: digits(ranking.length - shown.length) })}
            </Text>
          ) : null}
        </Table.ScrollContainer>
      )}
    </Card>
  )
}
