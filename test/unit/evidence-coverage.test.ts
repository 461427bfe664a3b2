import { describe, expect, it } from 'vitest'
import {
  coverageGrid,
  coveredPeriod,
  fiscalMonthsCovered,
  periodFromText,
  type PeriodKind,
} from '#models/evidence/coverage'

type Expected = [from: string, to: string, kind: PeriodKind] | null

/** Titles and file names as coordinators name them, and the period each must give (no fiscal year known). */
const TITLES: [text: string, expected: Expected][] = [
  // one month: Thai full and abbreviated names, BE and CE years, two and four digits
  ['สขร1-03-ธันวาคม-2567', ['2024-12', '2024-12', 'month']],
  ['สขร.1 ประจำเดือน ธ.ค. 67.pdf', ['2024-12', '2024-12', 'month']],
  ['สรุปผลการจัดซื้อจัดจ้าง ม.ค. 68', ['2025-01', '2025-01', 'month']],
  ['สรุปผลการจัดซื้อจัดจ้างประจำเดือนมกราคม2568', ['2025-01', '2025-01', 'month']],
  ['รายงานการใช้จ่ายงบประมาณ เดือนกุมภาพันธ์ พ.ศ. 2568', ['2025-02', '2025-02', 'month']],
  ['ผลการดำเนินงาน ประจำเดือน มี.ค.2568', ['2025-03', '2025-03', 'month']],
  ['สขร_เม.ย.68_กองคลัง.pdf', ['2025-04', '2025-04', 'month']],
  ['สขร_ตค67.pdf', ['2024-10', '2024-10', 'month']],
  ['ข้อมูลเผยแพร่ พย67.xlsx', ['2024-11', '2024-11', 'month']],
  ['รายงานสรุป กรกฏาคม 2568', ['2025-07', '2025-07', 'month']], // the common misspelling with ฏ
  ['ธันวาคม ปี 2567', ['2024-12', '2024-12', 'month']], // "ปี" with a month is a calendar year
  ['สขร.๑ ประจำเดือน ต.ค. ๒๕๖๗', ['2024-10', '2024-10', 'month']], // Thai digits
  // numeric months
  ['procurement-2567-12.pdf', ['2024-12', '2024-12', 'month']],
  ['สขร 12/2567', ['2024-12', '2024-12', 'month']],
  ['รายงานประจำเดือน 5/2568', ['2025-05', '2025-05', 'month']],
  // English, CE and BE
  ['Procurement summary Jan 2025', ['2025-01', '2025-01', 'month']],
  ['report_Jan-25.pdf', ['2025-01', '2025-01', 'month']],
  ['Monthly report September 2568', ['2025-09', '2025-09', 'month']],
  ['Staff list May 2025.xlsx', ['2025-05', '2025-05', 'month']],
  // ranges
  ['ผลการดำเนินงาน ต.ค. 67 – มี.ค. 68', ['2024-10', '2025-03', 'months']],
  ['รายงาน ตุลาคม 2567 - มีนาคม 2568', ['2024-10', '2025-03', 'months']],
  ['Progress Oct 2024–Mar 2025.pdf', ['2024-10', '2025-03', 'months']],
  ['สรุปผล ต.ค.-ธ.ค. 2567', ['2024-10', '2024-12', 'months']],
  ['ตั้งแต่ 1 ต.ค. 67 ถึง 31 มี.ค. 68', ['2024-10', '2025-03', 'months']],
  ['ระหว่างเดือนพฤศจิกายน – ธันวาคม ปีงบประมาณ 2568', ['2024-11', '2024-12', 'months']],
  // fiscal quarters (Q1 = ต.ค.–ธ.ค.)
  ['ผลการดำเนินงานไตรมาสที่ 2/2568', ['2025-01', '2025-03', 'quarter']],
  ['รายงานไตรมาสที่ ๒/๒๕๖๘.pdf', ['2025-01', '2025-03', 'quarter']],
  ['Risk report Q2 FY2569', ['2026-01', '2026-03', 'quarter']],
  ['ITA_Q1/68.docx', ['2024-10', '2024-12', 'quarter']],
  ['2568_Q1_สขร.pdf', ['2024-10', '2024-12', 'quarter']],
  ['ไตรมาส 3 ปีงบประมาณ พ.ศ. 2568', ['2025-04', '2025-06', 'quarter']],
  ['รายงานไตรมาส 1-2 ปีงบประมาณ 2568', ['2024-10', '2025-03', 'months']],
  // halves and rounds counted from October
  ['ครึ่งปีแรก ปีงบประมาณ 2569', ['2025-10', '2026-03', 'half']],
  ['รายงานผลการดำเนินงานรอบ 6 เดือน ปีงบประมาณ พ.ศ. 2568', ['2024-10', '2025-03', 'half']],
  ['ผลการดำเนินงาน 6 เดือนแรก 2569', ['2025-10', '2026-03', 'half']],
  ['ครึ่งปีหลัง 2568', ['2025-04', '2025-09', 'half']],
  ['รายงานรอบ 9 เดือน ปีงบประมาณ 2568', ['2024-10', '2025-06', 'months']],
  ['FY2569_H1_report.xlsx', ['2025-10', '2026-03', 'half']],
  // whole fiscal years
  ['แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2568', ['2024-10', '2025-09', 'fiscal-year']],
  ['Annual plan FY2568.pdf', ['2024-10', '2025-09', 'fiscal-year']],
  ['Budget FY2025', ['2024-10', '2025-09', 'fiscal-year']], // a CE fiscal year after "FY"
  ['รายงานประจำปี 2567', ['2023-10', '2024-09', 'fiscal-year']],
  ['แผนปฏิบัติราชการ 5 ปี พ.ศ. 2566-2570', ['2022-10', '2027-09', 'fiscal-years']],
  ['สถิติการให้บริการ ปีปฏิทิน 2567', ['2024-01', '2024-12', 'months']],
  // the month named outranks a date on the title, a quarter outranks a day date
  ['ประกาศ ณ วันที่ 5 มกราคม 2568 สรุปผลการจัดซื้อจัดจ้างประจำเดือนธันวาคม 2567', ['2024-12', '2024-12', 'month']],
  ['ข้อมูล ณ วันที่ 31 ธ.ค. 2567 ไตรมาส 1 ปีงบประมาณ 2568', ['2024-10', '2024-12', 'quarter']],
  ['ประกาศ ลงวันที่ 15 ม.ค. 2568', ['2025-01', '2025-01', 'month']],
  ['scan 2567-12-15.pdf', ['2024-12', '2024-12', 'month']],
  // decoys: numbers, agencies and words that look like months, lone years, ambiguity
  ['คำสั่งที่ 123/2568', null],
  ['คำสั่งที่ 12/2568 เรื่อง แต่งตั้งคณะทำงาน', null],
  ['รายงานการประชุมครั้งที่ 3/2568', null],
  ['ใบสั่งซื้อ 12/2568.pdf', null],
  ['ประกาศ 5/2568', null],
  ['แผนผังองค์กร.pdf', null],
  ['หลักเกณฑ์ ก.พ.ร. 2568', null],
  ['ประกาศ ส.ก.พ. 2568', null],
  ['แผนพัฒนาทรัพยากรบุคคล 2568', null],
  ['บริการที่มีคุณภาพ 68', null],
  ['คู่มือ พ.ร.บ. ข้อมูลข่าวสารของราชการ พ.ศ. 2540', null],
  ['Staff may 2025 attend', null],
  ['Decision memo Dec 15', null],
  ['Risk report Q4 2024', null], // a calendar or a fiscal quarter? not said
  ['H1 report', null],
  ['ระยะเวลา 6 เดือน', null],
  ['สรุป ม.ค. 68 และ ก.พ. 68', null], // two months, neither marked: which one?
  ['แผนปฏิบัติการ ปีงบประมาณ 2567 และ ปีงบประมาณ 2568', null],
  ['ธันวาคม', null], // no year and no fiscal year given
  ['ไตรมาส 2', null],
]

