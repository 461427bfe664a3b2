/**
 * A table read from an uploaded sheet (.xlsx or .csv: evidence/sheets/read.server.ts reads the bytes), as the
 * set-up imports of units and people take it, and the refusal of a whole file. Every problem names the sheet, the
 * row (as the spreadsheet numbers it, the header being row 1), the column (by its header) and the rule; one bad row
 * refuses the file, so nothing is saved from it. Pure: no I/O.
 */
import { AppError, bi, halves } from '#models/errors'

export interface SheetRow {
  /** The row's number in the sheet (the header is row 1). */
  row: number
  /** The cells by column key, as trimmed text ('' when empty). */
  values: Record<string, string>
}

export interface SheetRows {
  /** The worksheet's name, or the file's name for a CSV file. */
  sheet: string
  rows: SheetRow[]
}

export interface SheetProblem {
  sheet: string
  row: number
  /** The column's header as the file has it (or as the import expects it when missing). */
  column: string
  /** The rule, bilingual. */
  rule: string
}

/** One problem as a line people read: "แผ่นงาน units แถว 4 คอลัมน์ kind: … / sheet units, row 4, column kind: …". */
export function problemLine(p: SheetProblem): string {
  const { th, en } = halves(p.rule)
  return bi(
    `แผ่นงาน ${p.sheet} แถว ${p.row} คอลัมน์ ${p.column}: ${th}`,
    `sheet ${p.sheet}, row ${p.row}, column ${p.column}: ${en}`,
  )
}

/** A file refused whole: every problem found, the first one also under the form's `file` field. */
export class SheetRefusal extends AppError {
  constructor(readonly problems: SheetProblem[]) {
    const first = halves(problemLine(problems[0]))
    super(
      bi(
        `นำเข้าไม่สำเร็จ ไม่มีการบันทึกใด ๆ (${problems.length} ปัญหา): ${first.th}`,
        `import refused, nothing was saved (${problems.length} problem(s)): ${first.en}`,
      ),
      400,
      { file: problemLine(problems[0]) },
    )
  }
  /** Every problem as a bilingual line, for the screen's list. */
  get lines(): string[] {
    return this.problems.map(problemLine)
  }
}

/** A column the import reads: its key, and the headers it is recognised by (Thai and English, any case). */
export interface SheetColumn {
  key: string
  headers: string[]
  required: boolean
}
