import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { csvChunks, csvField, toCsv } from '#evidence/documents/csv'

const HEADER = ['ข้อ', 'ชื่อ', 'URL', 'หมายเหตุ']
const ROWS = [
  [
    'O1',
    'โครงสร้าง หน้าที่และอำนาจ',
    'https://a.example.go.th/1\nhttps://a.example.go.th/2\nhttps://a.example.go.th/3',
    'อนุมัติแล้ว',
  ],
  ['O2', 'ข้อมูล "ผู้บริหาร", และรอง', 'https://a.example.go.th/x?a=1,2', 'บรรทัดหนึ่ง\r\nบรรทัดสอง'],
  ['O3', '', 'ไม่มี', 'ปิด\rท้าย'],
]

const read = (csv: string) => parse(csv, { bom: true }) as string[][]

describe('the CSV writer', () => {
  it('round-trips rows with line breaks, quotes and commas through csv-parse', () => {
    const csv = toCsv(HEADER, ROWS)
    expect(csv.startsWith('\ufeff')).toBe(true)
    expect(read(csv)).toEqual([HEADER, ...ROWS])
  })

  it('neutralises cells a spreadsheet would run as a formula', () => {
    const formulas = ['=HYPERLINK("https://evil.example","x")', '+1+2', '-2+3', '@SUM(A1)', '\t=1', '\r=1']
    expect(
      read(
        toCsv(
          ['a'],
          formulas.map((f) => [f]),
        ),
      )
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(formulas.map((f) => `'${f}`))
    // numbers are numbers, not formulas; a dash inside a text is fine
    expect(csvField(-5)).toBe('-5')
    expect(csvField('ก-ข')).toBe('ก-ข')
  })

  it('streams the same bytes as it writes whole', async () => {
    const chunks: string[] = []
    for await (const c of csvChunks(
      HEADER,
      (async function* () {
        yield* ROWS
      })(),
    ))
      chunks.push(c)
    expect(chunks.join('')).toBe(toCsv(HEADER, ROWS))
  })
})