describe('periodFromText: the period a title or file name names', () => {
  it('has a table of at least 40 titles', () => expect(TITLES.length).toBeGreaterThanOrEqual(40))

  it.each(TITLES)('%s', (text, expected) => {
    const period = periodFromText(text)
    expect(period && [period.from, period.to, period.kind]).toEqual(expected)
    if (period) {
      expect(period.source).toBe('title')
      expect(period.yearAssumed).toBeUndefined()
    }
  })

  it(
    'dates a month, quarter or half written without a year in the ' + 'fiscal year being assessed, and says so',
    () => {
      const fy = { fiscalYear: 2568 }
      expect(periodFromText('สรุปผลการจัดซื้อจัดจ้าง ธันวาคม', fy)).toEqual({
        from: '2024-12',
        to: '2024-12',
        kind: 'month',
        source: 'title',
        yearAssumed: true,
      })
      expect(periodFromText('สรุปผลการจัดซื้อจัดจ้าง มีนาคม', fy)).toMatchObject({
        from: '2025-03',
        to: '2025-03',
        yearAssumed: true,
      })
      expect(periodFromText('ไตรมาส 2', fy)).toMatchObject({
        from: '2025-01',
        to: '2025-03',
        kind: 'quarter',
        yearAssumed: true,
      })
      expect(periodFromText('รอบ 6 เดือน', fy)).toMatchObject({
        from: '2024-10',
        to: '2025-03',
        kind: 'half',
        yearAssumed: true,
      })
      expect(periodFromText('ตุลาคม - ธันวาคม', fy)).toMatchObject({
        from: '2024-10',
        to: '2024-12',
        kind: 'months',
        yearAssumed: true,
      })
    },
  )

  it('never puts the assessed year over a year the text names', () => {
    // the text has a year that does not attach to the month: guessing the assessed year could give the wrong month
    expect(periodFromText('ธันวาคม (2565)', { fiscalYear: 2568 })).toBeNull()
    expect(periodFromText('Oct-Dec 24', { fiscalYear: 2569 })).toBeNull() // "24": a day, or 2024? not 2025 anyway
    expect(periodFromText('สขร ธันวาคม 2566', { fiscalYear: 2568 })).toMatchObject({ from: '2023-12' })
    expect(periodFromText('ไตรมาสที่ 2/2567', { fiscalYear: 2568 })).toMatchObject({ from: '2024-01', to: '2024-03' })
    // a bare abbreviation stays nothing even with a year to lend it ("ก.พ." is also the civil service commission)
    expect(periodFromText('มติ ก.พ.', { fiscalYear: 2568 })).toBeNull()
  })

  it('gives null for empty text', () => {
    expect(periodFromText('')).toBeNull()
    expect(periodFromText(null)).toBeNull()
  })
})

