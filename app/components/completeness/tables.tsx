/** The completeness tables: per indicator, and the item × unit matrix with unit totals. */
import { Link } from '@remix-run/react'
import { Badge, Group, Table, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import type { Completeness } from '#app/components/completeness/types'
import { ITEM_STATUS_COLOR, ITEM_STATUSES } from '#app/components/ui/status-colors'
import { DataTable } from '#app/components/ui/data-table'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import { RenderTurn } from '#app/components/ui/render-turns'
import { ReviewStatusBadge } from '#app/components/review/status'
import { plain, PlainBadge } from '#app/components/ui/rows'

export const percent = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`)

const INDICATOR_COLUMNS = ['indicator', 'items', 'approvedPct', 'evidencePct', 'elements', 'overdue', 'status'] as const

export function ByIndicator({ groups }: { groups: Completeness['groups'] }) {
  const t = useT()
  return (
    <>
      <Title order={3}>{t('cmp.byIndicator')}</Title>
      <Table.ScrollContainer minWidth={700}>
        <DataTable striped data-testid="by-indicator" columns={INDICATOR_COLUMNS.map((c) => t(`cmp.${c}`))}>
          {groups.map((g) => (
            <Table.Tr key={g.group} data-group={g.group}>
              <Table.Td>{g.group}</Table.Td>
              <Table.Td>{g.items}</Table.Td>
              <Table.Td data-testid="group-approved-pct">
                {percent(g.approvedPct)} ({g.approved})
              </Table.Td>
              <Table.Td data-testid="group-evidence-pct">{percent(g.evidencePct)}</Table.Td>
              <Table.Td>
                {g.elementsCovered} / {g.elementsRequired}
              </Table.Td>
              <Table.Td c={g.overdue ? 'red' : undefined}>{g.overdue}</Table.Td>
              <Table.Td>
                <Group gap={4}>
                  {ITEM_STATUSES.filter((st) => g.byStatus[st] > 0).map((st) => (
                    <Badge key={st} color={ITEM_STATUS_COLOR[st]} variant="light" size="sm">
                      {t(`review.status.${st}`)}: {g.byStatus[st]}
                    </Badge>
                  ))}
                </Group>
              </Table.Td>
            </Table.Tr>
          ))}
        </DataTable>
      </Table.ScrollContainer>
    </>
  )
}

/** Each status's cell colour, once for the page's 1 800 cells rather than in each one's style. */
const CELL_COLORS = ITEM_STATUSES.map(
  (st) => `.rows-cell[data-status=${st}]{background:var(--mantine-color-${ITEM_STATUS_COLOR[st]}-1)}`,
).join('')

export function Matrix({ data }: { data: Completeness }) {
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  return (
    <>
      <Title order={3}>{t('cmp.matrix')}</Title>
      <style>{CELL_COLORS}</style>
      <Table.ScrollContainer minWidth={Math.max(800, 520 + data.units.length * 130)}>
        <Table withColumnBorders data-testid="matrix">
          <Table.Thead>
            <Table.Tr>
              <Table.Th
                style={{
                  position: 'sticky',
                  left: 0,
                  zIndex: 2,
                  background: 'var(--mantine-color-body)',
                  minWidth: 240,
                }}
              >
                {t('cmp.item')}
              </Table.Th>
              <Table.Th>{t('cmp.status')}</Table.Th>
              <Table.Th>{t('cmp.evidence')}</Table.Th>
              <Table.Th>{t('cmp.elements')}</Table.Th>
              <Table.Th>{t('cmp.due')}</Table.Th>
              {data.units.map((u) => (
                <Table.Th key={u.id}>{pick(u.nameTh, u.nameEn)}</Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          {/* plain rows and cells with the table's classes (and rows.css): a Mantine component each (Box, with its
              style props, under every one) made most of the page's server render */}
          <Table.Tbody className="rows-list">
            {data.rows.map((r) => (
              <RenderTurn key={r.itemCode}>
                <tr className={Table.classes.tr} data-with-row-border data-item={r.itemCode}>
                  <th
                    className={Table.classes.th}
                    data-with-column-border
                    scope="row"
                    style={{
                      position: 'sticky',
                      left: 0,
                      zIndex: 1,
                      background: 'var(--mantine-color-body)',
                      fontWeight: 400,
                    }}
                  >
                    <Link
                      to={`/items/${data.catalog.id}/${encodeURIComponent(r.itemCode)}`}
                      className={`${plain.anchor} rows-sm`}
                      data-size="sm"
                      data-underline="always"
                    >
                      {r.itemCode} {pick(r.titleTh, r.titleEn)}
                    </Link>
                    <p className={`${plain.text} rows-xs rows-dimmed`} data-size="xs">
                      {r.group}
                    </p>
                  </th>
                  <td className={Table.classes.td} data-with-column-border>
                    <ReviewStatusBadge status={r.status} data-testid="row-status" />
                  </td>
                  <td className={Table.classes.td} data-with-column-border data-testid="row-evidence">
                    {r.evidenceCount}
                  </td>
                  <td className={Table.classes.td} data-with-column-border data-testid="row-elements">
                    {r.elementsCovered} / {r.elementsRequired}
                  </td>
                  <td className={Table.classes.td} data-with-column-border>
                    <p
                      className={`${plain.text} rows-sm`}
                      data-size="sm"
                      style={r.overdue ? { color: 'var(--mantine-color-red-text)' } : undefined}
                    >
                      {r.dueDate ? formatDate(r.dueDate, locale) : '—'}
                    </p>
                    {r.overdue ? (
                      <PlainBadge color="red" size="xs">
                        {t('due.overdue')}
                      </PlainBadge>
                    ) : null}
                  </td>
                  {/* plain cells with the table's classes (and rows.css): one Mantine component per cell (1 800 of
                    them) made the page's server render ~17x slower */}
                  {data.units.map((u) => {
                    const cell = r.cells[u.id]
                    if (!cell) return <td key={u.id} className={Table.classes.td} data-with-column-border />
                    return (
                      <td
                        key={u.id}
                        className={`${Table.classes.td} rows-cell`}
                        data-with-column-border
                        data-unit={u.id}
                        data-status={cell.status}
                        aria-label={t('cmp.cellLabel', {
                          item: r.itemCode,
                          unit: pick(u.nameTh, u.nameEn),
                          status: [t(`review.status.${cell.status}`), cell.overdue ? t('cmp.cellOverdue') : null]
                            .filter(Boolean)
                            .join(' · '),
                        })}
                        style={cell.overdue ? { boxShadow: 'inset 0 0 0 2px var(--mantine-color-red-6)' } : undefined}
                      >
                        {t(`review.status.${cell.status}`)}
                        {cell.overdue ? (
                          <div style={{ color: 'var(--mantine-color-red-text)', fontWeight: 600 }}>
                            {t('cmp.cellOverdue')}
                          </div>
                        ) : null}
                      </td>
                    )
                  })}
                </tr>
              </RenderTurn>
            ))}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th style={{ position: 'sticky', left: 0, background: 'var(--mantine-color-body)' }}>
                {t('cmp.unitTotals')}
              </Table.Th>
              <Table.Td colSpan={4} />
              {data.units.map((u) => (
                <Table.Td key={u.id} data-testid="unit-total">
                  {u.byStatus.approved} / {u.cells}
                  {u.overdue ? (
                    <Text size="xs" c="red">
                      {t('cmp.overdue')}: {u.overdue}
                    </Text>
                  ) : null}
                </Table.Td>
              ))}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </>
  )
}
