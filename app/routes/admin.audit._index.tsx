import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useLocation } from '@remix-run/react'
import { Anchor, Button, Code, Group, NativeSelect, Pagination, Stack, Table, Text, Title } from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { auditFilterFromUrl } from '#app/utils/audit-filter.server'
import { useLocale, useT } from '#app/utils/i18n'
import { requirePermission } from '#app/utils/session.server'
import { listAuditActions, listAuditEvents } from '#models/audit.server'
import { formatDate } from '#models/dates'
import { localize } from '#models/errors'
import { listPeople } from '#models/user.server'

const PAGE_SIZE = 50
const TARGET_TYPES = ['person', 'unit', 'organization', 'catalog', 'assignment', 'evidence', 'review', 'package']

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'audit.read')
  const url = new URL(request.url)
  const filter = auditFilterFromUrl(url)
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1)
  const [{ events, total }, actions, people] = await Promise.all([
    listAuditEvents(member.organization.id, filter, { limit: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE }),
    listAuditActions(member.organization.id),
    listPeople(member.organization.id),
  ])
  return json({
    events,
    total,
    page,
    pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
    actions,
    people: people.map((p) => ({ id: p.id, nameTh: p.nameTh, email: p.email })),
    filter: filter.raw,
  })
}

function summarize(changes: Record<string, { before?: unknown; after?: unknown }>) {
  return Object.entries(changes)
    .map(([k, v]) => `${k}: ${JSON.stringify(v.before)} → ${JSON.stringify(v.after)}`)
    .join('; ')
}

export default function AuditTrail() {
  const data = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
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
      <Form method="get">
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            label={t('audit.person')}
            name="actor"
            defaultValue={data.filter.actor}
            data={[{ value: '', label: t('audit.any') }, ...data.people.map((p) => ({ value: p.id, label: `${p.nameTh} (${p.email})` }))]}
          />
          <NativeSelect label={t('audit.action')} name="action" defaultValue={data.filter.action} data={[{ value: '', label: t('audit.any') }, ...data.actions]} />
          <NativeSelect label={t('audit.target')} name="target" defaultValue={data.filter.target} data={[{ value: '', label: t('audit.any') }, ...TARGET_TYPES]} />
          <BeDateInput label={`${t('audit.dateRange')} (${locale === 'th' ? 'ตั้งแต่' : 'from'})`} name="from" defaultValue={data.filter.from || null} w={170} />
          <BeDateInput label={locale === 'th' ? 'ถึง' : 'to'} name="to" defaultValue={data.filter.to || null} w={170} />
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
                <Table.Td>{localize(e.actorName, locale)}</Table.Td>
                <Table.Td><Code>{e.action}</Code></Table.Td>
                <Table.Td>{e.targetType}{e.targetLabel ? `: ${e.targetLabel}` : ''}</Table.Td>
                <Table.Td style={{ maxWidth: 420, wordBreak: 'break-word' }}><Text size="xs">{summarize(e.changes)}</Text></Table.Td>
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
              to: pageHref(control === 'next' ? Math.min(data.pages, data.page + 1) : control === 'previous' ? Math.max(1, data.page - 1) : control === 'first' ? 1 : data.pages),
            })}
          />
          <Anchor component={Link} to="/admin/audit" size="sm">✕</Anchor>
        </Group>
      ) : null}
    </Stack>
  )
}
