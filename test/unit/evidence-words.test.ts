/** The words the library's search indexes and looks up: Thai segmented, both digit forms, tone marks, any case. */
import { describe, expect, it } from 'vitest'
import { normalizeText, queryWords, snippet, wordSet, words } from '#models/evidence/words'

describe('words', () => {
  it('finds Thai words inside a sentence written without spaces', () => {
    const w = words('รายงานผลการจัดซื้อจัดจ้างประจำเดือนธันวาคม')
    expect(w).toEqual(expect.arrayContaining(['รายงาน', 'จัด', 'ซื้อ', 'จ้าง', 'ประจำ', 'เดือน', 'ธันวาคม']))
    // the word searched alone segments the same way as inside the sentence
    for (const q of ['ธันวาคม', 'รายงาน', 'ประจำเดือน']) for (const x of queryWords(q)) expect(w).toContain(x)
  })

  it('splits mixed Thai and English, lower-cases English, drops punctuation', () => {
    expect(words('สรุปผล Procurement REPORT ไตรมาส Q2, (ฉบับแก้ไข)')).toEqual([
      'สรุป',
      'ผล',
      'procurement',
      'report',
      'ไตรมาส',
      'q2',
      'ฉบับ',
      'แก้ไข',
    ])
  })

  it('reads Thai digits as 0–9, so a year matches however it was typed', () => {
    expect(words('ปีงบประมาณ ๒๕๖๗')).toContain('2567')
    expect(queryWords('๒๕๖๗')).toEqual(['2567'])
    expect(words('สขร1-03-ธันวาคม-2567')).toEqual(['สขร1', '03', 'ธันวาคม', '2567'])
  })

  it('keeps tone marks and fixes the forms PDFs give: shifted glyphs, SARA AM in two parts, mark order', () => {
    // น้ำ as text taken from a PDF: NIKHAHIT, tone mark, SARA AA
    expect(words('นํ้าประปา')).toEqual(words('น้ำประปา'))
    // a tone mark typed before its vowel looks the same on screen
    expect(normalizeText('ท\u0e48\u0e35')).toBe('ที่')
    // Windows Thai fonts' shifted tone mark (U+F70B) is MAI THO
    expect(normalizeText('จ\uf70Bาง')).toBe('จ้าง')
    // tone marks distinguish words: ข้าว and ขาว are not the same word
    expect(wordSet(['ข้าว']).has('ขาว')).toBe(false)
    // zero-width spaces some editors put between Thai words do not split or join words
    expect(words('ข้อมูล\u200bสาธารณะ')).toEqual(['ข้อมูล', 'สาธารณะ'])
  })

  it('gives the distinct words of several fields, without repeats', () => {
    const set = wordSet(['แผนงาน แผนงาน', 'plan.pdf', null, 'PLAN'])
    expect([...set]).toEqual(['แผน', 'งาน', 'plan.pdf', 'plan', 'pdf'])
  })

  it('indexes a file name both whole and in pieces, so that any piece finds it', () => {
    const set = wordSet(['รายงาน_ประจำปี.pdf', 'ผลการจัดซื้อ ม.ค. 68'])
    for (const q of ['รายงาน', 'ประจำ', 'ปี', 'pdf', 'ม.ค', 'ม.ค.', '68'])
      for (const w of queryWords(q)) expect(set).toContain(w)
  })

  it('keeps at most 12 distinct search words, in the order typed', () => {
    expect(queryWords('Report report REPORT')).toEqual(['report'])
    expect(queryWords(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(12)
    expect(queryWords('  ,;  ')).toEqual([])
  })
})

describe('snippet', () => {
  it('shows the text around the first word found and marks every appearance, either digit form', () => {
    const text = `${'ก'.repeat(300)} ตรวจพบกระเบื้องชำรุด ปี ๒๕๖๗ และกระเบื้องแตก ${'ข'.repeat(300)}`
    const parts = snippet(text, ['กระเบื้อง', '2567'])!
    expect(parts[0].text).toBe('…')
    expect(parts.filter((p) => p.hit).map((p) => p.text)).toEqual(['กระเบื้อง', '๒๕๖๗', 'กระเบื้อง'])
    expect(parts.at(-1)!.text).toBe('…')
  })

  it('is null when the words are not in the text (found in the title or file name)', () => {
    expect(snippet('ไม่มีคำนั้น', ['กระเบื้อง'])).toBeNull()
    expect(snippet('', ['x'])).toBeNull()
  })

  it('matches English in any case', () => {
    expect(snippet('The Annual REPORT', ['report'])!.find((p) => p.hit)!.text).toBe('REPORT')
  })
})