describe('fiscalMonthsCovered: a period on a fiscal year grid', () => {
  const covered = (from: string, to: string) => fiscalMonthsCovered({ from, to }, 2568)
  // what a period covers of FY2568: these months, whole quarters, and whether it reaches outside the year
  const grid = (months: number[], quarters: number[] = [], outside = 'none') => ({ months, quarters, outside })
  it('numbers the months of FY2568 from October 2024 (1) to September 2025 (12)', () => {
    expect(covered('2024-10', '2024-10')).toEqual(grid([1]))
    expect(covered('2024-12', '2024-12')).toEqual(grid([3]))
    expect(covered('2025-01', '2025-01')).toEqual(grid([4]))
    expect(covered('2025-09', '2025-09')).toEqual(grid([12]))
  })

  it('fills whole quarters only when all three months are covered', () => {
    expect(covered('2025-01', '2025-03')).toEqual(grid([4, 5, 6], [2]))
    expect(covered('2024-11', '2025-03')).toEqual(grid([2, 3, 4, 5, 6], [2]))
    const year = fiscalMonthsCovered({ from: '2024-10', to: '2025-09' }, 2568)
    expect(year).toEqual({ months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], quarters: [1, 2, 3, 4], outside: 'none' })
  })

  it('marks a period outside the fiscal year, wholly or in part', () => {
    expect(covered('2024-09', '2024-09')).toEqual(grid([], [], 'entirely'))
    expect(covered('2025-10', '2025-12')).toEqual(grid([], [], 'entirely'))
    expect(covered('2024-07', '2024-12')).toEqual(grid([1, 2, 3], [1], 'partly'))
    expect(covered('2025-07', '2025-12')).toEqual(grid([10, 11, 12], [4], 'partly'))
    // a whole previous fiscal year, for the previous-fy rule
    expect(fiscalMonthsCovered({ from: '2023-10', to: '2024-09' }, 2568).outside).toBe('entirely')
    expect(fiscalMonthsCovered({ from: '2023-10', to: '2024-09' }, 2567).quarters).toEqual([1, 2, 3, 4])
  })

  it('places what a title says on the grid', () => {
    const q2 = periodFromText('ผลการดำเนินงานไตรมาสที่ 2/2568')!
    expect(fiscalMonthsCovered(q2, 2568)).toEqual({ months: [4, 5, 6], quarters: [2], outside: 'none' })
    const half = periodFromText('ต.ค. 67 – มี.ค. 68')!
    expect(fiscalMonthsCovered(half, 2568)).toEqual({ months: [1, 2, 3, 4, 5, 6], quarters: [1, 2], outside: 'none' })
  })
})

