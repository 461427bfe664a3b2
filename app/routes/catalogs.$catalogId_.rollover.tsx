import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog-badges'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError } from '#app/components/messages'
import { attempt } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { getRolloverScreen, confirmRollover } from '#models/catalog.server'
import { formatFiscalYear } from '#models/dates'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const to = new URL(request.url).searchParams.get('to')
  const result = await attempt(() => getRolloverScreen(member.organization.id, params.catalogId ?? '', to))
  if (!result.ok) return result.response
  return json(result.value)
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const to = String((await request.formData()).get('to') ?? '')
  const result = await attempt(() => confirmRollover(actorOf(member, request, context), params.catalogId ?? '', to))
  if (!result.ok) return result.response
  return redirect(`/assignments?catalogId=${to}&carried=${result.value.carried}`)
}

const COLORS = { same: 'gray', changed: 'yellow', renumbered: 'blue', new: 'teal', dropped: 'red' } as const

export default function Rollover() {
  const data = useLoaderData<typeof loader>()
  const failure = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  if ('formError' in data) return <FormError message={data.formError} />
  const { from, targets, plan } = data
  const year = from.fiscalYear + 1
  return (
    <Stack maw={1100} mx="auto">
      <Anchor component={Link} to={`/catalogs/${from.id}`} size="sm">← {pick(from.nameTh, from.nameEn)}</Anchor>
      <Title order={2}>{t('catalogs.rollover', { year })}</Title>
      {targets.length === 0 ? (
        <Alert color="yellow">{t('rollover.noTarget', { year })} <Anchor component={Link} to="/catalogs">{t('catalogs.title')}</Anchor></Alert>
      ) : (
        <Form method="get">
          <Group align="flex-end">
            <NativeSelect name="to" label={t('rollover.chooseTarget', { year: formatFiscalYear(year, locale) })} defaultValue={plan?.to.id} data={targets.map((c) => ({ value: c.id, label: `${pick(c.nameTh, c.nameEn)} (${t(`catalogs.status.${c.status}`)} · v${c.version})` }))} />
            <Button type="submit" variant="light">{t('rollover.review')}</Button>
          </Group>
        </Form>
      )}
      {plan ? (
        <>
          <Title order={3}>{t('rollover.title', { from: formatFiscalYear(plan.from.fiscalYear, locale), to: formatFiscalYear(plan.to.fiscalYear, locale) })}</Title>
          <Text>{t('rollover.intro')}</Text>
          <Group gap="xs" data-testid="rollover-counts">
            {(['same', 'changed', 'renumbered', 'new', 'dropped'] as const).map((k) => (
              <Badge key={k} color={COLORS[k]} variant="light">{t(`rollover.change.${k}`)}: {plan.rows.filter((r) => r.change === k).length}</Badge>
            ))}
          </Group>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th />
                <Table.Th>{t('rollover.old')}</Table.Th>
                <Table.Th>{t('rollover.new')}</Table.Th>
                <Table.Th>{t('rollover.similarity')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {plan.rows.map((r) => (
                <Table.Tr key={`${r.fromCode}-${r.toCode}`} data-change={r.change}>
                  <Table.Td><Badge color={COLORS[r.change]} variant="light">{t(`rollover.change.${r.change}`)}</Badge></Table.Td>
                  <Table.Td>{r.fromCode ? <><b>{r.fromCode}</b> {r.fromTitle}</> : '—'}</Table.Td>
                  <Table.Td>{r.toCode ? <><b>{r.toCode}</b> {r.toTitle}</> : '—'}</Table.Td>
                  <Table.Td>{r.similarity === null ? '' : `${Math.round(r.similarity * 100)}%`}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <FormError message={failure?.formError} />
          {plan.confirmed ? (
            <Alert color="gray">{t('rollover.already')}</Alert>
          ) : (
            <Form method="post">
              <input type="hidden" name="to" value={plan.to.id} />
              <ConfirmButton color="teal" message={t('rollover.confirmMessage', { to: pick(plan.to.nameTh, plan.to.nameEn) })}>{t('rollover.confirm')}</ConfirmButton>
            </Form>
          )}
        </>
      ) : null}
    </Stack>
  )
}
