import { BarChart } from '@mantine/charts'
import { Card, Text } from '@mantine/core'
import { useNumber } from '#app/components/dashboard/format'
import { useT } from '#app/utils/i18n'

export interface Bar {
  name: string
  score: number
}

/** A 0–100 bar chart with the pass (85) and top-band (95) lines. */
export function ScoreBars({
  title,
  bars,
  testId,
  height = 260,
}: {
  title: string
  bars: Bar[]
  testId: string
  height?: number
}) {
  const t = useT()
  const num = useNumber()
  return (
    <Card withBorder data-testid={testId}>
      <Text fw={600} mb="sm">
        {title}
      </Text>
      <BarChart
        h={height}
        data={bars}
        dataKey="name"
        series={[{ name: 'score', label: t('dash.score'), color: 'blue.6' }]}
        yAxisProps={{ domain: [0, 100] }}
        valueFormatter={(v) => num(v)}
        referenceLines={[
          { y: 85, label: t('dash.target.pass'), color: 'orange.6' },
          { y: 95, label: t('dash.target.top'), color: 'teal.6' },
        ]}
      />
    </Card>
  )
}

/** Last year against this year, per tool and for the total. */
export function TrendBars({
  rows,
  previousLabel,
  currentLabel,
}: {
  rows: { name: string; previous: number; current: number }[]
  previousLabel: string
  currentLabel: string
}) {
  const num = useNumber()
  return (
    <BarChart
      h={260}
      data={rows}
      dataKey="name"
      series={[
        { name: 'previous', label: previousLabel, color: 'gray.5' },
        { name: 'current', label: currentLabel, color: 'blue.6' },
      ]}
      withLegend
      yAxisProps={{ domain: [0, 100] }}
      valueFormatter={(v) => num(v)}
      referenceLines={[
        { y: 85, color: 'orange.6' },
        { y: 95, color: 'teal.6' },
      ]}
    />
  )
}