describe('coveredPeriod: which source says', () => {
  const title = 'สรุปผลการจัดซื้อจัดจ้าง ประจำเดือน ธันวาคม 2567'
  const fileName = 'สขร_ม.ค.68.pdf'

  it('takes what the coordinator set first, in Bangkok months', () => {
    const period = coveredPeriod({
      // 1 Oct 2567 – 31 Mar 2568, Bangkok
      setByCoordinator: { from: '2024-09-30T17:00:00.000Z', to: '2025-03-30T17:00:00.000Z' },
      documentDate: '2025-05-01T03:00:00Z',
      title,
      fileName,
    })
    expect(period).toEqual({ from: '2024-10', to: '2025-03', kind: 'months', source: 'coordinator' })
    expect(
      coveredPeriod({ setByCoordinator: { from: new Date('2024-11-15T00:00:00+07:00'), to: null }, title }),
    ).toEqual({
      from: '2024-11',
      to: '2024-11',
      kind: 'month',
      source: 'coordinator',
    })
  })

  it('then the month of the document date, in Bangkok time', () => {
    // 17:30 UTC on 31 Jan is already 1 February in Bangkok
    expect(
      coveredPeriod({
        setByCoordinator: { from: null, to: null },
        documentDate: '2025-01-31T17:30:00Z',
        title,
        fileName,
      }),
    ).toEqual({
      from: '2025-02',
      to: '2025-02',
      kind: 'month',
      source: 'document-date',
    })
  })

  it('then the title, then the file name', () => {
    expect(coveredPeriod({ documentDate: null, title, fileName })).toEqual({
      from: '2024-12',
      to: '2024-12',
      kind: 'month',
      source: 'title',
    })
    expect(coveredPeriod({ title: 'สรุปผลการจัดซื้อจัดจ้าง', fileName })).toEqual({
      from: '2025-01',
      to: '2025-01',
      kind: 'month',
      source: 'file-name',
    })
    expect(coveredPeriod({ title: 'สรุปผลการจัดซื้อจัดจ้าง', fileName: 'scan0001.pdf' })).toBeNull()
    expect(coveredPeriod({})).toBeNull()
  })

  it('ignores an invalid date rather than failing', () => {
    expect(coveredPeriod({ documentDate: 'not a date', title })).toMatchObject({ source: 'title' })
  })

  it('lends the assessed fiscal year to a file name without a year', () => {
    expect(coveredPeriod({ title: 'สขร', fileName: 'สขร_เดือนพฤศจิกายน.pdf', fiscalYear: 2569 })).toEqual({
      from: '2025-11',
      to: '2025-11',
      kind: 'month',
      source: 'file-name',
      yearAssumed: true,
    })
  })
})

