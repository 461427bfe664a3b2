import { Anchor, Table } from '@mantine/core'
import { Link } from '@remix-run/react'
import { PersonStatusBadge } from '#app/components/people/status-badge'
import { DataTable } from '#app/components/ui/data-table'
import { useLocale, useT } from '#app/utils/i18n'
import type { Role } from '#models/tenancy/permissions'

interface Row {
  id: string
  nameTh: string
  nameEn: string
  email: string
  hasPassword: boolean
  membership: { role: Role; unitIds: string[]; pending?: boolean; active: boolean }
}

/** The organization's people: name (to their page), e-mail, role, units and standing. */
export function PeopleTable({
  people,
  units,
}: {
  people: Row[]
  units: { id: string; nameTh: string; nameEn: string }[]
}) {
  const t = useT()
  const locale = useLocale()
  const unitName = new Map(units.map((u) => [u.id, (locale === 'en' && u.nameEn) || u.nameTh]))
  return (
    <DataTable
      striped
      highlightOnHover
      empty={people.length === 0 && t('people.empty')}
      columns={[t('people.nameTh'), t('people.email'), t('people.role'), t('people.units'), t('people.status')]}
    >
      {people.map((p) => (
        <Table.Tr key={p.id}>
          <Table.Td>
            <Anchor component={Link} to={`/admin/people/${p.id}`}>
              {(locale === 'en' && p.nameEn) || p.nameTh}
            </Anchor>
          </Table.Td>
          <Table.Td>{p.email}</Table.Td>
          <Table.Td>{t(`role.${p.membership.role}`)}</Table.Td>
          <Table.Td>{p.membership.unitIds.map((u) => unitName.get(u) ?? '?').join(', ') || '—'}</Table.Td>
          <Table.Td>
            <PersonStatusBadge person={p} showActive />
          </Table.Td>
        </Table.Tr>
      ))}
    </DataTable>
  )
}
