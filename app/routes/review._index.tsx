import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Anchor, Button, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ReviewStatusBadge } from '#app/components/review/status'
import { useLocale, useT } from '#app/utils/i18n'
import { requirePermission } from '#app/utils/session.server'
import { byFiscalYear, formatDate, formatFiscalYear } from '#models/dates'
import { listReviews, type ReviewStatus } from '#models/work/review.server'

const SHOWN = ['submitted', 'returned', 'approved'] as const satisfies readonly ReviewStatus[]

/** The assessor's list: items waiting for review (or returned, or approved), oldest submission first. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'review.decide')
  const asked = new URL(request.url).searchParams.get('status')
  const status = SHOWN.find((s) => s === asked) ?? 'submitted'
  // the year in progress first, then earlier years (each oldest submission first)
  return json({ status, rows: byFiscalYear(await listReviews(member.organization.id, [status])) })
}

export default function ReviewList() {
  const { status, rows } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  return (
    <Stack maw={1000} mx="auto">
      <Title order={2}>{t('review.list.title')}</Title>
      <Form method="get">
        <Group align="flex-end">
          <NativeSelect name="status" label={t('review.status')} defaultValue={status} data={SHOWN.map((s) => ({ value: s, label: t(`review.status.${s}`) }))} />
          <Button type="submit" variant="light">{t('review.list.show')}</Button>
        </Group>
      </Form>
      {rows.length === 0 ? <Text c="dimmed">{t('review.list.empty')}</Text> : null}
      {rows.length > 0 ? (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('review.list.item')}</Table.Th>
              <Table.Th>{t('review.list.catalog')}</Table.Th>
              <Table.Th>{t('review.list.submitted')}</Table.Th>
              <Table.Th>{t('review.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={`${r.catalogId}|${r.itemCode}`} data-testid="review-row">
                <Table.Td>
                  <Anchor component={Link} to={`/items/${r.catalogId}/${encodeURIComponent(r.itemCode)}`}>
                    {r.itemCode} {pick(r.titleTh, r.titleEn)}
                  </Anchor>
                </Table.Td>
                <Table.Td>{pick(r.catalogNameTh, r.catalogNameEn)} · {formatFiscalYear(r.fiscalYear, locale)}</Table.Td>
                <Table.Td>{r.submittedAt ? `${formatDate(r.submittedAt, locale, { style: 'datetime' })} · ${r.submittedByName}` : ''}</Table.Td>
                <Table.Td><ReviewStatusBadge status={r.status} /></Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      ) : null}
    </Stack>
  )
}
