import { Form, Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { Anchor, Button, Group, NativeSelect, Table } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ReviewStatusBadge } from '#app/components/review/status'
import { DataTable } from '#app/components/ui/data-table'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate, formatFiscalYear } from '#models/dates'
import type { ReviewListRow, ReviewStatus } from '#models/work/review.server'

/** The statuses the assessor's list can show. */
export const REVIEW_LIST_STATUSES = ['submitted', 'returned', 'approved'] as const satisfies readonly ReviewStatus[]

/** What the review list's loader gives: the status shown and its items. */
export interface ReviewListData {
  status: (typeof REVIEW_LIST_STATUSES)[number]
  rows: ReviewListRow[]
}

/** The assessor's list: items waiting for review (or returned, or approved), oldest submission first. */
export function ReviewList({ status, rows }: SerializeFrom<ReviewListData>) {
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  const columns = [t('review.list.item'), t('review.list.catalog'), t('review.list.submitted'), t('review.status')]
  return (
    <Page title={t('review.list.title')} width={1000}>
      <Form method="get">
        <Group align="flex-end">
          <NativeSelect
            name="status"
            label={t('review.status')}
            defaultValue={status}
            data={REVIEW_LIST_STATUSES.map((s) => ({ value: s, label: t(`review.status.${s}`) }))}
          />
          <Button type="submit" variant="light">
            {t('review.list.show')}
          </Button>
        </Group>
      </Form>
      <DataTable columns={columns} empty={rows.length === 0 && t('review.list.empty')}>
        {rows.map((r) => (
          <Table.Tr key={`${r.catalogId}|${r.itemCode}`} data-testid="review-row">
            <Table.Td>
              <Anchor component={Link} to={`/items/${r.catalogId}/${encodeURIComponent(r.itemCode)}`}>
                {r.itemCode} {pick(r.titleTh, r.titleEn)}
              </Anchor>
            </Table.Td>
            <Table.Td>
              {pick(r.catalogNameTh, r.catalogNameEn)} · {formatFiscalYear(r.fiscalYear, locale)}
            </Table.Td>
            <Table.Td>
              {r.submittedAt
                ? `${formatDate(r.submittedAt, locale, { style: 'datetime' })} · ${r.submittedByName}`
                : ''}
            </Table.Td>
            <Table.Td>
              <ReviewStatusBadge status={r.status} />
            </Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Page>
  )
}
