import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { useLocale, useT } from '#app/utils/i18n'
import { requirePermission } from '#app/utils/session.server'
import { kpiRoundScore } from '#evidence/documents/kpi-score'
import { getCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { chosenFiscalYear, formatFiscalYear } from '#models/dates'
import { KPI_ROUNDS } from '#models/catalog/schema'
import { listKpiReports, type KpiCertification } from '#models/reporting/kpi-report.server'
import { formatScore } from '#scoring/index'

/** The KPIs of the year's published performance agreements, with each round's certification and score. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const organizationId = member.organization.id
  const agreements = (await listCatalogs(organizationId)).filter((c) => c.kind === 'kpi-agreement' && c.status === 'published')
  const years = [...new Set(agreements.map((c) => c.fiscalYear))].sort((a, b) => b - a)
  const fiscalYear = years.length ? chosenFiscalYear(new URL(request.url).searchParams.get('fy'), years) : null
  const catalogs = []
  for (const summary of agreements.filter((c) => c.fiscalYear === fiscalYear)) {
    const stored = await getCatalog(organizationId, summary.id)
    if (stored?.content.kind !== 'kpi-agreement') continue
    const content = stored.content
    const reports = await listKpiReports(organizationId, stored.id)
    catalogs.push({
      id: stored.id,
      nameTh: stored.nameTh,
      nameEn: stored.nameEn,
      kpis: content.kpis.map((kpi) => ({
        code: kpi.code,
        nameTh: kpi.name.th,
        nameEn: kpi.name.en,
        weight: kpi.weight,
        rounds: KPI_ROUNDS.map((round) => {
          if (!kpi.reportingRounds.includes(round)) return { round, due: false as const, status: null, score: null }
          const report = reports.find((r) => r.kpiCode === kpi.code && r.round === round) ?? null
          return {
            round,
            due: true as const,
            status: report?.certification ?? null,
            score: report ? formatScore(kpiRoundScore(kpi, content.scoreBelowLevel1, report).score, 4) : null,
          }
        }),
      })),
    })
  }
  return json({ years, fiscalYear, catalogs })
}

const CERT_COLOR: Record<KpiCertification, string> = { pending: 'yellow', approved: 'green', 'not-approved': 'red' }

export default function KpiList() {
  const { years, fiscalYear, catalogs } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  return (
    <Stack maw={1100} mx="auto">
      <Title order={2}>{t('kpis.title')}</Title>
      {years.length > 1 ? (
        <Form method="get">
          <Group align="flex-end">
            <NativeSelect name="fy" label={t('kpis.fiscalYear')} defaultValue={String(fiscalYear)} data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y, locale) }))} />
            <Button type="submit" variant="light">{t('kpis.show')}</Button>
          </Group>
        </Form>
      ) : null}
      {catalogs.length === 0 ? <Text c="dimmed">{t('kpis.empty')}</Text> : null}
      {catalogs.map((c) => (
        <Stack key={c.id} gap="xs">
          <Group justify="space-between">
            <Title order={3}>{pick(c.nameTh, c.nameEn)}</Title>
            <Group gap="xs">
              {KPI_ROUNDS.map((r) => (
                <Anchor key={r} reloadDocument component={Link} to={`/reports/${c.id}.pdf?round=${r}`} size="sm">
                  {t('kpis.pdf')} · {t('kpis.roundN', { round: r })}
                </Anchor>
              ))}
            </Group>
          </Group>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('kpis.kpi')}</Table.Th>
                <Table.Th>{t('kpis.weight')}</Table.Th>
                {KPI_ROUNDS.map((r) => (
                  <Table.Th key={r}>{t('kpis.roundN', { round: r })}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
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
                        <Anchor component={Link} to={`/kpis/${c.id}/${encodeURIComponent(k.code)}?round=${r.round}`} size="sm">
                          {r.status ? <Badge color={CERT_COLOR[r.status]} variant="light">{t(`kpis.cert.${r.status}`)}</Badge> : <Text span c="dimmed" size="sm">{t('kpis.notReported')}</Text>}
                          {r.score ? <Text span size="sm"> {t('kpis.scoreShort', { score: r.score })}</Text> : null}
                        </Anchor>
                      )}
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Stack>
      ))}
    </Stack>
  )
}
