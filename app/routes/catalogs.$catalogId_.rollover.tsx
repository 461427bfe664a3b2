import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError, useLocalize } from '#app/components/messages'
import { attempt } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import type { RolloverOverrides } from '#models/catalog/items'
import { confirmRollover, getRolloverScreen, planRollover, startNextYearFromCatalog, type RolloverPlan } from '#models/catalog/catalog.server'
import { formatFiscalYear } from '#models/dates'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const to = new URL(request.url).searchParams.get('to')
  const result = await attempt(() => getRolloverScreen(member.organization.id, params.catalogId ?? '', to))
  if (!result.ok) return result.response
  return json(result.value)
}

/** The review form's choices: "match.<new code>" = the old code it continues, or "" for new. */
function overridesOf(form: FormData): RolloverOverrides {
  const out: RolloverOverrides = {}
  for (const [key, value] of form.entries()) if (key.startsWith('match.') && typeof value === 'string') out[key.slice('match.'.length)] = value || null
  return out
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'catalog.manage')
  const form = await request.formData()
  const to = String(form.get('to') ?? '')
  const from = params.catalogId ?? ''
  const overrides = overridesOf(form)
  if (form.get('intent') === 'year-shift') {
    const result = await attempt(() => startNextYearFromCatalog(actorOf(member, request, context), from))
    if (!result.ok) return result.response
    return redirect(`/catalogs/${from}/rollover?to=${result.value.catalog.id}`)
  }
  if (form.get('intent') === 'preview') {
    const result = await attempt(() => planRollover(member.organization.id, from, to, overrides))
    if (!result.ok) return result.response
    return json({ plan: result.value })
  }
  const result = await attempt(() => confirmRollover(actorOf(member, request, context), from, to, overrides))
  if (!result.ok) return result.response
  return redirect(`/assignments?catalogId=${to}&carried=${result.value.carried}`)
}

const COLORS = { same: 'gray', changed: 'yellow', renumbered: 'blue', new: 'teal', dropped: 'red' } as const

export default function Rollover() {
  const data = useLoaderData<typeof loader>()
  const answer = useActionData<typeof action>() as { plan?: RolloverPlan; formError?: string; fieldErrors?: Record<string, string> } | undefined
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const busy = useNavigation().state === 'submitting'
  if ('formError' in data) return <FormError message={data.formError} />
  const { from, targets, oldItems, yearShift } = data
  // a preview answers with the plan as the administrator chose it
  const plan = answer?.plan ?? data.plan
  const year = from.fiscalYear + 1
  const options = [{ value: '', label: t('rollover.noMatch') }, ...oldItems.map((o) => ({ value: o.code, label: `${o.code} ${pick(o.titleTh, o.titleEn).slice(0, 60)}` }))]
  return (
    <Stack maw={1100} mx="auto">
      <Anchor component={Link} to={`/catalogs/${from.id}`} size="sm">← {pick(from.nameTh, from.nameEn)}</Anchor>
      <Title order={2}>{t('catalogs.rollover', { year: formatFiscalYear(year, locale) })}</Title>
      {targets.length === 0 ? (
        <Alert color="yellow" title={t('rollover.noTarget', { year: formatFiscalYear(year, locale) })}>
          <Form method="post">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">{t('rollover.yearShiftHelp', { from: from.fiscalYear, to: year })}</Text>
              <Button type="submit" name="intent" value="year-shift" loading={busy}>{t('rollover.yearShift', { year: formatFiscalYear(year, locale) })}</Button>
              <FormError message={answer?.formError} />
            </Stack>
          </Form>
        </Alert>
      ) : (
        <Form method="get">
          <Group align="flex-end">
            <NativeSelect name="to" label={t('rollover.chooseTarget', { year: formatFiscalYear(year, locale) })} defaultValue={plan?.to.id} data={targets.map((c) => ({ value: c.id, label: `${pick(c.nameTh, c.nameEn)} (${t(`catalogs.status.${c.status}`)} · v${c.version})` }))} />
            <Button type="submit" variant="light">{t('rollover.review')}</Button>
          </Group>
        </Form>
      )}
      {plan ? (
        <Form method="post">
          <input type="hidden" name="to" value={plan.to.id} />
          <Stack>
            <Title order={3}>{t('rollover.title', { from: formatFiscalYear(plan.from.fiscalYear, locale), to: formatFiscalYear(plan.to.fiscalYear, locale) })}</Title>
            {yearShift ? (
              <details open data-testid="year-shift-changes">
                <summary>{t('rollover.yearShiftChanges', { count: yearShift.length })}</summary>
                <Table striped mt="xs">
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('rollover.item')}</Table.Th>
                      <Table.Th>{t('rollover.before')}</Table.Th>
                      <Table.Th>{t('rollover.after')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {yearShift.map((c) => (
                      <Table.Tr key={c.path}>
                        <Table.Td>{c.itemCode ?? t('rollover.catalogItself')}</Table.Td>
                        <Table.Td>{c.before}</Table.Td>
                        <Table.Td>{c.after}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </details>
            ) : null}
            <Text>{t('rollover.intro')}</Text>
            {plan.confirmed ? null : <Text size="sm" c="dimmed">{t('rollover.overrideHelp')}</Text>}
            <Group gap="xs" data-testid="rollover-counts">
              {(['same', 'changed', 'renumbered', 'new', 'dropped'] as const).map((k) => (
                <Badge key={k} color={COLORS[k]} variant="light">{t(`rollover.change.${k}`)}: {plan.rows.filter((r) => r.change === k).length}</Badge>
              ))}
            </Group>
            <FormError message={answer?.formError} />
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
                  <Table.Tr key={`${r.fromCode}-${r.toCode}`} data-change={r.change} data-to={r.toCode ?? undefined}>
                    <Table.Td>
                      <Badge color={COLORS[r.change]} variant="light">{t(`rollover.change.${r.change}`)}</Badge>
                      {r.overridden ? <Badge color="grape" variant="outline" ml={4}>{t('rollover.overridden')}</Badge> : null}
                    </Table.Td>
                    <Table.Td>
                      {r.fromCode ? <><b>{r.fromCode}</b> {r.fromTitle}</> : '—'}
                      {r.toCode && !plan.confirmed ? (
                        <NativeSelect
                          mt={4}
                          size="xs"
                          name={`match.${r.toCode}`}
                          aria-label={t('rollover.matchLabel', { code: r.toCode })}
                          defaultValue={r.fromCode ?? ''}
                          data={options}
                          error={l(answer?.fieldErrors?.[`match.${r.toCode}`])}
                        />
                      ) : null}
                    </Table.Td>
                    <Table.Td>{r.toCode ? <><b>{r.toCode}</b> {r.toTitle}</> : '—'}</Table.Td>
                    <Table.Td>{r.similarity === null ? '' : `${Math.round(r.similarity * 100)}%`}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
            {plan.confirmed ? (
              <Alert color="gray">{t('rollover.already')}</Alert>
            ) : (
              <Group>
                <Button type="submit" name="intent" value="preview" variant="light" loading={busy}>{t('rollover.preview')}</Button>
                <ConfirmButton name="intent" value="confirm" color="teal" message={t('rollover.confirmMessage', { to: pick(plan.to.nameTh, plan.to.nameEn) })}>{t('rollover.confirm')}</ConfirmButton>
              </Group>
            )}
          </Stack>
        </Form>
      ) : null}
    </Stack>
  )
}
