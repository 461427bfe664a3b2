import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Button, Card, Group, NumberInput, Stack, Table, Text, Title } from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { usePick } from '#app/components/catalog/badges'
import { FormError, useLocalize } from '#app/components/messages'
import { attempt } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { fiscalYearOf, formatDate, formatFiscalYear, bangkokDayValue } from '#models/dates'
import { getRoundScreen, PHASE_KINDS, saveRound } from '#models/work/round.server'

const yearOf = (request: Request) => Number(new URL(request.url).searchParams.get('year')) || fiscalYearOf(new Date())
/** A date box shows the Bangkok calendar day of a stored instant. */
const dayValue = (iso: string | null) => (iso ? bangkokDayValue(iso) : '')

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'assignment.manage')
  return json(await getRoundScreen(member.organization.id, yearOf(request)))
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'assignment.manage')
  const form = await request.formData()
  const fiscalYear = String(form.get('fiscalYear') ?? '')
  const value = (name: string) => String(form.get(name) ?? '')
  const result = await attempt(() =>
    saveRound(actorOf(member, request, context), {
      fiscalYear: Number(fiscalYear),
      phases: PHASE_KINDS.map((kind) => ({ kind, startsOn: value(`${kind}.startsOn`), endsOn: value(`${kind}.endsOn`) })),
      unitDeadlines: form.getAll('unitId').map((u) => ({ unitId: String(u), dueDate: value(`deadline.${u}`) })),
    }),
  )
  if (!result.ok) return result.response
  return redirect(`/rounds?year=${fiscalYear}&saved=1`)
}

export default function Rounds() {
  const { round, units } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const busy = useNavigation().state === 'submitting'
  const deadline = new Map(round.unitDeadlines.map((d) => [d.unitId, d.dueDate]))
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('round.title', { year: formatFiscalYear(round.fiscalYear, locale) })}</Title>
      <Form method="get">
        <Group align="flex-end">
          <NumberInput name="year" label={t('round.year')} defaultValue={round.fiscalYear} min={2500} max={2700} w={160} />
          <Button type="submit" variant="light">{t('round.show')}</Button>
        </Group>
      </Form>
      <FormError message={data?.formError} />
      <Form method="post">
        <input type="hidden" name="fiscalYear" value={round.fiscalYear} />
        <Card withBorder>
          <Title order={4}>{t('round.phases')} · {formatFiscalYear(round.fiscalYear, locale)}</Title>
          <Table>
            <Table.Tbody>
              {round.phases.map((p, i) => (
                <Table.Tr key={p.kind}>
                  <Table.Td>{t(`round.phase.${p.kind}`)}</Table.Td>
                  <Table.Td><BeDateInput name={`${p.kind}.startsOn`} label={t('round.startsOn')} aria-label={`${t(`round.phase.${p.kind}`)} ${t('round.startsOn')}`} defaultValue={dayValue(p.startsOn)} description={p.startsOn ? formatDate(p.startsOn, locale, { style: 'long' }) : undefined} error={l(data?.fieldErrors?.[`phases.${i}.startsOn`])} /></Table.Td>
                  <Table.Td><BeDateInput name={`${p.kind}.endsOn`} label={t('round.endsOn')} aria-label={`${t(`round.phase.${p.kind}`)} ${t('round.endsOn')}`} defaultValue={dayValue(p.endsOn)} description={p.endsOn ? formatDate(p.endsOn, locale, { style: 'long' }) : undefined} error={l(data?.fieldErrors?.[`phases.${i}.endsOn`])} /></Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={4} mt="md">{t('round.unitDeadlines')}</Title>
          <Text size="sm" c="dimmed">{t('due.roundRule')}</Text>
          <Table>
            <Table.Tbody>
              {units.map((u, i) => (
                <Table.Tr key={u.id}>
                  <Table.Td>{pick(u.nameTh, u.nameEn)}<input type="hidden" name="unitId" value={u.id} /></Table.Td>
                  <Table.Td>
                    <BeDateInput name={`deadline.${u.id}`} aria-label={pick(u.nameTh, u.nameEn)} defaultValue={dayValue(deadline.get(u.id) ?? null)} error={l(data?.fieldErrors?.[`unitDeadlines.${i}.dueDate`])} />
                    {deadline.get(u.id) ? <Text size="xs" c="dimmed">{formatDate(deadline.get(u.id)!, locale, { style: 'long' })}</Text> : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Button type="submit" mt="md" loading={busy}>{t('round.save')}</Button>
        </Card>
      </Form>
    </Stack>
  )
}
