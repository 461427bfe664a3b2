import { Anchor, Button, Group, NativeSelect, Pagination, Stack, Table, Text } from '@mantine/core'
import { Form, Link, useLocation } from '@remix-run/react'
import { BeDateInput } from '#app/components/be-date-input'
import { FormError, useLocalize } from '#app/components/messages'
import { DataTable } from '#app/components/ui/data-table'
import { Page } from '#app/components/ui/page'
import { auditActionLabel, auditTargetLabel } from '#app/messages/audit'
import { formatAuditChanges } from '#app/utils/audit-format'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import { localize } from '#models/errors'

export const AUDIT_TARGET_TYPES = [
  'person',
  'unit',
  'organization',
  'catalog',
  'assignment',
  'evidence',
  'review',
  'package',
]

type Changes = Record<string, { before?: unknown; after?: unknown }>

export interface AuditTrailData {
  events: {
    id: string
    at: string
    actorId: string | null
    actorName: string
    action: string
    targetType: string
    targetLabel: string
    changes: Changes
    ip: string
  }[]
  total: number
  page: number
  pages: number
  actions: string[]
  people: { id: string; nameTh: string; email: string }[]
  names: Record<string, string>
  filter: Record<string, string>
  formError: string | null
  fieldErrors: Record<string, string>
}

/** Each changed field: its label, then the value before and after, readable. */
function AuditChanges({ changes, names }: { changes: Changes; names: Record<string, string> }) {
  const locale = useLocale()
  const rows = formatAuditChanges(changes, locale, names)
  if (rows.length === 0) return null
  return (
    <Stack gap={2}>
      {rows.map((r) => (
        <Text size="xs" key={r.field}>
          <Text span fw={600} size="xs">
            {r.field}:
          </Text>{' '}
          {r.before} → {r.after}
        </Text>
      ))}
    </Stack>
  )
}

/** The filter form: person, action, target type and a Buddhist-era date range (GET, so the CSV link takes it along). */
function AuditFilter({ data }: { data: AuditTrailData }) {
  const t = useT()
  const locale = useLocale()
  const l = useLocalize()
  const any = { value: '', label: t('audit.any') }
  return (
    <Form method="get">
      <Group align="flex-end" wrap="wrap">
        <NativeSelect
          label={t('audit.person')}
          name="actor"
          defaultValue={data.filter.actor}
          data={[any, ...data.people.map((p) => ({ value: p.id, label: `${p.nameTh} (${p.email})` }))]}
        />
        <NativeSelect
          label={t('audit.action')}
          name="action"
          defaultValue={data.filter.action}
          data={[any, ...data.actions.map((a) => ({ value: a, label: auditActionLabel(a, locale) }))]}
        />
        <NativeSelect
          label={t('audit.target')}
          name="target"
          defaultValue={data.filter.target}
          data={[any, ...AUDIT_TARGET_TYPES.map((x) => ({ value: x, label: auditTargetLabel(x, locale) }))]}
        />
        <BeDateInput
          label={`${t('audit.dateRange')} (${locale === 'th' ? 'ตั้งแต่' : 'from'})`}
          name="from"
          defaultValue={data.filter.from || null}
          error={l(data.fieldErrors.from)}
          w={190}
        />
        <BeDateInput
          label={locale === 'th' ? 'ถึง' : 'to'}
          name="to"
          defaultValue={data.filter.to || null}
          error={l(data.fieldErrors.to)}
          w={190}
        />
        <Button type="submit">{t('audit.filter')}</Button>
      </Group>
    </Form>
  )
}

/** The pages of the trail as links that keep the filter; the arrow controls are named for screen readers. */
function AuditPages({ page, pages }: { page: number; pages: number }) {
  const t = useT()
  const location = useLocation()
  if (pages <= 1) return null
  const pageHref = (n: number) => {
    const params = new URLSearchParams(location.search)
    params.set('page', String(n))
    return `?${params}`
  }
  const target = (control: string) =>
    control === 'next'
      ? Math.min(pages, page + 1)
      : control === 'previous'
        ? Math.max(1, page - 1)
        : control === 'first'
          ? 1
          : pages
  return (
    <Group>
      <Pagination
        total={pages}
        value={page}
        getItemProps={(n) => ({ component: Link, to: pageHref(n) })}
        getControlProps={(control) => ({
          component: Link,
          'aria-label': t(control === 'next' || control === 'last' ? 'audit.next' : 'audit.prev'),
          to: pageHref(target(control)),
        })}
      />
      <Anchor component={Link} to="/admin/audit" size="sm">
        ✕
      </Anchor>
    </Group>
  )
}

/** The audit trail page: filter, count, the events with their changes, pages, and the CSV export of the same filter. */
export function AuditTrail({ data }: { data: AuditTrailData }) {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const exportButton = (
    <Button component="a" href={`/admin/audit.csv${location.search}`} variant="light">
      {t('audit.export')}
    </Button>
  )
  return (
    <Page title={t('audit.title')} actions={exportButton} width={1300}>
      <FormError message={data.formError} />
      <AuditFilter data={data} />
      <Text size="sm" c="dimmed">
        {t('audit.count', { count: data.total })}
      </Text>
      <DataTable
        striped
        empty={data.events.length === 0 && t('audit.empty')}
        columns={[
          t('audit.at'),
          t('audit.person'),
          t('audit.action'),
          t('audit.target'),
          t('audit.changes'),
          t('audit.ip'),
        ]}
      >
        {data.events.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.at, locale, { style: 'datetime' })}</Table.Td>
            <Table.Td>{e.actorId ? localize(e.actorName, locale) : t('audit.system')}</Table.Td>
            <Table.Td>{auditActionLabel(e.action, locale)}</Table.Td>
            <Table.Td>
              {auditTargetLabel(e.targetType, locale)}
              {e.targetLabel ? `: ${localize(e.targetLabel, locale)}` : ''}
            </Table.Td>
            <Table.Td style={{ maxWidth: 420, wordBreak: 'break-word' }}>
              <AuditChanges changes={e.changes} names={data.names} />
            </Table.Td>
            <Table.Td>{e.ip}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
      <AuditPages page={data.page} pages={data.pages} />
    </Page>
  )
}
