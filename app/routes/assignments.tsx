import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Alert, Badge, Button, Card, Checkbox, Group, Input, NativeSelect, ScrollArea, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { usePick } from '#app/components/catalog/badges'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError, useLocalize } from '#app/components/messages'
import { attempt } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { assignItems, confirmAssignment, getAssignmentBoard, removeAssignment } from '#models/work/assignment.server'
import { formatDate, formatFiscalYear } from '#models/dates'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'assignment.manage')
  return json(await getAssignmentBoard(member.organization.id, new URL(request.url).searchParams.get('catalogId')))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'assignment.manage')
  const actor = actorOf(member, request, context)
  const form = await request.formData()
  const intent = String(form.get('intent') ?? '')
  const catalogId = String(form.get('catalogId') ?? '')
  const strings = (name: string) => form.getAll(name).map(String).filter(Boolean)
  const result = await attempt(async () => {
    if (intent === 'confirm') return (await confirmAssignment(actor, String(form.get('assignmentId')))) && 1
    if (intent === 'remove') return (await removeAssignment(actor, String(form.get('assignmentId')))) ?? 1
    // one date field per reporting round: "dueDate.6", "dueDate.annual"…
    const dueDates = [...form.keys()].filter((k) => k.startsWith('dueDate.')).map((k) => ({ round: k.slice('dueDate.'.length), dueDate: String(form.get(k) ?? '') }))
    return (
      await assignItems(actor, {
        catalogId,
        itemCodes: strings('itemCodes'),
        groups: strings('groups'),
        fromUnitIds: strings('fromUnitIds'),
        unitIds: strings('unitIds'),
        ownerIds: strings('ownerIds'),
        dueDate: form.has('dueDate') ? String(form.get('dueDate')) : undefined,
        dueDates,
      })
    ).length
  })
  if (!result.ok) return result.response
  return redirect(`/assignments?catalogId=${catalogId}${intent === 'assign' ? `&assigned=${result.value}` : ''}`)
}