describe('the grid of an element', () => {
  const THAI = [
    'ตุลาคม',
    'พฤศจิกายน',
    'ธันวาคม',
    'มกราคม',
    'กุมภาพันธ์',
    'มีนาคม',
    'เมษายน',
    'พฤษภาคม',
    'มิถุนายน',
    'กรกฎาคม',
    'สิงหาคม',
    'กันยายน',
  ]
  // FY2569: ตุลาคม 2568 … กันยายน 2569
  const monthly = THAI.map((m, i) => ({
    id: `m${i + 1}`,
    title: 'สขร.1',
    fileName: `สขร1-${m}-${i < 3 ? 2568 : 2569}.pdf`,
  }))

  it('fills twelve months from file names, and marks the missing ones', () => {
    const full = coverageGrid('monthly-12', 2569, monthly)
    expect(full.cells.map((c) => c.evidenceIds)).toEqual(monthly.map((e) => [e.id]))
    expect(full.gaps).toEqual([])
    const missing = coverageGrid('monthly-12', 2569, monthly.slice(1, 11))
    expect(missing.gaps).toEqual([1, 12])
  })

  it('marks evidence of another fiscal year as outside, and evidence without a period as unknown', () => {
    const grid = coverageGrid('monthly-12', 2569, [
      ...monthly,
      { id: 'old', title: 'สขร1-ตุลาคม-2567' },
      { id: 'chart', title: 'แผนผังองค์กร', fileName: 'org-chart.pdf' },
      { id: 'half', title: 'รายงาน ก.ค. 69 – ธ.ค. 69' },
    ])
    expect(grid.outside).toEqual([
      { id: 'old', entirely: true },
      { id: 'half', entirely: false },
    ])
    expect(grid.unknown).toEqual(['chart'])
    expect(grid.cells[0].evidenceIds).toEqual(['m1'])
  })

  it('takes the period the coordinator set, then the document date, before the title', () => {
    const grid = coverageGrid('first-half-current-fy', 2569, [
      { id: 'set', title: 'ธันวาคม 2568', periodFrom: '2025-10-01T00:00:00.000Z', periodTo: '2025-11-30T00:00:00.000Z' },
      { id: 'dated', title: 'ธันวาคม 2568', documentDate: '2026-03-15T03:00:00.000Z' },
    ])
    expect(grid.cells.map((c) => c.evidenceIds)).toEqual([['set'], ['set'], [], [], [], ['dated']])
    expect(grid.periods.set.source).toBe('coordinator')
    expect(grid.periods.dated.source).toBe('document-date')
  })

  it('fills a quarter only when all its months are covered', () => {
    const grid = coverageGrid('quarterly', 2569, [
      { id: 'q2', title: 'ผลการดำเนินงานไตรมาสที่ 2/2569' },
      { id: 'oct', title: 'สขร ต.ค. 68' },
      { id: 'nov', title: 'สขร พ.ย. 68' },
    ])
    expect(grid.unit).toBe('quarter')
    expect(grid.cells.map((c) => c.evidenceIds)).toEqual([[], ['q2'], [], []])
    expect(grid.gaps).toEqual([1, 3, 4])
  })
})
