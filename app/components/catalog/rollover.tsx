/**
 * The year rollover: which of last year's items each of the new catalog's items continues (so answers
 * and assignments carry over), reviewed and overridden by the administrator before it is confirmed.
 */
import type { SerializeFrom } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { Alert, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ConfirmButton } from '#app/components/confirm-button'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { Page } from '#app/components/ui/page'
import { DataTable } from '#app/components/ui/data-table'
import { useLocale, useT } from '#app/utils/i18n'
import type { FormFailure } from '#app/utils/forms.server'
import type { getRolloverScreen, RolloverPlan } from '#models/catalog/catalog.server'
import { formatFiscalYear } from '#models/dates'

export type RolloverPageData = SerializeFrom<Awaited<ReturnType<typeof getRolloverScreen>> | FormFailure>

const COLORS = { same: 'gray', changed: 'yellow', renumbered: 'blue', new: 'teal', dropped: 'red' } as const

export function RolloverPage({ data }: { data: RolloverPageData }) {
  const { data: answer, formError, error, busy } = useActionForm<{ plan?: RolloverPlan }>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  if ('formError' in data) return <FormError message={data.formError} />
  const { from, targets, oldItems, yearShift } = data
  // a preview answers with the plan as the administrator chose it
  const plan = answer?.plan ?? data.plan
  const year = from.fiscalYear + 1
  const options = [
    { value: '', label: t('rollover.noMatch') },
    ...oldItems.map((o) => ({ value: o.code, label: `${o.code} ${pick(o.titleTh, o.titleEn).slice(0, 60)}` })),
  ]
  return (
    <Page
      back={{ to: `/catalogs/${from.id}`, label: pick(from.nameTh, from.nameEn) }}
      title={t('catalogs.rollover', { year: formatFiscalYear(year, locale) })}
    >
      {targets.length === 0 ? (
        <Alert color="yellow" title={t('rollover.noTarget', { year: formatFiscalYear(year, locale) })}>
          <IntentForm intent="year-shift">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('rollover.yearShiftHelp', { from: from.fiscalYear, to: year })}</Text>
              <Button type="submit" loading={busy()}>
                {t('rollover.yearShift', { year: formatFiscalYear(year, locale) })}
              </Button>
              <FormError message={formError} />
            </Stack>
          </IntentForm>
        </Alert>
      ) : (
        <Form method="get">
          <Group align="flex-end">
            <NativeSelect
              name="to"
              label={t('rollover.chooseTarget', { year: formatFiscalYear(year, locale) })}
              defaultValue={plan?.to.id}
              data={targets.map((c) => ({
                value: c.id,
                label: `${pick(c.nameTh, c.nameEn)} (${t(`catalogs.status.${c.status}`)} · v${c.version})`,
              }))}
            />
            <Button type="submit" variant="light">
              {t('rollover.review')}
            </Button>
          </Group>
        </Form>
      )}
      {plan ? (
        <Form method="post">
          <input type="hidden" name="to" value={plan.to.id} />
          <Stack>
            <Title order={3}>
              {t('rollover.title', {
                from: formatFiscalYear(plan.from.fiscalYear, locale),
                to: formatFiscalYear(plan.to.fiscalYear, locale),
              })}
            </Title>
            {yearShift ? (
              <details open data-testid="year-shift-changes">
                <summary>{t('rollover.yearShiftChanges', { count: yearShift.length })}</summary>
                <DataTable striped mt="xs" columns={[t('rollover.item'), t('rollover.before'), t('rollover.after')]}>
                  {yearShift.map((c) => (
                    <Table.Tr key={c.path}>
                      <Table.Td>{c.itemCode ?? t('rollover.catalogItself')}</Table.Td>
                      <Table.Td>{c.before}</Table.Td>
                      <Table.Td>{c.after}</Table.Td>
                    </Table.Tr>
                  ))}
                </DataTable>
              </details>
            ) : null}
            <Text>{t('rollover.intro')}</Text>
            {plan.confirmed ? null : (
              <Text size="sm" c="dimmed">
                {t('rollover.overrideHelp')}
              </Text>
            )}
            <Group gap="xs" data-testid="rollover-counts">
              {(['same', 'changed', 'renumbered', 'new', 'dropped'] as const).map((k) => (
                <Badge key={k} color={COLORS[k]} variant="light">
                  {t(`rollover.change.${k}`)}: {plan.rows.filter((r) => r.change === k).length}
                </Badge>
              ))}
            </Group>
            <FormError message={formError} />
            <DataTable striped columns={[null, t('rollover.old'), t('rollover.new'), t('rollover.similarity')]}>
              {plan.rows.map((r) => (
                <Table.Tr key={`${r.fromCode}-${r.toCode}`} data-change={r.change} data-to={r.toCode ?? undefined}>
                  <Table.Td>
                    <Badge color={COLORS[r.change]} variant="light">
                      {t(`rollover.change.${r.change}`)}
                    </Badge>
                    {r.overridden ? (
                      <Badge color="grape" variant="outline" ml={4}>
                        {t('rollover.overridden')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {r.fromCode ? (
                      <>
                        <b>{r.fromCode}</b> {r.fromTitle}
                      </>
                    ) : (
                      '—'
                    )}
                    {r.toCode && !plan.confirmed ? (
                      <NativeSelect
                        mt={4}
                        size="xs"
                        name={`match.${r.toCode}`}
                        aria-label={t('rollover.matchLabel', { code: r.toCode })}
                        defaultValue={r.fromCode ?? ''}
                        data={options}
                        error={error(`match.${r.toCode}`)}
                      />
                    ) : null}
                  </Table.Td>
                  <Table.Td>
                    {r.toCode ? (
                      <>
                        <b>{r.toCode}</b> {r.toTitle}
                      </>
                    ) : (
                      '—'
                    )}
                  </Table.Td>
                  <Table.Td>{r.similarity === null ? '' : `${Math.round(r.similarity * 100)}%`}</Table.Td>
                </Table.Tr>
              ))}
            </DataTable>
            {plan.confirmed ? (
              <Alert color="gray">{t('rollover.already')}</Alert>
            ) : (
              <Group>
                <Button type="submit" name="intent" value="preview" variant="light" loading={busy()}>
                  {t('rollover.preview')}
                </Button>
                <ConfirmButton
                  name="intent"
                  value="confirm"
                  color="teal"
                  message={t('rollover.confirmMessage', { to: pick(plan.to.nameTh, plan.to.nameEn) })}
                >
                  {t('rollover.confirm')}
                </ConfirmButton>
              </Group>
            )}
          </Stack>
        </Form>
      ) : null}
    </Page>
  )
}
