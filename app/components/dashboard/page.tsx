/** The executive dashboard: the ITA projection of one fiscal year, then the KPI agreements' tables. */
import { Link } from '@remix-run/react'
import { Alert, Anchor, Card, Group, Stack, Switch, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { ThaiDigitsContext } from '#app/components/dashboard/format'
import { ItaSections } from '#app/components/dashboard/ita'
import type { DashboardData } from '#app/components/dashboard/types'
import { KpiTableCard } from '#app/components/dashboard/kpi'
import { FiscalYearPicker } from '#app/components/ui/fiscal-year-picker'
import { useLocale, useT } from '#app/utils/i18n'
import { formatFiscalYear } from '#models/dates'
import { RenderTurn } from '#app/components/ui/render-turns'

export function DashboardPage({ data }: { data: DashboardData }) {
  const t = useT()
  const locale = useLocale()
  const [thaiDigits, setThaiDigits] = useState(false)
  const years = data.years.includes(data.fiscalYear) ? data.years : [data.fiscalYear, ...data.years]
  return (
    <ThaiDigitsContext.Provider value={thaiDigits}>
      <Stack maw={1200} mx="auto" gap="lg">
        <Group justify="space-between" align="flex-end">
          <Title order={2}>{t('dash.title')}</Title>
          <Group align="flex-end">
            <FiscalYearPicker name="year" years={years} value={data.fiscalYear} always />
            {locale === 'th' ? (
              <Switch
                label={t('dash.thaiDigits')}
                checked={thaiDigits}
                onChange={(e) => setThaiDigits(e.currentTarget.checked)}
              />
            ) : null}
          </Group>
        </Group>
        {data.current ? (
          <ItaSections data={data} current={data.current} />
        ) : data.invalid ? (
          <Alert color="red" variant="light" title={t('dash.invalid')} data-testid="dash-invalid">
            {data.invalid.map((i, k) => (
              <Text key={k} size="sm">
                {locale === 'en' ? i.en : i.th}
              </Text>
            ))}
          </Alert>
        ) : (
          <Alert color="gray" variant="light" data-testid="dash-empty">
            <Text>{t('dash.noCatalog', { year: formatFiscalYear(data.fiscalYear, locale) })}</Text>
            {data.canManageCatalogs ? (
              <Anchor component={Link} to="/catalogs" size="sm">
                {t('dash.noCatalog.admin')}
              </Anchor>
            ) : null}
          </Alert>
        )}
        {data.kpis.length > 0 ? (
          data.kpis.map((table) => (
            <RenderTurn key={table.catalog.id}>
              <KpiTableCard table={table} />
            </RenderTurn>
          ))
        ) : (
          <Card withBorder>
            <Title order={4}>{t('dash.kpi.title')}</Title>
            <Text c="dimmed">{t('dash.kpi.none')}</Text>
          </Card>
        )}
      </Stack>
    </ThaiDigitsContext.Provider>
  )
}
