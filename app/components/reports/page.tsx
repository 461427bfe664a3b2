/** The year's published agreements, plans and measures, with their PDF and Excel reports per round. */
import { Link } from '@remix-run/react'
import { Anchor, Group, Table, Text } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { DataTable } from '#app/components/ui/data-table'
import { FiscalYearPicker } from '#app/components/ui/fiscal-year-picker'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import type { REPORT_KINDS } from '#evidence/documents/sections.server'
import { REPORTING_ROUNDS } from '#models/catalog/schema'
import { formatFiscalYear } from '#models/dates'

export interface ReportsPageData {
  years: number[]
  fiscalYear: number | null
  catalogs: { id: string; kind: (typeof REPORT_KINDS)[number]; nameTh: string; nameEn: string; fiscalYear: number }[]
}

export function ReportsPage({ years, fiscalYear, catalogs }: ReportsPageData) {
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  return (
    <Page title={t('kpis.reports.title')} description={t('kpis.reports.intro')} width={1000}>
      <FiscalYearPicker years={years} value={fiscalYear} />
      <DataTable
        empty={catalogs.length === 0 && t('kpis.reports.empty')}
        columns={[t('kpis.reports.catalog'), ...REPORTING_ROUNDS.map((r) => t('kpis.roundN', { round: r }))]}
      >
        {catalogs.map((c) => (
          <Table.Tr key={c.id} data-testid="report-row">
            <Table.Td>
              <Text>{pick(c.nameTh, c.nameEn)}</Text>
              <Text size="sm" c="dimmed">
                {t(`kpis.reports.kind.${c.kind}`)} · {formatFiscalYear(c.fiscalYear, locale)}
              </Text>
            </Table.Td>
            {REPORTING_ROUNDS.map((r) => (
              <Table.Td key={r}>
                <Group gap="xs">
                  <Anchor component={Link} reloadDocument to={`/reports/${c.id}.pdf?round=${r}`}>
                    PDF
                  </Anchor>
                  <Anchor component={Link} reloadDocument to={`/reports/${c.id}.xlsx?round=${r}`}>
                    {t('kpis.xlsx')}
                  </Anchor>
                </Group>
              </Table.Td>
            ))}
          </Table.Tr>
        ))}
      </DataTable>
    </Page>
  )
}