export default function Assignments() {
  const { catalogs, catalog, rounds, items, units, people } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const busy = useNavigation().state === 'submitting'
  const unitName = new Map(units.map((u) => [u.id, pick(u.nameTh, u.nameEn)]))
  const roundLabel = new Map(rounds.map((r) => [r.round, pick(r.labelTh, r.labelEn)]))
  const groups = [...new Set(items.map((i) => i.group))]
  const assignedUnits = units.filter((u) => items.some((i) => i.assignment?.unitIds.includes(u.id)))
  if (!catalog) return <Stack maw={1100} mx="auto"><Title order={2}>{t('assign.title')}</Title><Text c="dimmed">{t('assign.noCatalog')}</Text></Stack>
  return (
    <Stack maw={1100} mx="auto">
      <Title order={2}>{t('assign.title')}</Title>
      <Form method="get">
        <Group align="flex-end">
          <NativeSelect name="catalogId" label={t('assign.catalog')} defaultValue={catalog.id} data={catalogs.map((c) => ({ value: c.id, label: `${pick(c.nameTh, c.nameEn)} · ${formatFiscalYear(c.fiscalYear, locale)}` }))} />
          <Button type="submit" variant="light">{t('round.show')}</Button>
        </Group>
      </Form>
      {params.get('carried') ? <Alert color="teal" role="status">{t('rollover.done', { count: params.get('carried')! })}</Alert> : null}
      {params.get('assigned') ? <Alert color="teal" role="status">{t('assign.done', { count: params.get('assigned')! })}</Alert> : null}
      <FormError message={data?.formError} />
      {/* plain form controls (checkboxes; date boxes carry their typed text until JavaScript runs): assigning works without JavaScript */}
      <Form method="post" id="assign">
        <input type="hidden" name="intent" value="assign" />
        <input type="hidden" name="catalogId" value={catalog.id} />
        <Card withBorder>
          <Stack>
            {rounds.length === 0 ? (
              <BeDateInput name="dueDate" label={t('assign.dueDate')} required error={l(data?.fieldErrors?.dueDate)} w={240} />
            ) : (
              <Input.Wrapper label={t('assign.dueDate')} description={t('assign.roundsHelp')}>
                <SimpleGrid cols={{ base: 1, sm: Math.min(rounds.length, 4) }} mt={4}>
                  {rounds.map((r) => (
                    <BeDateInput
                      key={r.round}
                      name={`dueDate.${r.round}`}
                      label={t('assign.dueDateRound', { round: pick(r.labelTh, r.labelEn) })}
                      defaultValue={r.suggested}
                      description={t('assign.usualDue', { date: formatDate(`${r.suggested}T00:00:00+07:00`, locale, { style: 'long' }) })}
                      error={l(data?.fieldErrors?.[`dueDate.${r.round}`])}
                    />
                  ))}
                </SimpleGrid>
              </Input.Wrapper>
            )}
            <Input.Wrapper label={t('assign.units')} withAsterisk error={l(data?.fieldErrors?.unitIds)}>
              <Group gap="md" mt={4} role="group" aria-label={t('assign.units')}>
                {units.map((u) => <Checkbox key={u.id} name="unitIds" value={u.id} label={pick(u.nameTh, u.nameEn)} />)}
              </Group>
            </Input.Wrapper>
            <Input.Wrapper label={t('assign.owners')} error={l(data?.fieldErrors?.ownerIds)}>
              {people.length === 0 ? (
                <Text size="sm" c="dimmed">{t('assign.noPeople')}</Text>
              ) : (
                <ScrollArea.Autosize mah={160} mt={4}>
                  <Group gap="md" role="group" aria-label={t('assign.owners')}>
                    {people.map((p) => <Checkbox key={p.id} name="ownerIds" value={p.id} label={pick(p.nameTh, p.nameEn)} />)}
                  </Group>
                </ScrollArea.Autosize>
              )}
            </Input.Wrapper>
            <Group gap="xs" role="group" aria-label={t('assign.groups')}>
              <Text size="sm">{t('assign.groups')}:</Text>
              {groups.map((g) => <Checkbox key={g} name="groups" value={g} label={g} size="xs" />)}
            </Group>
            {assignedUnits.length ? (
              <Group gap="xs" role="group" aria-label={t('assign.fromUnits')}>
                <Text size="sm">{t('assign.fromUnits')}:</Text>
                {assignedUnits.map((u) => <Checkbox key={u.id} name="fromUnitIds" value={u.id} label={pick(u.nameTh, u.nameEn)} aria-label={`${t('assign.fromUnits')} ${pick(u.nameTh, u.nameEn)}`} size="xs" />)}
              </Group>
            ) : null}
            <Button type="submit" w="fit-content" loading={busy}>{t('assign.submit')}</Button>
          </Stack>
        </Card>
      </Form>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th />
            <Table.Th>{t('catalogs.code')}</Table.Th>
            <Table.Th>{t('catalogs.criterion')}</Table.Th>
            <Table.Th>{t('assign.units')}</Table.Th>
            <Table.Th>{t('assign.dueDate')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((i) => (
            <Table.Tr key={i.code} data-code={i.code}>
              <Table.Td><Checkbox name="itemCodes" value={i.code} form="assign" aria-label={i.code} /></Table.Td>
              <Table.Td>{i.code}</Table.Td>
              <Table.Td>{pick(i.titleTh, i.titleEn)}<Text size="xs" c="dimmed">{i.group}</Text></Table.Td>
              <Table.Td>{i.assignment ? i.assignment.unitIds.map((u) => unitName.get(u) ?? '—').join(', ') : <Text size="sm" c="dimmed">{t('assign.unassigned')}</Text>}</Table.Td>
              <Table.Td data-testid="due-dates">
                {i.assignment?.dueDates.length
                  ? i.assignment.dueDates.map((d) => (
                      <Text key={d.round} size="sm" fw={d.dueDate === i.assignment!.dueDate ? 600 : undefined}>
                        {roundLabel.get(d.round) ?? d.round}: {formatDate(d.dueDate, locale)}
                      </Text>
                    ))
                  : i.assignment?.dueDate
                    ? formatDate(i.assignment.dueDate, locale)
                    : i.rounds.length
                      ? <Text size="xs" c="dimmed">{i.rounds.map((r) => roundLabel.get(r) ?? r).join(', ')}</Text>
                      : ''}
              </Table.Td>
              <Table.Td>
                {i.assignment ? (
                  <Group gap={4} wrap="nowrap">
                    {i.assignment.status === 'carried' ? (
                      <>
                        <Badge color="orange" variant="light">{t('assign.carried')}</Badge>
                        <Form method="post">
                          <input type="hidden" name="intent" value="confirm" />
                          <input type="hidden" name="catalogId" value={catalog.id} />
                          <input type="hidden" name="assignmentId" value={i.assignment.id} />
                          <Button type="submit" size="compact-xs">{t('assign.confirm')}</Button>
                        </Form>
                      </>
                    ) : null}
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove" />
                      <input type="hidden" name="catalogId" value={catalog.id} />
                      <input type="hidden" name="assignmentId" value={i.assignment.id} />
                      <ConfirmButton size="compact-xs" variant="subtle" message={t('assign.removeConfirm', { code: i.code })}>{t('assign.remove')}</ConfirmButton>
                    </Form>
                  </Group>
                ) : null}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  )
}
