/** Progress per round of the integrity-policy plan's activities and of the improvement measures. */
import type { SerializeFrom } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { Alert, Badge, Button, Card, Group, MultiSelect, NativeSelect, Stack, Text, Textarea } from '@mantine/core'
import { useState } from 'react'
import { useCatalogLabel } from '#app/components/catalog/badges'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { REPORTING_ROUNDS } from '#models/catalog/schema'
import { formatDate } from '#models/dates'
import type { ProgressRecord } from '#models/reporting/progress-report.server'

type PlanKind = 'integrity-policy' | 'improvement-measures'

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
        {kind === 'integrity-policy' ? (
          <>
            <Textarea
              name="method"
              label={t('kpis.progress.method')}
              defaultValue={line.record?.method ?? ''}
              autosize
              minRows={2}
              error={error('method')}
            />
            <Textarea
              name="result"
              label={t('kpis.progress.result')}
              defaultValue={line.record?.result ?? ''}
              autosize
              minRows={2}
              withAsterisk
              error={error('result')}
            />
          </>
        ) : (
          <>
            <Textarea
              name="summary"
              label={t('kpis.progress.summary')}
              defaultValue={line.record?.summary ?? ''}
              autosize
              minRows={2}
              withAsterisk
              error={error('summary')}
            />
            <Textarea
              name="outcome"
              label={t('kpis.progress.outcome')}
              defaultValue={line.record?.outcome ?? ''}
              autosize
              minRows={2}
              error={error('outcome')}
            />
          </>
        )}
        <MultiSelect
          label={t('kpis.progress.evidence')}
          description={t('kpis.evidenceHelp')}
          data={evidence}
          value={chosen}
          onChange={setChosen}
          searchable
          clearable
          error={error('evidenceIds')}
        />
        <input type="hidden" name="evidenceIds" value={chosen.join(',')} />
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
              data={catalogs.map((c) => ({
                value: c.id,
                label: catalogLabel(c),
              }))}
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
                    {kind === 'integrity-policy' ? (
                      <>
                        {line.record.method ? (
                          <Text size="sm">
                            <b>{t('kpis.progress.method')}:</b> {line.record.method}
                          </Text>
                        ) : null}
                        <Text size="sm">
                          <b>{t('kpis.progress.result')}:</b> {line.record.result}
                        </Text>
                      </>
                    ) : (
                      <>
                        <Text size="sm">
                          <b>{t('kpis.progress.summary')}:</b> {line.record.summary}
                        </Text>
                        {line.record.outcome ? (
                          <Text size="sm">
                            <b>{t('kpis.progress.outcome')}:</b> {line.record.outcome}
                          </Text>
                        ) : null}
                      </>
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
