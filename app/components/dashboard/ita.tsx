/** The ITA half of the dashboard: the three scenarios, charts, survey notice, trend and blockers. */
import { Link } from '@remix-run/react'
import { Alert, Anchor, Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { ScoreBars } from '#app/components/dashboard/charts'
import { ConfidenceNotice } from '#app/components/dashboard/confidence'
import { useBeDate, useDigits, useNumber, usePickText } from '#app/components/dashboard/format'
import { Blockers, Trend } from '#app/components/dashboard/trend'
import type { DashboardData, DashboardYear } from '#app/components/dashboard/types'
import { ItaWhatIf } from '#app/components/dashboard/whatif'
import { useLocale, useT } from '#app/utils/i18n'
import { formatFiscalYear } from '#models/dates'
import type { ItaResult } from '#scoring/index'
import { RenderTurn } from '#app/components/ui/render-turns'

export function ItaSections({ data, current }: { data: DashboardData; current: DashboardYear }) {
  const t = useT()
  const pick = usePickText()
  const date = useBeDate()
  const { projection } = current
  const approved = projection.approvedOnly
  const toolBars = approved.tools.map((tool) => ({ name: tool.code, score: tool.score }))
  const indicatorBars = approved.tools.flatMap((tool) =>
    tool.indicators.map((d) => ({ name: `${tool.code} ${d.code}`, score: d.score })),
  )
  return (
    <>
      <Group gap="xs">
        <Text fw={600}>{pick(current.catalog.name)}</Text>
        {current.catalog.provisional ? (
          <Badge color="orange" variant="light">
            {t('dash.provisional')}
          </Badge>
        ) : null}
        <Text size="sm" c="dimmed">
          {t('dash.asOf', { at: date(data.now, 'datetime') })}
        </Text>
      </Group>
      <SurveyNotice current={current} canManage={data.canManageSurveys} />
      <ConfidenceNotice confidence={current.confidence} criteria={current.criteria} />
      <Title order={3}>{t('dash.scenarios')}</Title>
      <SimpleGrid cols={{ base: 1, md: 3 }}>
        <ScenarioCard testId="scenario-approved" title={t('dash.scenario.approvedOnly')} result={approved} />
        <ScenarioCard
          testId="scenario-submitted"
          title={t('dash.scenario.ifSubmittedApproved')}
          result={projection.ifSubmittedApproved}
        />
        <ScenarioCard
          testId="scenario-overdue"
          title={t('dash.scenario.ifOverdueDelivered')}
          result={projection.ifOverdueDelivered}
        />
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
      <RenderTurn>
        <Trend data={data} current={current} />
      </RenderTurn>
      <RenderTurn>
        <Blockers current={current} readOnly={data.readOnly} />
      </RenderTurn>
      <RenderTurn>
        <ItaWhatIf
          engineCatalog={current.engineCatalog}
          input={current.input}
          criteria={current.criteria.filter((c) => !c.placeholder)}
          surveys={current.surveys.values}
          names={current.names}
        />
      </RenderTurn>
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
      <Text size="sm" c="dimmed">
        {title}
      </Text>
      <Group align="baseline" gap="xs">
        <Text fw={700} fz={36} data-testid="total">
          {num(result.total)}
        </Text>
        <Badge size="lg" color={result.total >= 95 ? 'teal' : result.total >= 85 ? 'blue' : 'red'} data-testid="band">
          {pick(result.band.label)}
        </Badge>
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
          {t('dash.gap.tools', {
            band: pick(gap.next.label),
            tools: gap.toolBlockers
              .map((b) => t('dash.gap.tool', { tool: b.tool, points: num(b.pointsNeeded) }))
              .join(', '),
          })}
        </Text>
      ) : null}
      <Text size="xs" c="dimmed" mt="xs">
        {result.tools.map((tool) => `${tool.code} ${num(tool.score)}`).join(' · ')}
      </Text>
    </Card>
  )
}

function SurveyNotice({ current, canManage }: { current: DashboardYear; canManage: boolean }) {
  const t = useT()
  const locale = useLocale()
  const digits = useDigits()
  const estimated = current.surveys.values.filter((v) => v.source === 'last-year').map((v) => v.number)
  const missing = current.surveysMissing
  const last = current.surveys.lastYear
  const manage = canManage ? (
    <Anchor component={Link} to={`/surveys?year=${current.catalog.fiscalYear}`} size="sm">
      {t('dash.surveys.manage')}
    </Anchor>
  ) : null
  if (estimated.length === 0 && missing.length === 0)
    return (
      <Group gap="xs" data-testid="survey-notice">
        <Text size="sm" c="dimmed">
          {t('dash.surveys.allEntered')}
        </Text>
        {manage}
      </Group>
    )
  return (
    <Alert color={missing.length ? 'red' : 'yellow'} variant="light" data-testid="survey-notice">
      <Stack gap={4}>
        {estimated.length > 0 && last ? (
          <Text size="sm">
            {t('dash.surveys.estimated', {
              list: digits(estimated.join(', ')),
              year: formatFiscalYear(last.fiscalYear, locale),
            })}
          </Text>
        ) : null}
        {missing.length > 0 ? (
          <Text size="sm">{t('dash.surveys.missing', { list: digits(missing.join(', ')) })}</Text>
        ) : null}
        {manage}
      </Stack>
    </Alert>
  )
}
