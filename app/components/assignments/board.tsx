import { Form, useSearchParams } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import type { ReactNode } from 'react'
import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Group,
  Input,
  NativeSelect,
  ScrollArea,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { usePick } from '#app/components/catalog/badges'
import { ConfirmButton } from '#app/components/confirm-button'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { DataTable } from '#app/components/ui/data-table'
import { EmptyState, Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate, formatFiscalYear } from '#models/dates'
import type { getAssignmentBoard } from '#models/work/assignment.server'

/** What the assignments page's loader gives: the catalogs, the chosen one's items, rounds, units and people. */
export type AssignmentBoardData = Awaited<ReturnType<typeof getAssignmentBoard>>
type Board = SerializeFrom<AssignmentBoardData>

/** The assignment board: assign items (by ticking, by group or from other units) to units with due dates. */
export function AssignmentBoard({ catalogs, catalog, rounds, items, units, people }: Board) {
  const { formError } = useActionForm()
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  if (!catalog)
    return (
      <Page title={t('assign.title')}>
        <EmptyState>{t('assign.noCatalog')}</EmptyState>
      </Page>
    )
  const catalogOptions = catalogs.map((c) => ({
    value: c.id,
    label: `${pick(c.nameTh, c.nameEn)} · ${formatFiscalYear(c.fiscalYear, locale)}`,
  }))
  return (
    <Page title={t('assign.title')}>
      <Form method="get">
        <Group align="flex-end">
          <NativeSelect name="catalogId" label={t('assign.catalog')} defaultValue={catalog.id} data={catalogOptions} />
          <Button type="submit" variant="light">
            {t('calendar.show')}
          </Button>
        </Group>
      </Form>
      {params.get('carried') ? (
        <Alert color="teal" role="status">
          {t('rollover.done', { count: params.get('carried')! })}
        </Alert>
      ) : null}
      {params.get('assigned') ? (
        <Alert color="teal" role="status">
          {t('assign.done', { count: params.get('assigned')! })}
        </Alert>
      ) : null}
      <FormError message={formError} />
      <AssignForm catalogId={catalog.id} rounds={rounds} items={items} units={units} people={people} />
      <AssignmentTable catalogId={catalog.id} rounds={rounds} items={items} units={units} />
    </Page>
  )
}

type FormProps = { catalogId: string } & Pick<Board, 'rounds' | 'items' | 'units' | 'people'>

/** Ticked items (or whole groups, or another unit's items) to units and owners, with a due date per round. */
function AssignForm({ catalogId, rounds, items, units, people }: FormProps) {
  const { error, busy } = useActionForm()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  const groups = [...new Set(items.map((i) => i.group))]
  const assignedUnits = units.filter((u) => items.some((i) => i.assignment?.unitIds.includes(u.id)))
  return (
    // plain form controls (checkboxes; date boxes carry their typed text until JavaScript runs): assigning works
    // without JavaScript
    <IntentForm intent="assign" id="assign">
      <input type="hidden" name="catalogId" value={catalogId} />
      <Card withBorder>
        <Stack>
          {rounds.length === 0 ? (
            <BeDateInput name="dueDate" label={t('assign.dueDate')} required error={error('dueDate')} w={240} />
          ) : (
            <Input.Wrapper label={t('assign.dueDate')} description={t('assign.roundsHelp')}>
              <SimpleGrid cols={{ base: 1, sm: Math.min(rounds.length, 4) }} mt={4}>
                {rounds.map((r) => (
                  <BeDateInput
                    key={r.round}
                    name={`dueDate.${r.round}`}
                    label={t('assign.dueDateRound', { round: pick(r.labelTh, r.labelEn) })}
                    defaultValue={r.suggested}
                    description={t('assign.usualDue', {
                      date: formatDate(`${r.suggested}T00:00:00+07:00`, locale, { style: 'long' }),
                    })}
                    error={error(`dueDate.${r.round}`)}
                  />
                ))}
              </SimpleGrid>
            </Input.Wrapper>
          )}
          <Input.Wrapper label={t('assign.units')} withAsterisk error={error('unitIds')}>
            <Group gap="md" mt={4} role="group" aria-label={t('assign.units')}>
              {units.map((u) => (
                <Checkbox key={u.id} name="unitIds" value={u.id} label={pick(u.nameTh, u.nameEn)} />
              ))}
            </Group>
          </Input.Wrapper>
          <Input.Wrapper label={t('assign.owners')} error={error('ownerIds')}>
            {people.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('assign.noPeople')}
              </Text>
            ) : (
              <ScrollArea.Autosize mah={160} mt={4}>
                <Group gap="md" role="group" aria-label={t('assign.owners')}>
                  {people.map((p) => (
                    <Checkbox key={p.id} name="ownerIds" value={p.id} label={pick(p.nameTh, p.nameEn)} />
                  ))}
                </Group>
              </ScrollArea.Autosize>
            )}
          </Input.Wrapper>
          <Group gap="xs" role="group" aria-label={t('assign.groups')}>
            <Text size="sm">{t('assign.groups')}:</Text>
            {groups.map((g) => (
              <Checkbox key={g} name="groups" value={g} label={g} size="xs" />
            ))}
          </Group>
          {assignedUnits.length ? (
            <Group gap="xs" role="group" aria-label={t('assign.fromUnits')}>
              <Text size="sm">{t('assign.fromUnits')}:</Text>
              {assignedUnits.map((u) => (
                <Checkbox
                  key={u.id}
                  name="fromUnitIds"
                  value={u.id}
                  label={pick(u.nameTh, u.nameEn)}
                  aria-label={`${t('assign.fromUnits')} ${pick(u.nameTh, u.nameEn)}`}
                  size="xs"
                />
              ))}
            </Group>
          ) : null}
          <Button type="submit" w="fit-content" loading={busy()}>
            {t('assign.submit')}
          </Button>
        </Stack>
      </Card>
    </IntentForm>
  )
}

