/**
 * The text of an uploaded file, for the library's search: PDF (pdf.js through unpdf), DOCX (mammoth), XLSX
 * (exceljs), plain text and CSV. A document that parses but holds no text (a scanned PDF: pictures of pages) is
 * `empty`, so the library can say its content cannot be searched; a file that does not parse throws.
 */
import ExcelJS from 'exceljs'
import mammoth from 'mammoth'
import { extractText as pdfText, getDocumentProxy } from 'unpdf'
import { displayText } from '#models/evidence/words'

/** Characters of text taken from one file at most. */
export const MAX_TEXT_CHARS = 1_000_000

export type Extracted = { state: 'done'; text: string } | { state: 'empty'; text: '' }

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

async function fromPdf(bytes: Buffer): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(bytes))
  try {
    const { text } = await pdfText(pdf, { mergePages: false })
    return text.join('\n\n')
  } finally {
    await pdf.loadingTask.destroy()
  }
}

async function fromXlsx(bytes: Buffer): Promise<string> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer)
  const lines: string[] = []
  let size = 0
  workbook.eachSheet((sheet) => {
    lines.push(sheet.name)
    sheet.eachRow((row) => {
      if (size > MAX_TEXT_CHARS) return
      const cells: string[] = []
      row.eachCell((cell) => {
        const t = cell.text?.trim()
        if (t) cells.push(t)
      })
      const line = cells.join(' ')
      size += line.length
      lines.push(line)
    })
  })
  return lines.join('\n')
}

/** The text of `bytes` of type `mimeType` (as the upload's sniffing decided it). */
export async function extractFileText(bytes: Buffer, mimeType: string): Promise<Extracted> {
  let text: string
  if (mimeType === 'application/pdf') text = await fromPdf(bytes)
  else if (mimeType === DOCX) text = (await mammoth.extractRawText({ buffer: bytes })).value
  else if (mimeType === XLSX) text = await fromXlsx(bytes)
  else if (mimeType.startsWith('text/')) text = bytes.toString('utf8')
  else throw new Error(`no text reader for ${mimeType}`)
  const clean = displayText(text.slice(0, MAX_TEXT_CHARS))
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, ' ')
    .trim()
  // a scan's pages yield nothing, or only stray marks: no letter or digit means nothing to search
  return /[\p{L}\p{N}]/u.test(clean) ? { state: 'done', text: clean } : { state: 'empty', text: '' }
}
