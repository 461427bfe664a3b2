import { json, type LoaderFunctionArgs, type SerializeFrom } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Switch, Table, Text, Title } from '@mantine/core'
import { useState } from 'react'
import { ScoreBars, TrendBars } from '#app/components/dashboard/charts'
import { ThaiDigitsContext, useBeDate, useDigits, useNumber } from '#app/components/dashboard/format'
import { KpiTableCard } from '#app/components/dashboard/kpi'
import { ConfidenceNotice } from '#app/components/dashboard/confidence'
import { ItaWhatIf } from '#app/components/dashboard/whatif'
import { ReviewStatusBadge } from '#app/components/review/status'
import { useLocale, useT } from '#app/utils/i18n'
import { requirePermission } from '#app/utils/session.server'
import { defaultFiscalYear, formatFiscalYear } from '#models/dates'
import { can } from '#models/tenancy/permissions'
import { getItaDashboard, getKpiTables } from '#models/reporting/projection.server'
import { listItaYears } from '#models/reporting/survey.server'
import type { ItaResult } from '#scoring/index'

/** How many ranked criteria the blockers table lists before "and N more". */
const BLOCKERS_SHOWN = 15

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'dashboard.read')
  const asked = Number(new URL(request.url).searchParams.get('year'))
  const year = Number.isInteger(asked) && asked >= 2500 && asked <= 2700 ? asked : null
  const now = new Date()
  // the year in progress when it has a published ITA catalog, else the latest (the rule of every year picker)
  const ita = await getItaDashboard(member.organization.id, year ?? defaultFiscalYear(await listItaYears(member.organization.id), now), now)
  const kpis = await getKpiTables(member.organization.id, ita.fiscalYear)
  return json({ ...ita, kpis, now: now.toISOString(), canManageSurveys: can(member.membership, 'survey.manage'), canManageCatalogs: can(member.membership, 'catalog.manage') })
}

type Data = SerializeFrom<typeof loader>
type Year = NonNullable<Data['current']>
type Text2 = { th: string; en: string }

function usePickText() {
  const locale = useLocale()
  return (x: Text2 | undefined | null) => (x ? (locale === 'en' ? x.en || x.th : x.th) : '')
}

