import { Table, type TableProps } from '@mantine/core'
import type { ReactNode } from 'react'
import { EmptyState } from '#app/components/ui/page'

interface DataTableProps extends TableProps {
  /** The header cells' contents, in order (a key is made from the position). */
  columns: ReactNode[]
  /** The header cells' text alignment by position (numbers are right-aligned): `columnAlign={[undefined, 'right']}`. */
  columnAlign?: ('left' | 'center' | 'right' | undefined)[]
  /** When set (a text), shown instead of the table: `empty={rows.length === 0 && t('x.empty')}`. */
  empty?: ReactNode
  /** The body's rows (<Table.Tr>…). */
  children: ReactNode
}

/** A table with a header row, or the empty-state line when there is nothing to list. */
export function DataTable({ columns, columnAlign, empty, children, ...props }: DataTableProps) {
  if (empty) return <EmptyState>{empty}</EmptyState>
  return (
    <Table {...props}>
      <Table.Thead>
        <Table.Tr>
          {columns.map((c, i) => (
            <Table.Th key={i} ta={columnAlign?.[i]}>
              {c}
            </Table.Th>
          ))}
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>{children}</Table.Tbody>
    </Table>
  )
}
