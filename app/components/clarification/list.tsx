import { Form, Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Input,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core'
import { useCatalogLabel, usePick } from '#app/components/catalog/badges'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError, useLocalize } from '#app/components/messages'
import { ClarificationStatusBadge, ClarificationWindowNote, ResultBadge } from '#app/components/review/clarification'
import { DataTable } from '#app/components/ui/data-table'
import { EmptyState, Page } from '#app/components/ui/page'
import { useT } from '#app/utils/i18n'
import type { listClarificationCatalogs, listClarifications } from '#models/work/clarification.server'

/** What the clarifications list's loader gives: the ITA catalogs, the chosen one's results, who may record. */
export interface ClarificationListData {
  catalogs: Awaited<ReturnType<typeof listClarificationCatalogs>>
  screen: Awaited<ReturnType<typeof listClarifications>>
  canRecord: boolean
}
type Screen = NonNullable<SerializeFrom<ClarificationListData>['screen']>

/** Preliminary OIT results of one ITA catalog with their clarifications; administrators record and import them. */
export function ClarificationList({ catalogs, screen, canRecord }: SerializeFrom<ClarificationListData>) {
  const { data, formError, errors, idle } = useActionForm<{ done?: 'import' | 'record'; rows?: number }>()
  const t = useT()
  const l = useLocalize()
  const catalogLabel = useCatalogLabel()
  const csvErrors = Object.entries(errors).filter(([k]) => k.startsWith('csv.'))
  const done = data?.done && idle ? data : null
  const catalogOptions = catalogs.map((c) => ({
    value: c.id,
    label: `${catalogLabel(c)} (v${c.version})`,
  }))

  return (
    <Page title={t('clar.title')} width={1100}>
      {catalogs.length === 0 || !screen ? <EmptyState>{t('clar.noCatalog')}</EmptyState> : null}
      {catalogs.length > 1 ? (
        <Form method="get">
          <Group align="flex-end">
            <NativeSelect
              name="catalog"
              label={t('clar.catalog')}
              defaultValue={screen?.catalog.id}
              data={catalogOptions}
            />
            <Button type="submit" variant="default">
              {t('clar.show')}
            </Button>
          </Group>
        </Form>
      ) : null}
      {screen ? (
        <>
          <ClarificationWindowNote window={screen.window} />
          <FormError message={formError} />
          {csvErrors.length > 1 ? (
            <Stack component="ul" gap={2} m={0} data-testid="csv-errors">
              {csvErrors.map(([k, m]) => (
                <Text component="li" key={k} size="sm" c="red.8">
                  {l(m)}
                </Text>
              ))}
            </Stack>
          ) : null}
          {done ? (
            <Text c="teal" role="status">
              {done.done === 'import' ? t('clar.done.import', { rows: done.rows ?? 0 }) : t('clar.done.record')}
            </Text>
          ) : null}
          <ResultTable screen={screen} />
          {canRecord && screen.catalog.status !== 'archived' ? <RecordForms screen={screen} /> : null}
        </>
      ) : null}
    </Page>
  )
}

/** One row per recorded result: the criterion, the result and comment, the clarification and its deadline. */
function ResultTable({ screen }: { screen: Screen }) {
  const t = useT()
  const pick = usePick()
  const columns = (['item', 'result', 'comment', 'status', 'owner', 'deadline'] as const).map((c) => t(`clar.col.${c}`))
  const deadline = (r: Screen['rows'][number]) => {
    if (r.result === 'passed' || r.clarificationStatus === 'approved') return null
    if (screen.window.overdue)
      return (
        <Badge color="red" variant="light">
          {t('clar.window.overdue').split(':')[0]}
        </Badge>
      )
    return screen.window.daysLeft !== null ? (
      <Text size="sm">{t('clar.window.daysLeft', { days: screen.window.daysLeft })}</Text>
    ) : null
  }
  return (
    <DataTable columns={columns} empty={screen.rows.length === 0 && t('clar.empty')} striped withTableBorder>
      {screen.rows.map((r) => (
        <Table.Tr key={r.itemCode} data-testid="clarification-row">
          <Table.Td>
            <Anchor component={Link} to={`/clarifications/${screen.catalog.id}/${r.itemCode}`}>
              {r.itemCode} {pick(r.titleTh, r.titleEn)}
            </Anchor>
          </Table.Td>
          <Table.Td>
            <ResultBadge result={r.result} />
          </Table.Td>
          <Table.Td>
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {r.comment}
            </Text>
          </Table.Td>
          <Table.Td>
            {r.result === 'passed' ? (
              <Text size="sm" c="dimmed">
                {t('clar.status.notNeeded')}
              </Text>
            ) : (
              <ClarificationStatusBadge status={r.clarificationStatus} />
            )}
          </Table.Td>
          <Table.Td>
            <Text size="sm">
              {r.owners.length ? r.owners.map((o) => pick(o.th, o.en)).join(', ') : t('clar.unassigned')}
            </Text>
          </Table.Td>
          <Table.Td>{deadline(r)}</Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  )
}

/** An administrator records one result by hand, or imports a CSV of them. */
function RecordForms({ screen }: { screen: Screen }) {
  const { error, busy } = useActionForm()
  const t = useT()
  const pick = usePick()
  const results = [
    { value: 'not-passed', label: t('clar.result.not-passed') },
    { value: 'passed', label: t('clar.result.passed') },
  ]
  return (
    <Group align="flex-start" grow>
      <Card withBorder>
        <IntentForm intent="record">
          <input type="hidden" name="catalogId" value={screen.catalog.id} />
          <Stack gap="xs">
            <Title order={4}>{t('clar.record.title')}</Title>
            <NativeSelect
              name="itemCode"
              label={t('clar.record.item')}
              data={screen.criteria.map((c) => ({
                value: c.code,
                label: `${c.code} ${pick(c.titleTh, c.titleEn)}`.slice(0, 80),
              }))}
              error={error('itemCode')}
            />
            <NativeSelect name="result" label={t('clar.record.result')} data={results} error={error('result')} />
            <TextInput name="comment" label={t('clar.record.comment')} maxLength={2000} error={error('comment')} />
            <Button type="submit" w="fit-content" loading={busy('record')}>
              {t('clar.record.save')}
            </Button>
          </Stack>
        </IntentForm>
      </Card>
      <Card withBorder>
        <IntentForm intent="import" encType="multipart/form-data">
          <input type="hidden" name="catalogId" value={screen.catalog.id} />
          <Stack gap="xs">
            <Title order={4}>{t('clar.import.title')}</Title>
            <Text size="sm" c="dimmed">
              {t('clar.import.hint')}
            </Text>
            <Input.Wrapper label={t('clar.import.file')} error={error('file')} withAsterisk>
              <input
                type="file"
                name="file"
                accept=".csv,text/csv"
                required
                aria-label={t('clar.import.file')}
                style={{ display: 'block', marginTop: 4 }}
              />
            </Input.Wrapper>
            <Button type="submit" w="fit-content" loading={busy('import')}>
              {t('clar.import.submit')}
            </Button>
          </Stack>
        </IntentForm>
      </Card>
    </Group>
  )
}
