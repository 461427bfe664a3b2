/** Progress per round of the integrity-policy plan's activities and of the improvement measures. */
import type { SerializeFrom } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { Alert, Badge, Button, Card, Group, NativeSelect, Stack, Text } from '@mantine/core'
import { useState } from 'react'
import { useCatalogLabel } from '#app/components/catalog/badges'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { EvidencePicker, ReportTexts } from '#app/components/kpi/fields'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { REPORTING_ROUNDS } from '#models/catalog/schema'
import { formatDate } from '#models/dates'
import type { ProgressRecord } from '#models/reporting/progress-report.server'

type PlanKind = 'integrity-policy' | 'improvement-measures'

/** What a line reports for each kind of plan, in the order the form asks it; a required one always shows. */
type PlanField = { name: 'method' | 'result' | 'summary' | 'outcome'; minRows: number; required: boolean }
const PLAN_FIELDS: Record<PlanKind, PlanField[]> = {
  'integrity-policy': [
    { name: 'method', minRows: 2, required: false },
    { name: 'result', minRows: 2, required: true },
  ],
  'improvement-measures': [
    { name: 'summary', minRows: 2, required: true },
    { name: 'outcome', minRows: 2, required: false },
  ],
}

/** A plan line as the page shows it, with the record the reader may see (their unit's, when they report). */
export interface ProgressLine {
  key: string
  itemCode: string
  activityCode: string
  group: string
  measure: string
  activity: string
  period: string
  hostUnit: string
  mayEdit: boolean
  record: ProgressRecord | null
}

export type ProgressPageData = SerializeFrom<{
  catalogs: { id: string; nameTh: string; nameEn: string; fiscalYear: number }[]
  catalogId: string | null
  kind: PlanKind | null
  round: number
  lines: ProgressLine[]
  evidence: { value: string; label: string }[]
}>
type ProgressLineView = ProgressPageData['lines'][number]

interface LineFormProps {
  line: ProgressLineView
  kind: PlanKind
  catalogId: string
  round: number
  evidence: ProgressPageData['evidence']
}

/** One line's report for the round: what the reader's unit did, and its evidence. */
function LineForm({ line, kind, catalogId, round, evidence }: LineFormProps) {
  const t = useT()
  const { data, formError, error: fieldError, sending } = useActionForm<{ line: string; saved?: boolean }>()
  const mine = data?.line === line.key
  // the answer belongs to one line's form: the others show no errors
  const error = (name: string) => (mine ? fieldError(name) : undefined)
  const [chosen, setChosen] = useState<string[]>(line.record?.evidence.filter((e) => !e.deleted).map((e) => e.id) ?? [])
  const busy = sending?.get('itemCode') === line.itemCode && sending?.get('activityCode') === line.activityCode
  return (
    <Form method="post" key={`${round}-${line.record?.updatedAt ?? 'new'}`}>
      <input type="hidden" name="catalogId" value={catalogId} />
      <input type="hidden" name="round" value={round} />
      <input type="hidden" name="itemCode" value={line.itemCode} />
      <input type="hidden" name="activityCode" value={line.activityCode} />
      <Stack gap="xs">
        {mine ? <FormError message={formError} /> : null}
        {mine && data && 'saved' in data ? (
          <Alert color="green" role="status">
            {t('kpis.progress.saved')}
          </Alert>
        ) : null}
        <ReportTexts
          fields={PLAN_FIELDS[kind]}
          label={(name) => t(`kpis.progress.${name}`)}
          values={line.record}
          error={error}
        />
        <EvidencePicker
          label={t('kpis.progress.evidence')}
          data={evidence}
          state={[chosen, setChosen]}
          error={error('evidenceIds')}
        />
        <Group>
          <Button type="submit" name="intent" value="save" loading={busy}>
            {t('kpis.progress.save')}
          </Button>
        </Group>
      </Stack>
    </Form>
  )
}

export function ProgressPage({ catalogs, catalogId, kind, round, lines, evidence }: ProgressPageData) {
  const t = useT()
  const locale = useLocale()
  const catalogLabel = useCatalogLabel()
  return (
    <Page title={t('kpis.progress.title')} width={1000}>
      {catalogs.length === 0 ? (
        <Text c="dimmed">{t('kpis.progress.empty')}</Text>
      ) : (
        <Form method="get">
          <Group align="flex-end">
            <NativeSelect
              name="catalog"
              label={t('kpis.progress.catalog')}
              defaultValue={catalogId ?? ''}
              data={catalogs.map((c) => ({ value: c.id, label: catalogLabel(c) }))}
            />
            <NativeSelect
              name="round"
              label={t('kpis.round')}
              defaultValue={String(round)}
              data={REPORTING_ROUNDS.map((r) => ({ value: String(r), label: t('kpis.roundN', { round: r }) }))}
            />
            <Button type="submit" variant="light">
              {t('kpis.show')}
            </Button>
          </Group>
        </Form>
      )}
      {catalogId && kind
        ? lines.map((line) => (
            <Card key={line.key} withBorder data-testid="progress-line">
              <Stack gap={4}>
                <Text size="sm" c="dimmed">
                  {line.group}
                </Text>
                <Text fw={600}>{line.measure}</Text>
                {line.activity ? (
                  <Text>
                    {t('kpis.progress.activity')}: {line.activity}
                  </Text>
                ) : null}
                <Text size="sm">
                  {t('kpis.progress.period')}: {line.period}
                  {line.hostUnit ? ` · ${t('kpis.progress.hostUnit')}: ${line.hostUnit}` : ''}
                </Text>
                {line.record ? (
                  <Text size="xs" c="dimmed">
                    {t('kpis.progress.updatedBy', {
                      name: line.record.updatedByName,
                      at: formatDate(line.record.updatedAt, locale, { style: 'datetime' }),
                    })}
                  </Text>
                ) : (
                  <Badge variant="light" color="gray" w="fit-content">
                    {t('kpis.progress.notReported')}
                  </Badge>
                )}
                {line.mayEdit ? (
                  <LineForm line={line} kind={kind} catalogId={catalogId} round={round} evidence={evidence} />
                ) : line.record ? (
                  <Stack gap={2}>
                    {PLAN_FIELDS[kind].map(({ name, required }) =>
                      required || line.record?.[name] ? (
                        <Text key={name} size="sm">
                          <b>{t(`kpis.progress.${name}`)}:</b> {line.record?.[name]}
                        </Text>
                      ) : null,
                    )}
                    {line.record.evidence.length ? (
                      <Text size="sm">
                        <b>{t('kpis.progress.evidence')}:</b>{' '}
                        {line.record.evidence.map((e, i) => `${i + 1}. ${e.title}`).join(' · ')}
                      </Text>
                    ) : null}
                  </Stack>
                ) : null}
              </Stack>
            </Card>
          ))
        : null}
    </Page>
  )
}
