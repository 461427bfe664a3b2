/** The tables of a KPI report: the five levels (with milestone steps), the thresholds and the live score. */
import { Checkbox, Stack, Table, Textarea } from '@mantine/core'
import type { Dispatch, SetStateAction } from 'react'
import { useLocalize } from '#app/components/messages'
import { DataTable } from '#app/components/ui/data-table'
import { useT } from '#app/utils/i18n'
import type { KpiRoundScore } from '#evidence/documents/kpi-score'
import type { KpiScoring } from '#models/catalog/schema'
import { formatScore, stepCode } from '#scoring/index'

const LEVELS = [1, 2, 3, 4, 5] as const

interface LevelsProps {
  scoring: KpiScoring
  levelTexts: { level: number; text: string }[]
  steps: string[]
  setSteps: Dispatch<SetStateAction<string[]>>
  editable: boolean
  errors: Record<string, string>
}

/** One row per level: its milestone steps to tick and what was done at that level. */
export function KpiLevels({ scoring, levelTexts, steps, setSteps, editable, errors }: LevelsProps) {
  const t = useT()
  const l = useLocalize()
  const textOf = (level: number) => levelTexts.find((x) => x.level === level)?.text ?? ''
  return (
    <Table withTableBorder withColumnBorders>
      <Table.Tbody>
        {LEVELS.map((level) => (
          <Table.Tr key={level}>
            <Table.Td w={80} ta="center" fw={700}>
              {level}
            </Table.Td>
            <Table.Td>
              <Stack gap={6}>
                {scoring.kind === 'milestone'
                  ? (scoring.levels.find((x) => x.level === level)?.steps ?? []).map((s, i) => {
                      const code = stepCode(level, i)
                      return (
                        <Checkbox
                          key={code}
                          name="stepsDone"
                          value={code}
                          label={`${code} ${s.th}`}
                          checked={steps.includes(code)}
                          disabled={!editable}
                          onChange={(e) => {
                            const on = e.currentTarget.checked
                            setSteps((prev) => (on ? [...prev, code] : prev.filter((x) => x !== code)))
                          }}
                        />
                      )
                    })
                  : null}
                <Textarea
                  name={`levelTexts.${level}`}
                  aria-label={t('kpis.levelText', { level })}
                  placeholder={t('kpis.levelText', { level })}
                  defaultValue={textOf(level)}
                  autosize
                  minRows={1}
                  readOnly={!editable}
                  error={l(errors[`levelTexts.${level}`])}
                />
              </Stack>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

export function KpiThresholds({ scoring }: { scoring: Extract<KpiScoring, { kind: 'quantitative' }> }) {
  const t = useT()
  return (
    <Table withTableBorder>
      <Table.Tbody>
        {scoring.thresholds.map((v, i) => (
          <Table.Tr key={i}>
            <Table.Td w={120}>{t('kpis.level', { level: i + 1 })}</Table.Td>
            <Table.Td>
              {v} {scoring.unit.th}
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  )
}

/** The report's score row, four decimals, as the printed report shows it. */
export function KpiScoreTable({ name, weight, live }: { name: string; weight: number; live: KpiRoundScore | null }) {
  const t = useT()
  return (
    <DataTable
      withTableBorder
      withColumnBorders
      data-testid="score-table"
      columns={[t('kpis.kpi'), t('kpis.weight'), t('kpis.performance'), t('kpis.score'), t('kpis.weightedScore')]}
    >
      <Table.Tr>
        <Table.Td>{name}</Table.Td>
        <Table.Td ta="center">{weight}</Table.Td>
        <Table.Td ta="center">{live?.performance ?? '—'}</Table.Td>
        <Table.Td ta="center" data-testid="score">
          {live ? formatScore(live.score, 4) : '—'}
        </Table.Td>
        <Table.Td ta="center" data-testid="weighted-score">
          {live ? formatScore(live.weightedScore, 4) : '—'}
        </Table.Td>
      </Table.Tr>
    </DataTable>
  )
}
