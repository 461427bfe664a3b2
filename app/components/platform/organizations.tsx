/**
 * The console's list of organizations: metadata only (names, code, type, parent, people, storage,
 * last activity, suspension), searched by code or name with a plain GET form (works without JavaScript).
 */
import { Form, Link } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Group, Table, Text, TextInput } from '@mantine/core'
import { DataTable } from '#app/components/ui/data-table'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import type { OrganizationSummary } from '#models/tenancy/operator.server'

/** "12.3 MB" (decimal units, as file managers show them). */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`
  const units = ['kB', 'MB', 'GB', 'TB']
  let v = bytes
  let i = -1
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000
    i++
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`
}

/** Active or suspended (the reason in the badge's title). */
export function StatusBadge({ suspended }: { suspended: OrganizationSummary['suspended'] }) {
  const t = useT()
  return suspended ? (
    <Badge color="red" variant="light" title={suspended.reason} data-testid="suspended-badge">
      {t('platform.suspended')}
    </Badge>
  ) : (
    <Badge color="teal" variant="light">
      {t('platform.active')}
    </Badge>
  )
}

export function OrganizationsPage({
  organizations,
  q,
  deleted,
}: {
  organizations: OrganizationSummary[]
  q: string
  deleted?: string | null
}) {
  const t = useT()
  const locale = useLocale()
  const pick = (th: string, en: string) => (locale === 'en' && en) || th
  const empty = organizations.length === 0 && (q ? t('platform.noMatch', { q }) : t('platform.empty'))
  const actions = (
    <>
      <Button component={Link} to="/platform/requests" variant="default">
        {t('requests.title')}
      </Button>
      <Button component={Link} to="/platform/organizations/new">
        {t('platform.new')}
      </Button>
    </>
  )
  return (
    <Page title={t('platform.title')} description={t('platform.intro')} actions={actions} width={1200}>
      {deleted ? (
        <Alert color="teal" role="status">
          {t('platform.deleted', { code: deleted })}
        </Alert>
      ) : null}
      <Form method="get" role="search">
        <Group align="flex-end">
          <TextInput name="q" label={t('platform.search')} defaultValue={q} maxLength={100} w={360} />
          <Button type="submit" variant="light">
            {t('platform.searchSubmit')}
          </Button>
        </Group>
      </Form>
      <Text size="sm" c="dimmed">
        {t('platform.count', { count: organizations.length })}
      </Text>
      <DataTable
        striped
        empty={empty}
        columns={[
          t('platform.col.code'),
          t('platform.col.name'),
          t('platform.col.type'),
          t('platform.col.parent'),
          t('platform.col.people'),
          t('platform.col.storage'),
          t('platform.col.lastActivity'),
          t('platform.col.status'),
        ]}
        columnAlign={[undefined, undefined, undefined, undefined, 'right', 'right']}
      >
        {organizations.map((o) => (
          <Table.Tr key={o.id} data-testid={`org-${o.code}`}>
            <Table.Td>
              <Anchor component={Link} to={`/platform/organizations/${o.id}`}>
                {o.code}
              </Anchor>
            </Table.Td>
            <Table.Td>
              <Text size="sm">{pick(o.nameTh, o.nameEn)}</Text>
              {o.nameEn && locale === 'th' ? (
                <Text size="xs" c="dimmed" lang="en">
                  {o.nameEn}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>{t(`org.type.${o.agencyType}`)}</Table.Td>
            <Table.Td>{o.parentCode ?? t('platform.none')}</Table.Td>
            <Table.Td ta="right">{o.people}</Table.Td>
            <Table.Td ta="right">{formatBytes(o.storageBytes)}</Table.Td>
            <Table.Td>
              {o.lastActivity ? formatDate(o.lastActivity, locale, { style: 'datetime' }) : t('platform.never')}
            </Table.Td>
            <Table.Td>
              <StatusBadge suspended={o.suspended} />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Page>
  )
}
