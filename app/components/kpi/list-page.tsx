/** The KPIs of the year's performance agreements, with each round's certification and score. */
import { Link } from '@remix-run/react'
import { Anchor, Badge, Group, Stack, Table, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { FiscalYearPicker } from '#app/components/ui/fiscal-year-picker'
import { CERTIFICATION_COLOR } from '#app/components/ui/status-colors'
import { DataTable } from '#app/components/ui/data-table'
import { Page } from '#app/components/ui/page'
import { useT } from '#app/utils/i18n'
import { REPORTING_ROUNDS } from '#models/catalog/schema'
import type { KpiCertification } from '#models/reporting/kpi-report.server'

/** A KPI's cell for one round: not a round it reports in, or its certification and score (4 decimals). */
export type KpiRoundCell =
  | { round: number; due: false; status: null; score: null }
  | { round: number; due: true; status: KpiCertification | null; score: string | null }

export interface KpiListData {
  years: number[]
  fiscalYear: number | null
  catalogs: {
    id: string
    nameTh: string
    nameEn: string
    kpis: { code: string; nameTh: string; nameEn: string; weight: number; rounds: KpiRoundCell[] }[]
  }[]
}

export function KpiListPage({ years, fiscalYear, catalogs }: KpiListData) {
  const t = useT()
  const pick = usePick()
  return (
    <Page title={t('kpis.title')}>
      <FiscalYearPicker years={years} value={fiscalYear} />
      {catalogs.length === 0 ? <Text c="dimmed">{t('kpis.empty')}</Text> : null}
      {catalogs.map((c) => (
        <Stack key={c.id} gap="xs">
          <Group justify="space-between">
            <Title order={3}>{pick(c.nameTh, c.nameEn)}</Title>
            <Group gap="xs">
              {REPORTING_ROUNDS.map((r) => (
                <Anchor key={r} reloadDocument component={Link} to={`/reports/${c.id}.pdf?round=${r}`} size="sm">
                  {t('kpis.pdf')} · {t('kpis.roundN', { round: r })}
                </Anchor>
              ))}
            </Group>
          </Group>
          <DataTable
            columns={[t('kpis.kpi'), t('kpis.weight'), ...REPORTING_ROUNDS.map((r) => t('kpis.roundN', { round: r }))]}
          >
            {c.kpis.map((k) => (
              <Table.Tr key={k.code} data-testid="kpi-row">
                <Table.Td>
                  <Anchor component={Link} to={`/kpis/${c.id}/${encodeURIComponent(k.code)}`}>
                    {k.code} {pick(k.nameTh, k.nameEn)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{k.weight}</Table.Td>
                {k.rounds.map((r) => (
                  <Table.Td key={r.round}>
                    {!r.due ? (
                      t('kpis.notRound')
                    ) : (
                      <Anchor
                        component={Link}
                        to={`/kpis/${c.id}/${encodeURIComponent(k.code)}?round=${r.round}`}
                        size="sm"
                      >
                        {r.status ? (
                          <Badge color={CERTIFICATION_COLOR[r.status]} variant="light">
                            {t(`kpis.cert.${r.status}`)}
                          </Badge>
                        ) : (
                          <Text span c="dimmed" size="sm">
                            {t('kpis.notReported')}
                          </Text>
                        )}
                        {r.score ? (
                          <Text span size="sm">
                            {' '}
                            {t('kpis.scoreShort', { score: r.score })}
                          </Text>
                        ) : null}
                      </Anchor>
                    )}
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </DataTable>
        </Stack>
      ))}
    </Page>
  )
}
