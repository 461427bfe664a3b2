/** User-given file names become one displayable path segment (uploads keep names for display only). */
import { describe, expect, it } from 'vitest'
import { cleanDisplayText, safeFileName } from '#evidence/uploads/file-names'

describe('safeFileName', () => {
  it('keeps ordinary Thai names as they are, ; = and quotes included', () => {
    for (const name of [
      'รายงานผลการดำเนินงาน ปี 2569.pdf',
      "ประกาศ; ฉบับที่=2 (ผู้อำนวยการ's).pdf",
      'แผน "ใหม่".xlsx',
      'a.b.c.txt',
    ]) {
      expect(safeFileName(name)).toBe(name)
    }
  })

  it('removes NUL, CR/LF, bidi overrides and other invisible characters', () => {
    expect(safeFileName('รายงาน\u0000.pdf')).toBe('รายงาน.pdf')
    expect(safeFileName('รายงาน\r\nประจำปี.pdf')).toBe('รายงาน ประจำปี.pdf')
    expect(safeFileName('invoice\u202Efdp.exe')).toBe('invoicefdp.exe')
    expect(safeFileName('\u2066ชื่อ\u2069\u200F\u200E\u061C\uFEFF\u0007.txt')).toBe('ชื่อ.txt')
    expect(safeFileName('a\u2028b\u2029c.txt')).toBe('a b c.txt')
    // joiners stay: they are part of how some words and emoji are written
    expect(safeFileName('x\u200Dy.txt')).toBe('x\u200Dy.txt')
  })

  it('keeps one path segment: no separators, no "..", no hidden names', () => {
    expect(safeFileName('../../etc/passwd')).toBe('passwd')
    expect(safeFileName('..\\..\\windows\\win.ini')).toBe('win.ini')
    expect(safeFileName('C:\\Users\\สมชาย\\Desktop\\คำสั่ง.pdf')).toBe('คำสั่ง.pdf')
    expect(safeFileName('report..pdf')).toBe('report.pdf')
    expect(safeFileName('..')).toBe('file')
    expect(safeFileName('.pdf')).toBe('file.pdf')
    expect(safeFileName('.hidden.txt')).toBe('hidden.txt')
    expect(safeFileName('ชื่อ.pdf. . ')).toBe('ชื่อ.pdf')
    for (const bad of ['a/../b', '..', '../', 'x/..', '\u202E..\u0000/..']) {
      const name = safeFileName(bad)
      expect(name, bad).not.toMatch(/[/\\]|\.\.|[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/)
      expect(name.length, bad).toBeGreaterThan(0)
    }
  })

  it('trims, falls back when nothing is left, and shortens long names keeping the extension', () => {
    expect(safeFileName('   สรุป.docx  ')).toBe('สรุป.docx')
    expect(safeFileName('')).toBe('file')
    expect(safeFileName('\u0000\u202E / ')).toBe('file')
    expect(safeFileName('/', 'ไฟล์')).toBe('ไฟล์')
    const long = safeFileName(`${'ก'.repeat(400)}.pdf`)
    expect(Array.from(long)).toHaveLength(255)
    expect(long.endsWith('ก.pdf')).toBe(true)
  })
})

describe('cleanDisplayText', () => {
  it('makes one line without controls or bidi characters', () => {
    expect(cleanDisplayText('note\r\n\u202Eevil\u0000')).toBe('note evil')
    expect(cleanDisplayText('x'.repeat(300), 100)).toHaveLength(100)
  })
})
