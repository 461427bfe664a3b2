/**
 * The completeness matrix and its summary as an Excel workbook with Thai headers: the same numbers as the screen
 * (models/reporting/completeness.server.ts computes them), each status cell filled with its colour.
 */
import { formatDate, formatFiscalYear } from '#models/dates'
import { DEFINITIONS_TH, STATUS_TH, type Completeness, type Summary } from '#models/reporting/completeness.server'
import { ITEM_STATUSES, type ItemStatus } from '#models/work/review.server'
import { headerRow, newWorkbook, solidFill, thaiDate, workbookBytes } from '#evidence/documents/workbook.server'

/** The fill of each status (the screen uses the same colours by name). */
const STATUS_FILL: Record<ItemStatus, string> = {
  'not-started': 'FFE9ECEF',
  'in-progress': 'FFD0EBFF',
  carried: 'FFFFE8CC',
  submitted: 'FFE5DBFF',
  returned: 'FFFFC9C9',
  approved: 'FFC3FAE8',
}

/** The matrix and its summary as an Excel workbook with Thai headers, the same numbers as the screen. */
export async function completenessWorkbook(c: Completeness): Promise<Buffer> {
  const wb = newWorkbook(new Date(c.generatedAt))

  const matrix = wb.addWorksheet('ตารางความครบถ้วน')
  const fixed = [
    'รหัส',
    'ข้อ',
    'ตัวชี้วัด',
    'สถานะ',
    'หลักฐาน (รายการ)',
    'องค์ประกอบที่หลักฐานครบ',
    'องค์ประกอบทั้งหมด',
    'กำหนดส่ง',
    'เลยกำหนด',
  ]
  matrix.addRow([...fixed, ...c.units.map((u) => u.nameTh)])
  headerRow(matrix.getRow(1))
  matrix.columns.forEach((col, i) => (col.width = i === 1 ? 48 : i < fixed.length ? 14 : 22))
  for (const r of c.rows) {
    const row = matrix.addRow([
      r.itemCode,
      r.titleTh,
      r.group,
      STATUS_TH[r.status],
      r.evidenceCount,
      r.elementsCovered,
      r.elementsRequired,
      thaiDate(r.dueDate),
      r.overdue ? 'เลยกำหนด' : null,
      ...c.units.map((u) => {
        const cell = r.cells[u.id]
        return cell ? `${STATUS_TH[cell.status]}${cell.overdue ? ' · เลยกำหนด' : ''}` : null
      }),
    ])
    row.getCell(4).fill = solidFill(STATUS_FILL[r.status])
    c.units.forEach((u, i) => {
      const cell = r.cells[u.id]
      if (cell) row.getCell(fixed.length + 1 + i).fill = solidFill(STATUS_FILL[cell.status])
    })
  }
  matrix.views = [{ state: 'frozen', xSplit: 2, ySplit: 1 }]

  const summary = wb.addWorksheet('สรุป')
  summary.addRow(['แค็ตตาล็อก', c.catalog.nameTh])
  summary.addRow(['ปีงบประมาณ', formatFiscalYear(c.catalog.fiscalYear, 'th')])
  summary.addRow(['ข้อมูล ณ', formatDate(c.generatedAt, 'th', { style: 'datetime' })])
  summary.addRow(['ข้อที่ยังไม่มอบหมาย', c.unassigned])
  summary.addRow([DEFINITIONS_TH.approvedPct])
  summary.addRow([DEFINITIONS_TH.evidencePct])
  summary.addRow([DEFINITIONS_TH.overdue])
  summary.addRow([])
  headerRow(
    summary.addRow([
      'ตัวชี้วัด',
      'จำนวนข้อ',
      'อนุมัติแล้ว',
      'ร้อยละอนุมัติ',
      'องค์ประกอบทั้งหมด',
      'องค์ประกอบที่หลักฐานครบ',
      'ร้อยละหลักฐานครบ',
      'เลยกำหนด',
      ...ITEM_STATUSES.map((s) => STATUS_TH[s]),
    ]),
  )
  const line = (label: string, s: Summary) => {
    const row = summary.addRow([
      label,
      s.items,
      s.approved,
      s.approvedPct,
      s.elementsRequired,
      s.elementsCovered,
      s.evidencePct,
      s.overdue,
      ...ITEM_STATUSES.map((st) => s.byStatus[st]),
    ])
    row.getCell(4).numFmt = '0.0'
    row.getCell(7).numFmt = '0.0'
    return row
  }
  for (const g of c.groups) line(g.group, g)
  line('รวมทั้งหมด', c.overall).font = { bold: true }
  summary.getColumn(1).width = 28
  for (let i = 2; i <= 8 + ITEM_STATUSES.length; i++) summary.getColumn(i).width = 16

  const byUnit = wb.addWorksheet('หน่วยงาน')
  headerRow(byUnit.addRow(['หน่วยงาน', 'จำนวนข้อ', 'เลยกำหนด', ...ITEM_STATUSES.map((s) => STATUS_TH[s])]))
  for (const u of c.units) byUnit.addRow([u.nameTh, u.cells, u.overdue, ...ITEM_STATUSES.map((s) => u.byStatus[s])])
  byUnit.getColumn(1).width = 36

  return workbookBytes(wb)
}