export default function Dashboard() {
  const data = useLoaderData<typeof loader>()
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
            <Form method="get">
              <Group align="flex-end" gap="xs">
                <NativeSelect name="year" label={t('dash.year')} defaultValue={String(data.fiscalYear)} data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y, locale) }))} />
                <Button type="submit" variant="light">{t('dash.show')}</Button>
              </Group>
            </Form>
            {locale === 'th' ? <Switch label={t('dash.thaiDigits')} checked={thaiDigits} onChange={(e) => setThaiDigits(e.currentTarget.checked)} /> : null}
          </Group>
        </Group>
        {data.current ? (
          <ItaSections data={data} current={data.current} />
        ) : data.invalid ? (
          <Alert color="red" variant="light" title={t('dash.invalid')} data-testid="dash-invalid">
            {data.invalid.map((i, k) => (
              <Text key={k} size="sm">{locale === 'en' ? i.en : i.th}</Text>
            ))}
          </Alert>
        ) : (
          <Alert color="gray" variant="light" data-testid="dash-empty">
            <Text>{t('dash.noCatalog', { year: formatFiscalYear(data.fiscalYear, locale) })}</Text>
            {data.canManageCatalogs ? (
              <Anchor component={Link} to="/catalogs" size="sm">{t('dash.noCatalog.admin')}</Anchor>
            ) : null}
          </Alert>
        )}
        {data.kpis.length > 0 ? (
          data.kpis.map((table) => <KpiTableCard key={table.catalog.id} table={table} />)
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

function ItaSections({ data, current }: { data: Data; current: Year }) {
  const t = useT()
  const pick = usePickText()
  const date = useBeDate()
  const { projection } = current
  const approved = projection.approvedOnly
  const toolBars = approved.tools.map((tool) => ({ name: tool.code, score: tool.score }))
  const indicatorBars = approved.tools.flatMap((tool) => tool.indicators.map((d) => ({ name: `${tool.code} ${d.code}`, score: d.score })))
  return (
    <>
      <Group gap="xs">
        <Text fw={600}>{pick(current.catalog.name)}</Text>
        {current.catalog.provisional ? <Badge color="orange" variant="light">{t('dash.provisional')}</Badge> : null}
        <Text size="sm" c="dimmed">{t('dash.asOf', { at: date(data.now, 'datetime') })}</Text>
      </Group>
      <SurveyNotice current={current} canManage={data.canManageSurveys} />
      <ConfidenceNotice confidence={current.confidence} criteria={current.criteria} />
      <Title order={3}>{t('dash.scenarios')}</Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <ScenarioCard testId="scenario-approved" title={t('dash.scenario.approvedOnly')} result={approved} />
        <ScenarioCard testId="scenario-submitted" title={t('dash.scenario.ifSubmittedApproved')} result={projection.ifSubmittedApproved} />
        <ScenarioCard testId="scenario-overdue" title={t('dash.scenario.ifOverdueDelivered')} result={projection.ifOverdueDelivered} />
      </SimpleGrid>
      <ScoreBars
        testId="chart-scenarios"
        title={t('dash.scenarios')}
        height={220}
        bars={[
          { name: t('dash.scenario.approvedOnly'), score: approved.total },
          { name: t('dash.scenario.ifSubmittedApproved'), score: projection.ifSubmittedApproved.total },
          { name: t('dash.scenario.ifOverdueDelivered'), score: projection.ifOverdueDelivered.total },
        ]}
      />
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        <ScoreBars testId="chart-tools" title={t('dash.chart.tools')} bars={toolBars} />
        <ScoreBars testId="chart-indicators" title={t('dash.chart.indicators')} bars={indicatorBars} />
      </SimpleGrid>
      <Trend data={data} current={current} />
      <Blockers current={current} />
      <ItaWhatIf
        engineCatalog={current.engineCatalog}
        input={current.input}
        criteria={current.criteria.filter((c) => !c.placeholder)}
        surveys={current.surveys.values}
        names={current.names}
      />
    </>
  )
}

function ScenarioCard({ title, result, testId }: { title: string; result: ItaResult; testId: string }) {
  const t = useT()
  const pick = usePickText()
  const num = useNumber()
  const gap = result.nextBand
  return (
    <Card withBorder data-testid={testId}>
      <Text size="sm" c="dimmed">{title}</Text>
      <Group align="baseline" gap="xs">
        <Text fw={700} fz={36} data-testid="total">{num(result.total)}</Text>
        <Badge size="lg" color={result.total >= 95 ? 'teal' : result.total >= 85 ? 'blue' : 'red'} data-testid="band">{pick(result.band.label)}</Badge>
      </Group>
      <Text size="sm">
        {gap === null
          ? t('dash.topBand')
          : gap.pointsNeeded > 0
            ? t('dash.gap', { points: num(gap.pointsNeeded), band: pick(gap.next.label) })
            : null}
      </Text>
      {gap && gap.toolBlockers.length > 0 ? (
        <Text size="sm" c="orange.8">
          {t('dash.gap.tools', { band: pick(gap.next.label), tools: gap.toolBlockers.map((b) => t('dash.gap.tool', { tool: b.tool, points: num(b.pointsNeeded) })).join(', ') })}
        </Text>
      ) : null}
      <Text size="xs" c="dimmed" mt="xs">
        {result.tools.map((tool) => `${tool.code} ${num(tool.score)}`).join(' · ')}
      </Text>
    </Card>
  )
}

function SurveyNotice({ current, canManage }: { current: Year; canManage: boolean }) {
  const t = useT()
  const locale = useLocale()
  const digits = useDigits()
  const estimated = current.surveys.values.filter((v) => v.source === 'last-year').map((v) => v.number)
  const missing = current.surveysMissing
  const last = current.surveys.lastYear
  const manage = canManage ? (
    <Anchor component={Link} to={`/surveys?year=${current.catalog.fiscalYear}`} size="sm">{t('dash.surveys.manage')}</Anchor>
  ) : null
  if (estimated.length === 0 && missing.length === 0)
    return (
      <Group gap="xs" data-testid="survey-notice">
        <Text size="sm" c="dimmed">{t('dash.surveys.allEntered')}</Text>
        {manage}
      </Group>
    )
  return (
    <Alert color={missing.length ? 'red' : 'yellow'} variant="light" data-testid="survey-notice">
      <Stack gap={4}>
        {estimated.length > 0 && last ? <Text size="sm">{t('dash.surveys.estimated', { list: digits(estimated.join(', ')), year: formatFiscalYear(last.fiscalYear, locale) })}</Text> : null}
        {missing.length > 0 ? <Text size="sm">{t('dash.surveys.missing', { list: digits(missing.join(', ')) })}</Text> : null}
        {manage}
      </Stack>
    </Alert>
  )
}

function Trend({ data, current }: { data: Data; current: Year }) {
  const t = useT()
  const locale = useLocale()
  const num = useNumber()
  const pick = usePickText()
  const year = current.catalog.fiscalYear
  if (!data.previous)
    return (
      <Card withBorder data-testid="trend">
        <Title order={4} mb="xs">{t('dash.trend.title')}</Title>
        <Text c="dimmed">{t('dash.trend.none', { year: formatFiscalYear(year - 1, locale) })}</Text>
      </Card>
    )
  const before = data.previous.projection.approvedOnly
  const now = current.projection.approvedOnly
  const delta = now.total - before.total
  return (
    <Card withBorder data-testid="trend">
      <Title order={4} mb="xs">{t('dash.trend.title')}</Title>
      <Stack gap="xs">
        <Group>
          <Text>{formatFiscalYear(data.previous.catalog.fiscalYear, locale)}: <b>{num(before.total)}</b> ({pick(before.band.label)})</Text>
          <Text>{formatFiscalYear(year, locale)}: <b>{num(now.total)}</b> ({pick(now.band.label)})</Text>
          <Badge color={delta >= 0 ? 'teal' : 'red'} variant="light" data-testid="trend-delta">{t('dash.trend.delta', { delta: `${delta > 0 ? '+' : ''}${num(delta)}` })}</Badge>
        </Group>
        <TrendBars
          previousLabel={String(data.previous.catalog.fiscalYear)}
          currentLabel={String(year)}
          rows={[
            ...now.tools.map((tool) => ({ name: tool.code, current: tool.score, previous: before.tools.find((x) => x.code === tool.code)?.score ?? 0 })),
            { name: t('dash.total'), current: now.total, previous: before.total },
          ]}
        />
        <Text size="xs" c="dimmed">{t('dash.trend.note')}</Text>
      </Stack>
    </Card>
  )
}

function Blockers({ current }: { current: Year }) {
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
      <Title order={4} mb="xs">{t('dash.blockers.title')}</Title>
      {ranking.length === 0 ? (
        <Text c="dimmed">{t('dash.blockers.none')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table data-testid="blockers">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('dash.col.item')}</Table.Th>
                <Table.Th ta="right">{t('dash.col.gain')}</Table.Th>
                <Table.Th>{t('dash.col.status')}</Table.Th>
                <Table.Th>{t('dash.col.owner')}</Table.Th>
                <Table.Th>{t('dash.col.due')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => {
                const row = rows.get(r.code)!
                return (
                  <Table.Tr key={r.code} data-testid="blocker-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/items/${current.catalog.id}/${encodeURIComponent(r.code)}`}>
                        {r.code} {pick(row.title)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td ta="right">+{num(r.gain)}</Table.Td>
                    <Table.Td miw={140}><ReviewStatusBadge status={row.status} /></Table.Td>
                    <Table.Td>{row.units.length ? row.units.map((u) => pick(u)).join(', ') : <Text c="dimmed" size="sm">{t('dash.unassigned')}</Text>}</Table.Td>
                    <Table.Td>
                      {row.dueDate ? date(row.dueDate) : '—'}
                      {row.overdue ? <Badge ml="xs" color="red" variant="light">{t('dash.overdue')}</Badge> : null}
                    </Table.Td>
                  </Table.Tr>
                )
              })}
            </Table.Tbody>
          </Table>
          {ranking.length > shown.length ? <Text size="sm" c="dimmed">{t('dash.blockers.more', { count: digits(ranking.length - shown.length) })}</Text> : null}
        </Table.ScrollContainer>
      )}
    </Card>
  )
}
