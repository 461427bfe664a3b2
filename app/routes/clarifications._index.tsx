import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Anchor, Badge, Button, Card, Group, Input, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ClarificationStatusBadge, ClarificationWindowNote, ResultBadge } from '#app/components/review/clarification'
import { FormError, useLocalize } from '#app/components/messages'
import { readCatalogUpload } from '#app/utils/catalog-upload.server'
import { attempt, fields } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { importPreliminaryResults, listClarificationCatalogs, listClarifications, recordPreliminaryResult } from '#models/work/clarification.server'
import { formatFiscalYear } from '#models/dates'
import { forbidden } from '#models/errors'
import { can, type MembershipGrant } from '#models/tenancy/permissions'

const mayRecord = (m: MembershipGrant) => can(m, 'catalog.manage') || can(m, 'assignment.manage')

/** Preliminary OIT results of one ITA catalog with their clarifications; administrators record and import them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const organizationId = member.organization.id
  const catalogs = await listClarificationCatalogs(organizationId)
  const asked = new URL(request.url).searchParams.get('catalog')
  const chosen = catalogs.find((c) => c.id === asked) ?? catalogs[0] ?? null
  const screen = chosen ? await listClarifications(organizationId, chosen.id) : null
  return json({ catalogs, screen, canRecord: mayRecord(member.membership) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  if (!mayRecord(member.membership)) throw new Response(forbidden().message, { status: 403 })
  const actor = actorOf(member, request, context)
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')
  const result = await attempt(async () => {
    if (multipart) {
      const { form, file } = await readCatalogUpload(request)
      const done = await importPreliminaryResults(actor, member.membership, String(form.get('catalogId') ?? ''), file.bytes)
      return { done: 'import' as const, rows: done.rows }
    }
    const f = fields(await request.formData(), ['intent', 'catalogId', 'itemCode', 'result', 'comment'])
    if (f.intent !== 'record') throw new Response('คำสั่งไม่ถูกต้อง / unknown intent', { status: 400 })
    await recordPreliminaryResult(actor, member.membership, f.catalogId, { itemCode: f.itemCode, result: f.result as 'passed', comment: f.comment })
    return { done: 'record' as const, rows: 1 }
  })
  if (!result.ok) return result.response
  return json({ ...result.value, formError: null, fieldErrors: {} as Record<string, string> })
}

export default function Clarifications() {
  const { catalogs, screen, canRecord } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const nav = useNavigation()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const errors = (data?.fieldErrors ?? {}) as Record<string, string>
  const csvErrors = Object.entries(errors).filter(([k]) => k.startsWith('csv.'))
  const done = data && 'done' in data && nav.state === 'idle' ? data : null
  const busy = (what: string) => nav.state === 'submitting' && (nav.formData?.get('intent') === what || (what === 'import' && nav.formEncType === 'multipart/form-data'))

  return (
    <Stack maw={1100} mx="auto">
      <Title order={2}>{t('clar.title')}</Title>
      {catalogs.length === 0 || !screen ? <Text c="dimmed">{t('clar.noCatalog')}</Text> : null}
      {catalogs.length > 1 ? (
        <Form method="get">
          <Group align="flex-end">
            <NativeSelect name="catalog" label={t('clar.catalog')} defaultValue={screen?.catalog.id} data={catalogs.map((c) => ({ value: c.id, label: `${pick(c.nameTh, c.nameEn)} · ${formatFiscalYear(c.fiscalYear, locale)} (v${c.version})` }))} />
            <Button type="submit" variant="default">{t('clar.show')}</Button>
          </Group>
        </Form>
      ) : null}
      {screen ? (
        <>
          <ClarificationWindowNote window={screen.window} />
          <FormError message={data?.formError} />
          {csvErrors.length > 1 ? (
            <Stack component="ul" gap={2} m={0} data-testid="csv-errors">
              {csvErrors.map(([k, m]) => (
                <Text component="li" key={k} size="sm" c="red.8">{l(m)}</Text>
              ))}
            </Stack>
          ) : null}
          {done ? <Text c="teal" role="status">{done.done === 'import' ? t('clar.done.import', { rows: done.rows }) : t('clar.done.record')}</Text> : null}
          {screen.rows.length === 0 ? (
            <Text c="dimmed">{t('clar.empty')}</Text>
          ) : (
            <Table striped withTableBorder>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('clar.col.item')}</Table.Th>
                  <Table.Th>{t('clar.col.result')}</Table.Th>
                  <Table.Th>{t('clar.col.comment')}</Table.Th>
                  <Table.Th>{t('clar.col.status')}</Table.Th>
                  <Table.Th>{t('clar.col.owner')}</Table.Th>
                  <Table.Th>{t('clar.col.deadline')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {screen.rows.map((r) => (
                  <Table.Tr key={r.itemCode} data-testid="clarification-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/clarifications/${screen.catalog.id}/${r.itemCode}`}>
                        {r.itemCode} {pick(r.titleTh, r.titleEn)}
                      </Anchor>
                    </Table.Td>
                    <Table.Td><ResultBadge result={r.result} /></Table.Td>
                    <Table.Td><Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{r.comment}</Text></Table.Td>
                    <Table.Td>{r.result === 'passed' ? <Text size="sm" c="dimmed">{t('clar.status.notNeeded')}</Text> : <ClarificationStatusBadge status={r.clarificationStatus} />}</Table.Td>
                    <Table.Td><Text size="sm">{r.owners.length ? r.owners.map((o) => pick(o.th, o.en)).join(', ') : t('clar.unassigned')}</Text></Table.Td>
                    <Table.Td>
                      {r.result === 'passed' || r.clarificationStatus === 'approved' ? null : screen.window.overdue ? (
                        <Badge color="red" variant="light">{t('clar.window.overdue').split(':')[0]}</Badge>
                      ) : screen.window.daysLeft !== null ? (
                        <Text size="sm">{t('clar.window.daysLeft', { days: screen.window.daysLeft })}</Text>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          )}
          {canRecord && screen.catalog.status !== 'archived' ? (
            <Group align="flex-start" grow>
              <Card withBorder>
                <Form method="post">
                  <input type="hidden" name="intent" value="record" />
                  <input type="hidden" name="catalogId" value={screen.catalog.id} />
                  <Stack gap="xs">
                    <Title order={4}>{t('clar.record.title')}</Title>
                    <NativeSelect name="itemCode" label={t('clar.record.item')} data={screen.criteria.map((c) => ({ value: c.code, label: `${c.code} ${pick(c.titleTh, c.titleEn)}`.slice(0, 80) }))} error={l(errors.itemCode)} />
                    <NativeSelect
                      name="result"
                      label={t('clar.record.result')}
                      data={[
                        { value: 'not-passed', label: t('clar.result.not-passed') },
                        { value: 'passed', label: t('clar.result.passed') },
                      ]}
                      error={l(errors.result)}
                    />
                    <TextInput name="comment" label={t('clar.record.comment')} maxLength={2000} error={l(errors.comment)} />
                    <Button type="submit" w="fit-content" loading={busy('record')}>{t('clar.record.save')}</Button>
                  </Stack>
                </Form>
              </Card>
              <Card withBorder>
                <Form method="post" encType="multipart/form-data">
                  <input type="hidden" name="catalogId" value={screen.catalog.id} />
                  <Stack gap="xs">
                    <Title order={4}>{t('clar.import.title')}</Title>
                    <Text size="sm" c="dimmed">{t('clar.import.hint')}</Text>
                    <Input.Wrapper label={t('clar.import.file')} error={l(errors.file)} withAsterisk>
                      <input type="file" name="file" accept=".csv,text/csv" required aria-label={t('clar.import.file')} style={{ display: 'block', marginTop: 4 }} />
                    </Input.Wrapper>
                    <Button type="submit" w="fit-content" loading={busy('import')}>{t('clar.import.submit')}</Button>
                  </Stack>
                </Form>
              </Card>
            </Group>
          ) : null}
        </>
      ) : null}
    </Stack>
  )
}
