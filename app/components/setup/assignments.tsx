/**
 * The assignment step: every criterion of the year's catalog with its suggested unit, a box to tick it and a choice
 * to change the unit. Nothing is assigned until "assign the ticked" or "accept all suggestions" is pressed.
 */
import type { SerializeFrom } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { Badge, Button, Checkbox, Group, NativeSelect, Stack, Table, Text } from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { SetupStepPage } from '#app/components/setup/step-page'
import { DataTable } from '#app/components/ui/data-table'
import { DoneNote } from '#app/components/ui/fields'
import { useLocale, useT } from '#app/utils/i18n'
import type { getSetupAssignments } from '#models/tenancy/setup.server'

type Data = SerializeFrom<Awaited<ReturnType<typeof getSetupAssignments>>>

export function SetupAssignments({ catalog, units, rows, dueDate }: Data) {
  const { data, formError, error, busy } = useActionForm<{ assigned?: number }>()
  const t = useT()
  const locale = useLocale()
  const assigned = (data as { assigned?: number } | undefined)?.assigned
  const name = (u: { nameTh: string; nameEn: string }) => (locale === 'en' && u.nameEn) || u.nameTh
  const unitName = new Map(units.map((u) => [u.id, name(u)]))
  const done = rows.some((r) => r.assignedUnitIds.length > 0)
  if (!catalog)
    return (
      <SetupStepPage step="assignments" done={false}>
        <Text>{t('setup.assign.noCatalog')}</Text>
      </SetupStepPage>
    )
  const options = [{ value: '', label: t('setup.assign.none') }, ...units.map((u) => ({ value: u.id, label: name(u) }))]
  return (
    <SetupStepPage step="assignments" done={done} width={1200}>
      <Text size="sm">{t('setup.assign.intro')}</Text>
      <FormError message={formError} />
      <DoneNote>{assigned ? t('setup.assign.done', { count: assigned }) : null}</DoneNote>
      <Form method="post">
        <input type="hidden" name="catalogId" value={catalog.id} />
        <Stack>
          <BeDateInput
            name="dueDate"
            label={t('setup.assign.dueDate')}
            defaultValue={dueDate}
            error={error('dueDate')}
            w={260}
          />
          <DataTable
            columns={[
              t('setup.col.pick'),
              t('setup.col.code'),
              t('setup.col.title'),
              t('setup.col.unit'),
              t('setup.col.state'),
            ]}
          >
            {rows.map((r) => {
              const suggested = r.suggestion.unitId
              const current = r.assignedUnitIds[0] ?? suggested ?? ''
              return (
                <Table.Tr key={r.code} data-testid={`setup-row-${r.code}`}>
                  <Table.Td>
                    <Checkbox name="itemCodes" value={r.code} aria-label={t('setup.assign.pick', { code: r.code })} />
                  </Table.Td>
                  <Table.Td>{r.code}</Table.Td>
                  <Table.Td>{(locale === 'en' && r.titleEn) || r.titleTh}</Table.Td>
                  <Table.Td miw={220}>
                    <NativeSelect
                      name={`unit.${r.code}`}
                      aria-label={`${t('setup.col.unit')} ${r.code}`}
                      defaultValue={current}
                      data={options}
                      error={error(`unit.${r.code}`)}
                    />
                    <Text size="xs" c="dimmed">
                      {suggested && r.suggestion.topic
                        ? `${t('setup.assign.suggested', { topic: t(`setup.topic.${r.suggestion.topic}`) })}: ` +
                          (unitName.get(suggested) ?? '')
                        : t('setup.assign.noSuggestion')}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    {r.assignedUnitIds.length ? (
                      <Badge color="teal" variant="light">
                        {t('setup.assign.assigned')}: {r.assignedUnitIds.map((u) => unitName.get(u) ?? '').join(', ')}
                      </Badge>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              )
            })}
          </DataTable>
          <Group>
            <Button type="submit" name="intent" value="apply" loading={busy('apply')}>
              {t('setup.assign.apply')}
            </Button>
            <Button type="submit" name="intent" value="accept-all" variant="light" loading={busy('accept-all')}>
              {t('setup.assign.acceptAll')}
            </Button>
          </Group>
        </Stack>
      </Form>
    </SetupStepPage>
  )
}
