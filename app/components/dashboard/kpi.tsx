/**
 * The performance agreement's KPIs in the shape of the per-KPI report table (the AMLO's FY2550 form): indicator,
 * weight, result, score, weighted score, 4 decimals; with a what-if on milestone steps that the
 * engine re-scores in the browser (nothing is saved).
 */
import { Badge, Button, Card, Checkbox, Group, Stack, Table, Text, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import { useDigits, useNumber } from '#app/components/dashboard/format'
import { DataTable } from '#app/components/ui/data-table'
import { useLocale, useT } from '#app/utils/i18n'
import type { Bilingual } from '#models/errors'
import type { KpiTable } from '#models/reporting/projection.server'
import { scoreAgreement, scoreMilestone, weightedScore, type Kpi } from '#scoring/index'

/** Σ weighted scores of the reported KPIs and the result renormalised to their weights, from the engine. */
function whatIfTotals(table: KpiTable, done: Record<string, string[]>) {
  const rows = table.engineKpis.map((kpi, i) => {
    const row = table.rows[i]
    if (kpi.kind !== 'milestone')
      return { code: kpi.code, score: row.score, weighted: row.weightedScore, level: row.level }
    const steps = done[kpi.code] ?? []
    if (!row.reported && steps.length === 0) return { code: kpi.code, score: null, weighted: null, level: null }
    const m = scoreMilestone(kpi, steps, { floor: table.floor })
    return { code: kpi.code, score: m.score, weighted: weightedScore(m.score, kpi.weight), level: m.level }
  })
  const reported = table.engineKpis.flatMap((kpi, i) => (rows[i].score === null ? [] : [{ kpi, i }]))
  const total = reported.reduce((a, { i }) => a + rows[i].weighted!, 0)
  const scale = 100 / table.catalogWeight
  const renormalised = reported.length
    ? scoreAgreement(
        { floor: table.floor, kpis: table.engineKpis.map((k) => ({ ...k, weight: k.weight * scale })) as Kpi[] },
        {
          kpis: reported.map(({ kpi, i }) =>
            kpi.kind === 'milestone'
              ? { code: kpi.code, doneSteps: done[kpi.code] ?? [] }
              : { code: kpi.code, result: table.rows[i].result! },
          ),
        },
      ).renormalised
    : null
  return { rows, total, renormalised }
}

export function KpiTableCard({ table }: { table: KpiTable }) {
  const t = useT()
  const locale = useLocale()
  const num = useNumber()
  const digits = useDigits()
  const pick = (x: Bilingual) => (locale === 'en' ? x.en : x.th)
  const initial = useMemo(() => Object.fromEntries(table.rows.map((r) => [r.code, r.stepsDone])), [table])
  const [done, setDone] = useState<Record<string, string[]>>(initial)
  const changed = table.rows.some(
    (r) => (done[r.code] ?? []).slice().sort().join() !== r.stepsDone.slice().sort().join(),
  )
  const whatIf = useMemo(() => whatIfTotals(table, done), [table, done])
  const milestone = table.rows.filter((r) => r.kind === 'milestone')
  return (
    <Card withBorder data-testid="kpi-table">
      <Group justify="space-between" mb="xs">
        <Title order={4}>
          {t('dash.kpi.title')} · {pick(table.catalog.name)}
        </Title>
        {table.round ? <Badge variant="light">{t('dash.kpi.round', { round: digits(table.round) })}</Badge> : null}
      </Group>
      <Table.ScrollContainer minWidth={700}>
        <DataTable
          withTableBorder
          withColumnBorders
          columns={[
            t('dash.kpi.indicator'),
            t('dash.kpi.weight'),
            t('dash.kpi.result'),
            t('dash.kpi.score'),
            t('dash.kpi.weighted'),
          ]}
          columnAlign={[undefined, 'right', 'right', 'right', 'right']}
        >
          {table.rows.map((r) => (
            <Table.Tr key={r.code} data-testid="kpi-row">
              <Table.Td>
                {digits(r.code)} {pick(r.name)}
                {r.certification ? (
                  <Badge
                    ml="xs"
                    size="xs"
                    variant="light"
                    color={
                      r.certification === 'approved' ? 'teal' : r.certification === 'not-approved' ? 'red' : 'gray'
                    }
                  >
                    {t(`dash.kpi.certification.${r.certification}`)}
                  </Badge>
                ) : null}
              </Table.Td>
              <Table.Td ta="right">{digits(r.weight)}</Table.Td>
              <Table.Td ta="right">
                {!r.reported ? (
                  <Text c="dimmed" size="sm">
                    {t('dash.kpi.notReported')}
                  </Text>
                ) : r.level !== null ? (
                  t('dash.kpi.level', { level: digits(r.level) })
                ) : (
                  digits(r.result ?? '')
                )}
              </Table.Td>
              <Table.Td ta="right">{r.score === null ? '—' : num(r.score, 4)}</Table.Td>
              <Table.Td ta="right">{r.weightedScore === null ? '—' : num(r.weightedScore, 4)}</Table.Td>
            </Table.Tr>
          ))}
          <Table.Tr>
            <Table.Td fw={600}>{t('dash.kpi.total')}</Table.Td>
            <Table.Td ta="right">{digits(table.catalogWeight)}</Table.Td>
            <Table.Td />
            <Table.Td />
            <Table.Td ta="right" fw={600} data-testid="kpi-total">
              {num(table.total, 4)}
            </Table.Td>
          </Table.Tr>
        </DataTable>
      </Table.ScrollContainer>
      {table.renormalised !== null && !table.complete ? (
        <Text size="sm" mt="xs">
          {t('dash.kpi.renormalised', { weight: digits(table.reportedWeight) })}: <b>{num(table.renormalised, 4)}</b>
        </Text>
      ) : null}
      {milestone.length > 0 ? (
        <Stack mt="md" gap="xs">
          <Group justify="space-between">
            <Text fw={600}>{t('dash.whatif.kpi')}</Text>
            <Button size="xs" variant="default" disabled={!changed} onClick={() => setDone(initial)}>
              {t('dash.whatif.reset')}
            </Button>
          </Group>
          {milestone.map((r) => (
            <Stack key={r.code} gap={2}>
              <Text size="sm">
                {digits(r.code)} {pick(r.name)}
              </Text>
              <Group gap="xs">
                {r.steps.map((st) => (
                  <Checkbox
                    key={st.code}
                    size="xs"
                    label={digits(st.code)}
                    title={pick(st.label)}
                    aria-label={`${r.code} ${st.code} ${pick(st.label)}`}
                    checked={(done[r.code] ?? []).includes(st.code)}
                    onChange={(e) => {
                      const on = e.currentTarget.checked
                      setDone((d) => ({
                        ...d,
                        [r.code]: on ? [...(d[r.code] ?? []), st.code] : (d[r.code] ?? []).filter((x) => x !== st.code),
                      }))
                    }}
                  />
                ))}
              </Group>
            </Stack>
          ))}
          <Text size="sm" aria-live="polite">
            {t('dash.whatif.kpiTotal')}: <b data-testid="kpi-whatif-total">{num(whatIf.total, 4)}</b>
            {whatIf.renormalised !== null
              ? ` · ${t('dash.kpi.renormalisedShort')}: ${num(whatIf.renormalised, 4)}`
              : ''}
          </Text>
        </Stack>
      ) : null}
    </Card>
  )
}
