import { Form } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { Table, Text } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { DataTable } from '#app/components/ui/data-table'
import { EvidenceLink } from '#app/components/ui/fields'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'

/** What the bin's loader gives: deleted evidence until it is purged, and whether the person may restore it. */
export interface EvidenceBinData {
  items: { id: string; title: string; deletedAt: string; deletedByName: string; purgeAfter: string }[]
  canRestore: boolean
  retentionDays: number
}

/** Deleted evidence, kept for the retention period; administrators restore it. */
export function EvidenceBin({ items, canRestore, retentionDays }: SerializeFrom<EvidenceBinData>) {
  const { data, formError } = useActionForm<{ restored?: string }>()
  const t = useT()
  const locale = useLocale()
  const columns = (['field.title', 'bin.deletedAt', 'bin.deletedBy', 'bin.purgeAfter'] as const).map((k) =>
    t(`evidence.${k}`),
  )
  const restoreConfirm = (title: string) => t('evidence.bin.restoreConfirm', { title })
  return (
    <Page
      back={{ to: '/evidence', label: t('evidence.back') }}
      title={t('evidence.bin.title')}
      description={t('evidence.bin.intro', { days: retentionDays })}
    >
      <FormError message={formError} />
      {data?.restored ? (
        <Text c="teal" role="status">
          {t('evidence.bin.restore')}: {data.restored}
        </Text>
      ) : null}
      <DataTable
        columns={canRestore ? [...columns, ''] : columns}
        empty={items.length === 0 && t('evidence.bin.empty')}
        striped
      >
        {items.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>
              <EvidenceLink id={e.id}>{e.title}</EvidenceLink>
            </Table.Td>
            <Table.Td>{formatDate(e.deletedAt, locale, { style: 'datetime' })}</Table.Td>
            <Table.Td>{e.deletedByName}</Table.Td>
            <Table.Td>{formatDate(e.purgeAfter, locale)}</Table.Td>
            {canRestore ? (
              <Table.Td>
                <Form method="post">
                  <input type="hidden" name="evidenceId" value={e.id} />
                  <ConfirmButton size="compact-sm" color="teal" variant="light" message={restoreConfirm(e.title)}>
                    {t('evidence.bin.restore')}
                  </ConfirmButton>
                </Form>
              </Table.Td>
            ) : null}
          </Table.Tr>
        ))}
      </DataTable>
    </Page>
  )
}
