import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { useLocale, useT } from '#app/utils/i18n'
import { requirePermission } from '#app/utils/session.server'
import { REPORT_KINDS } from '#evidence/documents/sections.server'
import { listCatalogs } from '#models/catalog/catalog.server'
import { KPI_ROUNDS } from '#models/catalog/schema'
import { chosenFiscalYear, formatFiscalYear } from '#models/dates'

/**
 * The published KPI agreements, integrity-policy plans and improvement measures of a fiscal year (`?fy=`, default
 * the current one when it has any, else the latest), with their report downloads per round.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const kinds: readonly string[] = REPORT_KINDS
  const published = (await listCatalogs(member.organization.id)).filter((c) => c.status === 'published' && kinds.includes(c.kind))
  const years = [...new Set(published.map((c) => c.fiscalYear))].sort((a, b) => b - a)
  const fiscalYear = years.length ? chosenFiscalYear(new URL(request.url).searchParams.get('fy'), years) : null
  const catalogs = published
    .filter((c) => c.fiscalYear === fiscalYear)
    .sort((a, b) => kinds.indexOf(a.kind) - kinds.indexOf(b.kind))
    .map((c) => ({ id: c.id, kind: c.kind as (typeof REPORT_KINDS)[number], nameTh: c.nameTh, nameEn: c.nameEn, fiscalYear: c.fiscalYear }))
  return json({ years, fiscalYear, catalogs })
}

export default function Reports() {
  const { years, fiscalYear, catalogs } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('kpis.reports.title')}</Title>
      <Text c="dimmed">{t('kpis.reports.intro')}</Text>
      {years.length > 1 ? (
        <Form method="get">
          <Group align="flex-end">
            <NativeSelect name="fy" label={t('kpis.fiscalYear')} defaultValue={String(fiscalYear)} data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y, locale) }))} />
            <Button type="submit" variant="light">{t('kpis.show')}</Button>
          </Group>
        </Form>
      ) : null}
      {catalogs.length === 0 ? <Text c="dimmed">{t('kpis.reports.empty')}</Text> : (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('kpis.reports.catalog')}</Table.Th>
              {KPI_ROUNDS.map((r) => <Table.Th key={r}>{t('kpis.roundN', { round: r })}</Table.Th>)}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {catalogs.map((c) => (
              <Table.Tr key={c.id} data-testid="report-row">
                <Table.Td>
                  <Text>{pick(c.nameTh, c.nameEn)}</Text>
                  <Text size="sm" c="dimmed">{t(`kpis.reports.kind.${c.kind}`)} · {formatFiscalYear(c.fiscalYear, locale)}</Text>
                </Table.Td>
                {KPI_ROUNDS.map((r) => (
                  <Table.Td key={r}>
                    <Group gap="xs">
                      <Anchor component={Link} reloadDocument to={`/reports/${c.id}.pdf?round=${r}`}>PDF</Anchor>
                      <Anchor component={Link} reloadDocument to={`/reports/${c.id}.xlsx?round=${r}`}>{t('kpis.xlsx')}</Anchor>
                    </Group>
                  </Table.Td>
                ))}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  )
}