/** A small form acting on one assignment (confirm a carried one, remove one). */
function AssignmentAction({
  intent,
  catalogId,
  assignmentId,
  children,
}: {
  intent: string
  catalogId: string
  assignmentId: string
  children: ReactNode
}) {
  return (
    <IntentForm intent={intent}>
      <input type="hidden" name="catalogId" value={catalogId} />
      <input type="hidden" name="assignmentId" value={assignmentId} />
      {children}
    </IntentForm>
  )
}

/** Every item of the catalog with its units and due dates; ticking one adds it to the form above. */
function AssignmentTable({
  catalogId,
  rounds,
  items,
  units,
}: { catalogId: string } & Pick<Board, 'rounds' | 'items' | 'units'>) {
  const t = useT()
  const removeConfirm = (code: string) => t('assign.removeConfirm', { code })
  const locale = useLocale()
  const pick = usePick()
  const unitName = new Map(units.map((u) => [u.id, pick(u.nameTh, u.nameEn)]))
  const roundLabel = new Map(rounds.map((r) => [r.round, pick(r.labelTh, r.labelEn)]))
  const dueDates = (i: Board['items'][number]) => {
    if (i.assignment?.dueDates.length) {
      return i.assignment.dueDates.map((d) => (
        <Text key={d.round} size="sm" fw={d.dueDate === i.assignment!.dueDate ? 600 : undefined}>
          {roundLabel.get(d.round) ?? d.round}: {formatDate(d.dueDate, locale)}
        </Text>
      ))
    }
    if (i.assignment?.dueDate) return formatDate(i.assignment.dueDate, locale)
    return i.rounds.length ? (
      <Text size="xs" c="dimmed">
        {i.rounds.map((r) => roundLabel.get(r) ?? r).join(', ')}
      </Text>
    ) : (
      ''
    )
  }
  return (
    <DataTable
      columns={['', t('catalogs.code'), t('catalogs.criterion'), t('assign.units'), t('assign.dueDate'), '']}
      striped
    >
      {items.map((i) => (
        <Table.Tr key={i.code} data-code={i.code}>
          <Table.Td>
            <Checkbox name="itemCodes" value={i.code} form="assign" aria-label={i.code} />
          </Table.Td>
          <Table.Td>{i.code}</Table.Td>
          <Table.Td>
            {pick(i.titleTh, i.titleEn)}
            <Text size="xs" c="dimmed">
              {i.group}
            </Text>
          </Table.Td>
          <Table.Td>
            {i.assignment ? (
              i.assignment.unitIds.map((u) => unitName.get(u) ?? '—').join(', ')
            ) : (
              <Text size="sm" c="dimmed">
                {t('assign.unassigned')}
              </Text>
            )}
          </Table.Td>
          <Table.Td data-testid="due-dates">{dueDates(i)}</Table.Td>
          <Table.Td>
            {i.assignment ? (
              <Group gap={4} wrap="nowrap">
                {i.assignment.status === 'carried' ? (
                  <>
                    <Badge color="orange" variant="light">
                      {t('assign.carried')}
                    </Badge>
                    <AssignmentAction intent="confirm" catalogId={catalogId} assignmentId={i.assignment.id}>
                      <Button type="submit" size="compact-xs">
                        {t('assign.confirm')}
                      </Button>
                    </AssignmentAction>
                  </>
                ) : null}
                <AssignmentAction intent="remove" catalogId={catalogId} assignmentId={i.assignment.id}>
                  <ConfirmButton size="compact-xs" variant="subtle" message={removeConfirm(i.code)}>
                    {t('assign.remove')}
                  </ConfirmButton>
                </AssignmentAction>
              </Group>
            ) : null}
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  )
}
