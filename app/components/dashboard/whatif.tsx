/**
 * What-if for executives, entirely in the browser: the engine (scoring/, pure) re-scores the ITA
 * with criteria ticked or unticked and survey estimates changed. Nothing is sent to the server, and the server does not
 * render it (its sixty controls were about a third of the dashboard's render, for a tool that needs the browser).
 */
import { Badge, Button, Card, Checkbox, Group, NumberInput, SimpleGrid, Stack, Text, Title } from '@mantine/core'
import { useMemo, useState, type ReactNode } from 'react'
import { useNumber } from '#app/components/dashboard/format'
import { useHydrated } from '#app/components/ui/hydrated'
import { useLocale, useT } from '#app/utils/i18n'
import type { Bilingual } from '#models/errors'
import { tryScoring, compileItaCatalog, whatIfIta, type ScoringCatalog, type ProjectionInput } from '#scoring/index'

export interface WhatIfProps {
  engineCatalog: ScoringCatalog
  input: ProjectionInput
  criteria: { code: string; title: Bilingual; subIndicatorCode: string }[]
  surveys: { number: number; toolCode: string; nameTh: string; nameEn: string }[]
  names: Record<string, Bilingual>
}

export function ItaWhatIf(props: WhatIfProps) {
  const t = useT()
  if (useHydrated()) return <Simulator {...props} />
  return (
    <Card withBorder data-testid="whatif">
      <Stack>
        <Title order={3}>{t('dash.whatif.title')}</Title>
        <Text size="sm" c="dimmed">
          {t('dash.whatif.help')}
        </Text>
        <Text size="sm" c="dimmed" data-testid="whatif-loading">
          {t('dash.whatif.loading')}
        </Text>
      </Stack>
    </Card>
  )
}

function Simulator({ engineCatalog, input, criteria, surveys, names }: WhatIfProps) {
  const t = useT()
  const locale = useLocale()
  const num = useNumber()
  const pick = (x: Bilingual | undefined) => (x ? (locale === 'en' ? x.en : x.th) : '')
  const compiled = useMemo(() => compileItaCatalog(engineCatalog), [engineCatalog])
  // the starting point is what the evidence proves today: approved criteria pass, the rest do not
  const base = useMemo(
    () => ({
      criteria: input.criteria.map((c) => ({ code: c.code, passed: c.status === 'approved' })),
      surveys: input.surveys,
    }),
    [input],
  )
  const initialPassed = useMemo(() => Object.fromEntries(base.criteria.map((c) => [c.code, c.passed])), [base])
  const initialSurveys = useMemo(
    () => Object.fromEntries(base.surveys.map((s) => [s.indicatorCode, s.score as number | string])),
    [base],
  )
  const [passed, setPassed] = useState<Record<string, boolean>>(initialPassed)
  const [estimates, setEstimates] = useState<Record<string, number | string>>(initialSurveys)

  const outcome = useMemo(() => {
    const overrides = {
      criteria: base.criteria
        .filter((c) => passed[c.code] !== c.passed)
        .map((c) => ({ code: c.code, passed: passed[c.code] })),
      surveys: base.surveys
        .filter((s) => estimates[s.indicatorCode] !== s.score)
        .map((s) => ({
          indicatorCode: s.indicatorCode,
          score: typeof estimates[s.indicatorCode] === 'number' ? (estimates[s.indicatorCode] as number) : NaN,
        })),
    }
    return tryScoring(() => whatIfIta(compiled, base, overrides))
  }, [compiled, base, passed, estimates])

  const groups = useMemo(() => {
    const out = new Map<string, WhatIfProps['criteria']>()
    for (const c of criteria) out.set(c.subIndicatorCode, [...(out.get(c.subIndicatorCode) ?? []), c])
    return [...out]
  }, [criteria])

  const reset = () => {
    setPassed(initialPassed)
    setEstimates(initialSurveys)
  }

  return (
    <Card withBorder data-testid="whatif">
      <Stack>
        <Group justify="space-between">
          <Title order={3}>{t('dash.whatif.title')}</Title>
          <Button variant="default" onClick={reset} data-testid="whatif-reset">
            {t('dash.whatif.reset')}
          </Button>
        </Group>
        <Text size="sm" c="dimmed">
          {t('dash.whatif.help')}
        </Text>
        {outcome.ok ? (
          <SimpleGrid cols={{ base: 1, sm: 3 }} aria-live="polite">
            <Figure label={t('dash.whatif.before')} value={num(outcome.value.before.total)}>
              <Badge variant="light">{pick(outcome.value.before.band.label)}</Badge>
            </Figure>
            <Figure label={t('dash.whatif.after')} value={num(outcome.value.after.total)} testId="whatif-total">
              <Badge
                data-testid="whatif-band"
                color={outcome.value.after.band.code === outcome.value.before.band.code ? 'blue' : 'teal'}
              >
                {pick(outcome.value.after.band.label)}
              </Badge>
            </Figure>
            <Figure
              label={t('dash.whatif.delta')}
              value={`${outcome.value.delta > 0 ? '+' : ''}${num(outcome.value.delta)}`}
              testId="whatif-delta"
            />
          </SimpleGrid>
        ) : (
          <Text c="red" role="alert">
            {t('dash.whatif.invalid', {
              message: outcome.issues.map((i) => (locale === 'en' ? i.en : i.th)).join('; '),
            })}
          </Text>
        )}
        <Title order={4}>{t('dash.whatif.criteria')}</Title>
        {groups.map(([sub, list]) => (
          <Stack key={sub} gap={4}>
            <Text size="sm" fw={600}>
              {sub} {pick(names[sub])}
            </Text>
            <SimpleGrid cols={{ base: 1, md: 2 }} spacing={4}>
              {list.map((c) => (
                <Checkbox
                  key={c.code}
                  label={`${c.code} ${pick(c.title)}`}
                  checked={passed[c.code] ?? false}
                  onChange={(e) => {
                    const checked = e.currentTarget.checked
                    setPassed((p) => ({ ...p, [c.code]: checked }))
                  }}
                />
              ))}
            </SimpleGrid>
          </Stack>
        ))}
        {surveys.length > 0 ? (
          <>
            <Title order={4}>{t('dash.whatif.surveys')}</Title>
            <SimpleGrid cols={{ base: 1, sm: 2, md: 4 }}>
              {surveys.map((s) => (
                <NumberInput
                  key={s.number}
                  label={`${s.toolCode} ${s.number} ${locale === 'en' ? s.nameEn : s.nameTh}`}
                  min={0}
                  max={100}
                  decimalScale={2}
                  value={estimates[String(s.number)] ?? ''}
                  onChange={(v) => setEstimates((e) => ({ ...e, [String(s.number)]: v }))}
                />
              ))}
            </SimpleGrid>
          </>
        ) : null}
      </Stack>
    </Card>
  )
}

/** One total of the simulation: its caption, the figure, and what goes with it (the band). */
function Figure({
  label,
  value,
  testId,
  children,
}: {
  label: string
  value: string
  testId?: string
  children?: ReactNode
}) {
  return (
    <div>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
      {children}
    </div>
  )
}
