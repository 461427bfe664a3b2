import { describe, expect, it } from 'vitest'
import { shortenFileName, shortenName } from '#evidence/documents/names'

const TITLE = 'O10-แผนการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568'
// every word boundary of TITLE, as a Thai reader would place them
const WORD_ENDS = [
  'O10-แผนการ',
  'O10-แผนการดำเนิน',
  'O10-แผนการดำเนินงาน',
  'O10-แผนการดำเนินงานประจำ',
  'O10-แผนการดำเนินงานประจำปีงบประมาณ',
  'O10-แผนการดำเนินงานประจำปีงบประมาณ พ.ศ.',
]

describe('shortening generated names', () => {
  it('keeps a name that fits', () => {
    expect(shortenName(TITLE, TITLE.length)).toBe(TITLE)
    expect(shortenFileName('ประกาศ.pdf', 80)).toBe('ประกาศ.pdf')
  })

  it('cuts a long Thai title between words, never inside one, and marks the cut', () => {
    expect(shortenName(TITLE, 30)).toBe('O10-แผนการดำเนินงานประจำ…')
    expect(shortenName(TITLE, 35)).toBe('O10-แผนการดำเนินงานประจำปีงบประมาณ…')
    for (let max = 12; max < TITLE.length; max++) {
      const short = shortenName(TITLE, max)
      expect(short.length, String(max)).toBeLessThanOrEqual(max)
      expect(short.endsWith('…')).toBe(true)
      expect(WORD_ENDS, `${max}: ${short}`).toContain(short.slice(0, -1))
    }
    // the cut the archive used to make, in the middle of งบประมาณ
    expect(shortenName('ประจำปีงบประมาณ พ.ศ. 2568', 18)).toBe('ประจำปีงบประมาณ…')
  })

  it('keeps a file extension, and does not take ". 2568" for one', () => {
    expect(shortenFileName('E1-รายงานผลการดำเนินงานประจำปีงบประมาณ พ.ศ. 2568.pdf', 30)).toBe(
      'E1-รายงานผลการดำเนินงาน….pdf',
    )
    expect(shortenFileName('E1-ประกาศ ประจำปีงบประมาณ พ.ศ. 2568', 30)).toBe('E1-ประกาศ ประจำปีงบประมาณ…')
  })

  it(
    'cuts a run without word boundaries between characters, ' + 'keeping vowels and tone marks on their letter',
    () => {
      const short = shortenName('ก้ำ'.repeat(30), 10)
      expect(short).toBe('ก้ำก้ำก้ำ…')
    },
  )
})
