/** The network's table: a row per agency, sortable by its column headers (plain links), each opening its dashboard. */
import { Anchor, Badge, Table, Text } from '@mantine/core'
import { Link } from '@remix-run/react'
import type { NetworkRowData, NetworkViewData } from '#app/components/network/types'
import type { MessageKey } from '#app/i18n'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'

export const fixed2 = (x: number | null) => (x === null ? '—' : x.toFixed(2))
export const pct1 = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)}%`)
const signed = (x: number | null) => (x === null ? '—' : `${x > 0 ? '+' : ''}${x.toFixed(2)}`)

const BAND_COLOR: Record<string, string> = {
  excellent: 'teal',
  good: 'green',
  pass: 'lime',
  improve: 'orange',
  urgent: 'red',
}

/** The address of the page with some of the query changed (sorting keeps the filters). */
export function withQuery(search: string, changes: Record<string, string>): string {
  const params = new URLSearchParams(search)
  for (const [k, v] of Object.entries(changes)) params.set(k, v)
  return `/network?${params.toString()}`
}

const COLUMNS: { key: string; label: MessageKey; sort?: string; numeric?: boolean }[] = [
  { key: 'name', label: 'net.col.name', sort: 'name' },
  { key: 'type', label: 'net.col.type' },
  { key: 'total', label: 'net.col.total', sort: 'total', numeric: true },
  { key: 'rating', label: 'net.col.rating', sort: 'rating' },
  { key: 'tools', label: 'net.col.tools' },
  { key: 'approved', label: 'net.col.approved', sort: 'approved', numeric: true },
  { key: 'evidence', label: 'net.col.evidence', sort: 'evidence', numeric: true },
  { key: 'overdue', label: 'net.col.overdue', sort: 'overdue', numeric: true },
  { key: 'activity', label: 'net.col.activity', sort: 'activity' },
  { key: 'trend', label: 'net.col.trend', sort: 'trend', numeric: true },
]

export function BandBadge({ band }: { band: NetworkRowData['band'] }) {
  const t = useT()
  const locale = useLocale()
  if (!band) return <Text c="dimmed">{t('net.noScore')}</Text>
  return (
    <Badge color={BAND_COLOR[band.code] ?? 'gray'} variant="light" data-band={band.code}>
      {locale === 'en' ? band.en : band.th}
    </Badge>
  )
}

export function NetworkTable({ view, search }: { view: NetworkViewData; search: string }) {
  const t = useT()
  const locale = useLocale()
  const q = view.query
  return (
    <Table.ScrollContainer minWidth={1100}>
      <Table striped data-testid="network-table">
        <Table.Thead>
          <Table.Tr>
            {COLUMNS.map((c) => {
              const active = c.sort === q.sort
              const dir = active && q.dir === 'asc' ? 'desc' : c.numeric && !active ? 'desc' : 'asc'
              return (
                <Table.Th
                  key={c.key}
                  ta={c.numeric ? 'right' : undefined}
                  aria-sort={active ? (q.dir === 'asc' ? 'ascending' : 'descending') : undefined}
                >
                  {c.sort ? (
                    <Anchor
                      component={Link}
                      to={withQuery(search, { sort: c.sort, dir })}
                      aria-label={t('net.sortBy', { column: t(c.label) })}
                      data-sort={c.sort}
                    >
                      {t(c.label)} {active ? (q.dir === 'asc' ? '▲' : '▼') : ''}
                    </Anchor>
                  ) : (
                    t(c.label)
                  )}
                </Table.Th>
              )
            })}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {view.rows.map((r) => (
            <Table.Tr key={r.id} data-testid="network-row" data-code={r.code}>
              <Table.Td>
                <Anchor component={Link} to={`/network/${r.id}?year=${view.fiscalYear}`}>
                  {locale === 'en' ? r.name.en : r.name.th}
                </Anchor>
              </Table.Td>
              <Table.Td>{t(`org.type.${r.agencyType}`)}</Table.Td>
              <Table.Td ta="right" data-testid="row-total">
                {fixed2(r.total)}
              </Table.Td>
              <Table.Td>
                <BandBadge band={r.band} />
              </Table.Td>
              <Table.Td>
                <Text size="sm">
                  {r.figures.tools.map((x) => `${x.code} ${x.score.toFixed(2)}`).join(' · ') || '—'}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{pct1(r.figures.approvedPct)}</Table.Td>
              <Table.Td ta="right">{pct1(r.figures.evidencePct)}</Table.Td>
              <Table.Td ta="right" c={r.figures.overdue ? 'red.8' : undefined}>
                {r.figures.overdue}
              </Table.Td>
              <Table.Td>{r.lastActivity ? formatDate(r.lastActivity, locale) : t('net.never')}</Table.Td>
              <Table.Td ta="right">{signed(r.trend)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
