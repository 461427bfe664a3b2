import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { Anchor, Button, Code, Group, NativeSelect, Pagination, Stack, Table, Text, Title } from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { FormError, useLocalize } from '#app/components/messages'
import { auditFilterFromUrl } from '#app/utils/audit-filter.server'
import { useLocale, useT } from '#app/utils/i18n'
import { requirePermission } from '#app/utils/session.server'
import { listAuditActions, listAuditEvents } from '#models/tenancy/audit.server'
import { formatDate } from '#models/dates'
import { AppError, localize } from '#models/errors'
import { listPeople } from '#models/tenancy/user.server'
import { localeFromCookie } from '#app/i18n'
import { auditActionLabel, auditTargetLabel } from '#app/messages/audit'
import { formatAuditChanges } from '#app/utils/audit-format'
import { listCatalogs } from '#models/catalog/catalog.server'
import { listUnits } from '#models/tenancy/unit.server'

const PAGE_SIZE = 50
const TARGET_TYPES = ['person', 'unit', 'organization', 'catalog', 'assignment', 'evidence', 'review', 'package']

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'audit.read')
  const url = new URL(request.url)
  let filter: ReturnType<typeof auditFilterFromUrl> | null = null
  let refusal: AppError | null = null
  try {
    filter = auditFilterFromUrl(url)
  } catch (error) {
    // a bad date in the filter: the page says which and why, and lists nothing for it
    if (!(error instanceof AppError)) throw error
    refusal = error
  }
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1)
  const [{ events, total }, actions, people] = await Promise.all([
    filter ? listAuditEvents(member.organization.id, filter, { limit: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE }) : { events: [] as Awaited<ReturnType<typeof listAuditEvents>>['events'], total: 0 },
    listAuditActions(member.organization.id),
    listPeople(member.organization.id),
  ])
  // the ids events carry, shown by name
  const locale = localeFromCookie(request.headers.get('Cookie'))
  const pick = (th: string, en: string) => (locale === 'en' && en) || th
  const [units, catalogs] = await Promise.all([listUnits(member.organization.id), listCatalogs(member.organization.id)])
  const names = Object.fromEntries([
    ...people.map((p) => [p.id, pick(p.nameTh, p.nameEn)]),
    ...units.map((u) => [u.id, pick(u.nameTh, u.nameEn)]),
    ...catalogs.map((c) => [c.id, pick(c.nameTh, c.nameEn)]),
  ]) as Record<string, string>
  const get = (k: string) => url.searchParams.get(k)?.slice(0, 100) ?? ''
  return json(
    {
      events,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      actions,
      people: people.map((p) => ({ id: p.id, nameTh: p.nameTh, email: p.email })),
      names,
      filter: filter?.raw ?? { actor: get('actor'), action: get('action'), target: get('target'), from: get('from'), to: get('to') },
      formError: refusal?.message ?? null,
      fieldErrors: refusal?.fieldErrors ?? ({} as Record<string, string>),
    },
    { status: refusal ? 400 : 200 },
  )
}

/** Each changed field: its label, then the value before and after, readable. */
function AuditChanges({ changes, names }: { changes: Record<string, { before?: unknown; after?: unknown }>; names: Record<string, string> }) {
  const locale = useLocale()
  const rows = formatAuditChanges(changes, locale, names)
  if (rows.length === 0) return null
  return (
    <Stack gap={2}>
      {rows.map((r) => (
        <Text size="xs" key={r.field}>
          <Text span fw={600} size="xs">{r.field}:</Text> {r.before} → {r.after}
        </Text>
      ))}
    </Stack>
  )
}

export default function AuditTrail() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const l = useLocalize()
  const location = useLocation()
  const pageHref = (page: number) => {
    const params = new URLSearchParams(location.search)
    params.set('page', String(page))
    return `?${params}`
  }
  return (
    <Stack maw={1300} mx="auto">
      <Group justify="space-between">
        <Title order={2}>{t('audit.title')}</Title>
        <Button component="a" href={`/admin/audit.csv${location.search}`} variant="light">
          {t('audit.export')}
        </Button>
      </Group>
      <FormError message={data.formError} />
      <Form method="get">
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('audit.person')}
            name="actor"
            defaultValue={data.filter.actor}
            data={[{ value: '', label: t('audit.any') }, ...data.people.map((p) => ({ value: p.id, label: `${p.nameTh} (${p.email})` }))]}
          />
          <NativeSelect label={t('audit.action')} name="action" defaultValue={data.filter.action} data={[{ value: '', label: t('audit.any') }, ...data.actions.map((a) => ({ value: a, label: auditActionLabel(a, locale) }))]} />
          <NativeSelect label={t('audit.target')} name="target" defaultValue={data.filter.target} data={[{ value: '', label: t('audit.any') }, ...TARGET_TYPES.map((x) => ({ value: x, label: auditTargetLabel(x, locale) }))]} />
          <BeDateInput label={`${t('audit.dateRange')} (${locale === 'th' ? 'ตั้งแต่' : 'from'})`} name="from" defaultValue={data.filter.from || null} error={l(data.fieldErrors.from)} w={190} />
          <BeDateInput label={locale === 'th' ? 'ถึง' : 'to'} name="to" defaultValue={data.filter.to || null} error={l(data.fieldErrors.to)} w={190} />
          <Button type="submit">{t('audit.filter')}</Button>
        </Group>
      </Form>
      <Text size="sm" c="dimmed">{t('audit.count', { count: data.total })}</Text>
      {data.events.length === 0 ? (
        <Text c="dimmed">{t('audit.empty')}</Text>
      ) : (
        <Table striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('audit.at')}</Table.Th>
              <Table.Th>{t('audit.person')}</Table.Th>
              <Table.Th>{t('audit.action')}</Table.Th>
              <Table.Th>{t('audit.target')}</Table.Th>
              <Table.Th>{t('audit.changes')}</Table.Th>
              <Table.Th>{t('audit.ip')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.events.map((e) => (
              <Table.Tr key={e.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.at, locale, { style: 'datetime' })}</Table.Td>
                <Table.Td>{e.actorId ? localize(e.actorName, locale) : t('audit.system')}</Table.Td>
                <Table.Td>{auditActionLabel(e.action, locale)}</Table.Td>
                <Table.Td>{auditTargetLabel(e.targetType, locale)}{e.targetLabel ? `: ${localize(e.targetLabel, locale)}` : ''}</Table.Td>
                <Table.Td style={{ maxWidth: 420, wordBreak: 'break-word' }}><AuditChanges changes={e.changes} names={data.names} /></Table.Td>
                <Table.Td>{e.ip}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {data.pages > 1 ? (
        <Group>
          <Pagination
            total={data.pages}
            value={data.page}
            getItemProps={(page) => ({ component: Link, to: pageHref(page) })}
            getControlProps={(control) => ({
              component: Link,
              // the controls are arrows only: name them
              'aria-label': t(control === 'next' || control === 'last' ? 'audit.next' : 'audit.prev'),
              to: pageHref(control === 'next' ? Math.min(data.pages, data.page + 1) : control === 'previous' ? Math.max(1, data.page - 1) : control === 'first' ? 1 : data.pages),
            })}
          />
          <Anchor component={Link} to="/admin/audit" size="sm">✕</Anchor>
        </Group>
      ) : null}
    </Stack>
  )
}
