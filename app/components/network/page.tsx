/** The network page: the distribution of projected ratings, the table of agencies, failing criteria, who is late. */
import { BarChart } from '@mantine/charts'
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Table, Text, Title } from '@mantine/core'
import { Link } from '@remix-run/react'
import { FormError } from '#app/components/messages'
import { NetworkFilters } from '#app/components/network/filters'
import { BandBadge, NetworkTable, pct1 } from '#app/components/network/table'
import type { NetworkPageData, NetworkViewData } from '#app/components/network/types'
import { DataTable } from '#app/components/ui/data-table'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'

const SCENARIOS = ['approvedOnly', 'ifSubmittedApproved', 'ifOverdueDelivered'] as const
const COLORS = ['teal.7', 'green.7', 'lime.8', 'orange.7', 'red.8', 'gray.6']

function Distribution({ view }: { view: NetworkViewData }) {
  const t = useT()
  const locale = useLocale()
  const { bands, counts, unscored } = view.distribution
  const data = SCENARIOS.map((s) => ({
    scenario: t(`net.scenario.${s}`),
    ...Object.fromEntries(bands.map((b) => [b.code, counts[s][b.code] ?? 0])),
  }))
  return (
    <Card withBorder data-testid="network-distribution">
      <Title order={4} mb="sm">
        {t('net.distribution')}
      </Title>
      <BarChart
        h={240}
        data={data}
        dataKey="scenario"
        type="stacked"
        withLegend
        series={bands.map((b, i) => ({
          name: b.code,
          label: locale === 'en' ? b.en : b.th,
          color: COLORS[i] ?? 'gray.6',
        }))}
      />
      <DataTable
        mt="sm"
        data-testid="distribution-counts"
        columns={[t('net.band'), ...SCENARIOS.map((s) => t(`net.scenario.${s}`))]}
        columnAlign={[undefined, 'right', 'right', 'right']}
      >
        {bands.map((b) => (
          <Table.Tr key={b.code} data-band={b.code}>
            <Table.Td>{locale === 'en' ? b.en : b.th}</Table.Td>
            {SCENARIOS.map((s) => (
              <Table.Td key={s} ta="right" data-scenario={s}>
                {counts[s][b.code] ?? 0}
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </DataTable>
      {unscored ? (
        <Text size="sm" c="dimmed" mt="xs">
          {t('net.distribution.unscored', { count: unscored })}
        </Text>
      ) : null}
    </Card>
  )
}

function Failing({ view }: { view: NetworkViewData }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Card withBorder data-testid="network-failing">
      <Title order={4}>{t('net.failing')}</Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('net.failing.hint')}
      </Text>
      <DataTable
        columns={[t('net.failing.col.criterion'), t('net.failing.col.share')]}
        columnAlign={[undefined, 'right']}
        empty={view.failing.length === 0 ? '—' : undefined}
      >
        {view.failing.slice(0, 15).map((f) => (
          <Table.Tr key={f.code}>
            <Table.Td>
              {f.code} {locale === 'en' ? f.title.en : f.title.th}
            </Table.Td>
            <Table.Td ta="right">
              {pct1(f.pct)} ({f.notApproved}/{f.of})
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Card>
  )
}

function Attention({ view }: { view: NetworkViewData }) {
  const t = useT()
  const locale = useLocale()
  const days = 30
  return (
    <Card withBorder data-testid="network-attention">
      <Title order={4} mb="xs">
        {t('net.attention', { days })}
      </Title>
      {view.attention.length === 0 ? (
        <Text c="dimmed">{t('net.attention.none', { days })}</Text>
      ) : (
        <DataTable columns={[t('net.col.name'), t('net.col.activity'), t('net.col.rating')]}>
          {view.attention.map((r) => (
            <Table.Tr key={r.id}>
              <Table.Td>
                <Anchor component={Link} to={`/network/${r.id}?year=${view.fiscalYear}`}>
                  {locale === 'en' ? r.name.en : r.name.th}
                </Anchor>{' '}
                {r.notStarted ? <Badge color="gray">{t('net.notStarted')}</Badge> : null}{' '}
                {r.inactive ? <Badge color="orange">{t('net.inactive')}</Badge> : null}
              </Table.Td>
              <Table.Td>{r.lastActivity ? formatDate(r.lastActivity, locale) : t('net.never')}</Table.Td>
              <Table.Td>
                <BandBadge band={r.band} />
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      )}
    </Card>
  )
}

export function NetworkPage({ view, search, formError }: NetworkPageData) {
  const t = useT()
  const locale = useLocale()
  const exportQuery = search || ''
  return (
    <Page
      title={t('net.title')}
      width={1400}
      description={
        view
          ? t('net.description', {
              count: view.descendants,
              name: locale === 'en' ? view.root.name.en : view.root.name.th,
            })
          : undefined
      }
      actions={
        view ? (
          <Group>
            <Button component="a" href={`/network.xlsx${exportQuery}`} variant="light" data-testid="network-excel">
              {t('net.excel')}
            </Button>
            <Button component="a" href={`/network.pdf${exportQuery}`} variant="light" data-testid="network-pdf">
              {t('net.pdf')}
            </Button>
          </Group>
        ) : null
      }
    >
      <FormError message={formError} />
      {view ? (
        <>
          <NetworkFilters view={view} />
          <Distribution view={view} />
          <Card withBorder>
            <Title order={4} mb="xs">
              {t('net.table', { count: view.rows.length })}
            </Title>
            {view.rows.length ? <NetworkTable view={view} search={search} /> : <Text c="dimmed">{t('net.none')}</Text>}
          </Card>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            <Failing view={view} />
            <Attention view={view} />
          </SimpleGrid>
        </>
      ) : null}
    </Page>
  )
}
