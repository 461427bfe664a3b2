import { describe, expect, it } from 'vitest'
import {
  LETTER_BANDS,
  RATING_BANDS_2567,
  bandFor,
  compileItaCatalog,
  formatScore,
  publishedScore,
  scoreIta,
  type ItaResult,
} from '#scoring/index'
import { SUBS, catalog2564, input2564, ratingCatalog, ratingInput } from './fixtures'

const cat = compileItaCatalog(catalog2564())
const tool = (r: ItaResult, code: string) => r.tools.find((t) => t.code === code)!
const indicator = (r: ItaResult, code: string) => r.tools.flatMap((t) => t.indicators).find((d) => d.code === code)!
/** The rating catalog with OIT as one survey indicator (to hit a total exactly), scored from its three surveys. */
function allSurveyScore(iit: number, eit: number, oit: number): ItaResult {
  const allSurvey = ratingCatalog()
  allSurvey.tools[2].indicators = [{ code: 'O', kind: 'survey' }]
  const scores = { I: iit, E: eit, O: oit }
  return scoreIta(allSurvey, {
    criteria: [],
    surveys: Object.entries(scores).map(([indicatorCode, score]) => ({ indicatorCode, score })),
  })
}

describe('reference §2.2 OIT roll-up examples', () => {
  it('indicator 10 = 93.75 = (87.5 + 100)/2 with one failure among the 8 items of 10.1', () => {
    const r = scoreIta(cat, input2564([SUBS['10.1'][0]]))
    const ind10 = indicator(r, '10')
    expect(ind10.subIndicators!.map((s) => [s.code, s.score, s.passed, s.count])).toEqual([
      ['10.1', 87.5, 7, 8],
      ['10.2', 100, 2, 2],
    ])
    expect(ind10.score).toBe(93.75)
  })
  it('indicator 9 = 97.78 with one failure among the 9 items of 9.1', () => {
    const r = scoreIta(cat, input2564([SUBS['9.1'][3]]))
    expect(formatScore(indicator(r, '9').score, 2)).toBe('97.78')
    expect(indicator(r, '9').score).toBeCloseTo((400 + 800 / 9) / 5, 12)
  })
  it('indicator 9 = 97.14 with one failure among the 7 items of 9.3', () => {
    const r = scoreIta(cat, input2564([SUBS['9.3'][6]]))
    expect(formatScore(indicator(r, '9').score, 2)).toBe('97.14')
  })
  it('OIT contribution (93.50 + 100)/2 × 0.4 = 38.70', () => {
    const r = scoreIta(cat, input2564([SUBS['9.2'][0], SUBS['9.4'][0]]))
    expect(indicator(r, '9').score).toBe(93.5)
    expect(indicator(r, '10').score).toBe(100)
    expect(formatScore(tool(r, 'OIT').contribution, 2)).toBe('38.70')
  })
  it('OIT contribution (97.50 + 87.50)/2 × 0.4 = 37.00', () => {
    const r = scoreIta(cat, input2564([SUBS['9.2'][1], SUBS['10.1'][0], SUBS['10.1'][1]]))
    expect(indicator(r, '9').score).toBe(97.5)
    expect(indicator(r, '10').score).toBe(87.5)
    expect(tool(r, 'OIT').score).toBe(92.5)
    expect(formatScore(tool(r, 'OIT').contribution, 2)).toBe('37.00')
  })
  it('ITA 98.04 = OIT 40.00 + IIT 28.04 + EIT 30.00', () => {
    // IIT indicators average 93.47; EIT 100; every OIT item passes.
    const r = scoreIta(cat, input2564([], [90, 95, 93.8, 94, 94.55], 100))
    expect(tool(r, 'IIT').score).toBeCloseTo(93.47, 10)
    expect(r.tools.map((t) => [t.code, formatScore(t.contribution, 2)])).toEqual([
      ['IIT', '28.04'],
      ['EIT', '30.00'],
      ['OIT', '40.00'],
    ])
    expect(formatScore(r.total, 2)).toBe('98.04')
    expect(r.band.code).toBe('AA')
  })
  it(
    'everything failed and surveys 0 gives 0 and F; everything passed ' + 'with surveys 100 gives exactly 100 and AA',
    () => {
      const zero = scoreIta(cat, input2564(Object.values(SUBS).flat(), 0, 0))
      expect(zero.total).toBe(0)
      expect(zero.band.code).toBe('F')
      const full = scoreIta(cat, input2564())
      expect(full.total).toBe(100)
      expect(full.nextBand).toBeNull()
    },
  )
  it('criteria missing from the input count as not passed', () => {
    const inp = input2564()
    const r = scoreIta(cat, { ...inp, criteria: inp.criteria.filter((c) => c.code !== SUBS['10.2'][0]) })
    expect(indicator(r, '10').score).toBe(75)
  })
})

describe('letter bands (reference §4.1)', () => {
  const tools = { IIT: 100, EIT: 100, OIT: 100 }
  it.each([
    [100, 'AA'],
    [95, 'AA'],
    [94.99, 'A'],
    [91.1, 'A'],
    [85, 'A'],
    [84.99, 'B'],
    [75, 'B'],
    [74.57, 'C'],
    [65, 'C'],
    [64.99, 'D'],
    [58.13, 'D'],
    [55, 'D'],
    [54.99, 'E'],
    [50, 'E'],
    [49.99, 'F'],
    [0, 'F'],
  ])('%d → %s', (total, band) => {
    expect(bandFor(catalog2564(LETTER_BANDS), total, tools).code).toBe(band)
  })
})

describe('2567+ rating rule (reference §4.2)', () => {
  const rc = compileItaCatalog(ratingCatalog())
  it.each([
    ['all tools 95, total 95', 95, { IIT: 95, EIT: 95, OIT: 95 }, 'excellent'],
    ['total 95 but one tool 94', 95, { IIT: 94, EIT: 96, OIT: 95 }, 'good'],
    ['total 86 with a tool 80', 86, { IIT: 80, EIT: 90, OIT: 87.5 }, 'pass'],
    ['total 94.64 with EIT 84 (the สตง. case)', 94.64, { IIT: 99, EIT: 84, OIT: 99.7 }, 'pass'],
    ['total 85 with every tool 85', 85, { IIT: 85, EIT: 85, OIT: 85 }, 'good'],
    ['total 84.99', 84.99, { IIT: 90, EIT: 90, OIT: 77.5 }, 'improve'],
    ['total 70', 70, { IIT: 70, EIT: 70, OIT: 70 }, 'improve'],
    ['total 69.99', 69.99, { IIT: 70, EIT: 70, OIT: 69.97 }, 'urgent'],
  ])('%s', (_name, total, tools, rating) => {
    expect(bandFor(rc, total, tools).code).toBe(rating)
  })

  it('through the full roll-up: 94/96/95 gives exactly 95 and ผ่านดี; 95/95/95 gives ผ่านดีเยี่ยม', () => {
    const good = scoreIta(rc, ratingInput(94, 96, 95))
    expect(good.total).toBe(95)
    expect(good.band).toEqual({ code: 'good', label: { th: 'ผ่านดี', en: 'Good' } })
    // A total sitting exactly on the 95 boundary must reach it.
    const top = scoreIta(rc, ratingInput(95, 95, 95))
    expect(top.total).toBe(95)
    expect(top.band.label.th).toBe('ผ่านดีเยี่ยม')
  })

  it('float noise never drops a band: a tool whose true mean is 85 counts as 85', () => {
    // (80.1 + 80.3 + 94.6) / 3 is 85 on paper but 84.99999999999999 in binary floating point.
    const cat = ratingCatalog()
    cat.tools[0].indicators = ['I1', 'I2', 'I3'].map((code) => ({ code, kind: 'survey' as const }))
    const inp = ratingInput(0, 90, 90)
    inp.surveys = [
      ...[80.1, 80.3, 94.6].map((score, i) => ({ indicatorCode: `I${i + 1}`, score })),
      { indicatorCode: 'E', score: 90 },
    ]
    const r = scoreIta(cat, inp)
    const exactMean = r.tools[0].indicators.reduce((a, d) => a + d.score, 0) / 3
    expect(exactMean).toBeLessThan(85) // the noise is really there
    expect(r.tools[0].score).toBe(85) // the published (two-decimal) figure
    expect(r.band.code).toBe('good')
    expect(r.nextBand!.toolBlockers.map((b) => b.tool)).toEqual(['IIT', 'EIT', 'OIT'])
  })
  it(
    'weighting as Σ score × weight / 100 keeps a true 85.00 total at 85 (score × 0.3 + … gives ' + '84.99999999999999)',
    () => {
      // 75.6 × 0.3 + 99.6 × 0.3 + 81.1 × 0.4 = 85 exactly on paper.
      const r = allSurveyScore(75.6, 99.6, 81.1)
      expect(75.6 * 0.3 + 99.6 * 0.3 + 81.1 * 0.4).toBeLessThan(85)
      expect(r.total).toBe(85)
      expect(r.band.code).toBe('pass')
    },
  )
  it('gap: a per-tool blocker is named with the tool points it needs', () => {
    const r = scoreIta(rc, ratingInput(95, 80, 100)) // total 92.5, EIT under 85 → ผ่าน
    expect(r.band.code).toBe('pass')
    expect(r.nextBand).not.toBeNull()
    expect(r.nextBand!.next.code).toBe('good')
    expect(r.nextBand!.pointsNeeded).toBe(0)
    expect(r.nextBand!.toolBlockers).toEqual([{ tool: 'EIT', score: 80, min: 85, pointsNeeded: 5 }])
  })
  it('gap: when only the total blocks, the points needed on the total', () => {
    const r = scoreIta(rc, ratingInput(80, 80, 80)) // total 80 → ต้องปรับปรุง, next is ผ่าน (85, no tool condition)
    expect(r.band.code).toBe('improve')
    expect(r.nextBand!.next.code).toBe('pass')
    expect(r.nextBand!.pointsNeeded).toBeCloseTo(5, 12)
    expect(r.nextBand!.toolBlockers).toEqual([])
  })
  it('gap: both the total and several tools can block', () => {
    const r = scoreIta(rc, ratingInput(90, 92, 85)) // total 88.6, ผ่านดี; excellent needs 95 and every tool 95
    expect(r.band.code).toBe('good')
    expect(r.nextBand!.next.code).toBe('excellent')
    expect(r.nextBand!.pointsNeeded).toBeCloseTo(6.4, 12)
    expect(r.nextBand!.toolBlockers.map((b) => [b.tool, b.pointsNeeded])).toEqual([
      ['IIT', 5],
      ['EIT', 3],
      ['OIT', 10],
    ])
  })
  it('a per-tool minimum can be given per tool code', () => {
    const custom = ratingCatalog([
      { code: 'hi', label: { th: 'สูง', en: 'High' }, minTotal: 80, minByTool: { OIT: 90 } },
      { code: 'lo', label: { th: 'ต่ำ', en: 'Low' }, minTotal: 0 },
    ])
    expect(scoreIta(custom, ratingInput(70, 70, 100)).band.code).toBe('hi') // IIT/EIT are not constrained
    const r = scoreIta(custom, ratingInput(100, 100, 85))
    expect(r.band.code).toBe('lo')
    expect(r.nextBand!.toolBlockers).toEqual([{ tool: 'OIT', score: 85, min: 90, pointsNeeded: 5 }])
  })
  it('minEveryTool and minByTool combine: the larger minimum applies to each tool', () => {
    const both = ratingCatalog([
      { code: 'hi', label: { th: 'สูง', en: 'High' }, minTotal: 80, minEveryTool: 80, minByTool: { OIT: 90 } },
      { code: 'lo', label: { th: 'ต่ำ', en: 'Low' }, minTotal: 0 },
    ])
    expect(scoreIta(both, ratingInput(80, 80, 90)).band.code).toBe('hi')
    expect(scoreIta(both, ratingInput(79, 100, 100)).nextBand!.toolBlockers.map((b) => [b.tool, b.min])).toEqual([
      ['IIT', 80],
    ])
    expect(scoreIta(both, ratingInput(100, 100, 85)).nextBand!.toolBlockers.map((b) => [b.tool, b.min])).toEqual([
      ['OIT', 90],
    ])
  })
  it('band order in the catalog does not matter', () => {
    const shuffled = ratingCatalog([...RATING_BANDS_2567].reverse())
    expect(scoreIta(shuffled, ratingInput(95, 80, 100)).band.code).toBe('pass')
    expect(scoreIta(shuffled, ratingInput(100, 100, 100)).band.code).toBe('excellent')
  })
})

describe('ratings agree with the published two-decimal figure', () => {
  const rc = ratingCatalog()
  const scores = (IIT: number, EIT: number, OIT: number) => ({ IIT, EIT, OIT })
  it.each([
    // [name, total, tools, expected band]: the figure shown is rounded half away from zero to two decimals first
    ['total 84.995 is shown 85.00 and rated ผ่าน, not ต้องปรับปรุง', 84.995, scores(80, 80, 93), 'pass'],
    ['total 84.994 stays 84.99 and ต้องปรับปรุง', 84.994, scores(80, 80, 93), 'improve'],
    ['total 94.995 with every tool ≥ 95 is ผ่านดีเยี่ยม', 94.995, scores(95, 95, 95), 'excellent'],
    ['total 94.994 with every tool ≥ 95 stays ผ่านดี', 94.994, scores(95, 95, 95), 'good'],
    ['total 69.995 is shown 70.00 and ต้องปรับปรุง', 69.995, scores(70, 70, 70), 'improve'],
    ['total 69.994 is ต้องปรับปรุงโดยด่วน', 69.994, scores(70, 70, 69.98), 'urgent'],
    ['a tool at 84.995 (shown 85.00) does not block ผ่านดี at a total of 90', 90, scores(84.995, 95, 90), 'good'],
    ['a tool at 84.994 (shown 84.99) blocks ผ่านดี at a total of 90', 90, scores(84.994, 95, 90), 'pass'],
  ])('%s', (_name, total, tools, rating) => {
    expect(bandFor(rc, total, tools).code).toBe(rating)
  })

  it('through the roll-up: an EIT of 84.995 is published as 85 and no longer blocks ผ่านดี', () => {
    const r = scoreIta(rc, ratingInput(90, 84.995, 100))
    const eit = r.tools.find((t) => t.code === 'EIT')!
    expect(eit.score).toBe(85)
    expect(formatScore(eit.score, 2)).toBe('85.00')
    expect(r.band.code).toBe('good')
    const below = scoreIta(rc, ratingInput(90, 84.994, 100))
    expect(below.band.code).toBe('pass')
    expect(below.nextBand!.toolBlockers.map((b) => b.tool)).toEqual(['EIT'])
  })

  it('through the roll-up: a total of 84.995 is shown 85.00 and rated ผ่าน (not ต้องปรับปรุง)', () => {
    // 90 × 0.3 + 90 × 0.3 + 77.4875 × 0.4 = 84.995 (all-survey catalog to hit it exactly)
    const r = allSurveyScore(90, 90, 77.4875)
    expect(r.total).toBe(85)
    expect(formatScore(r.total, 2)).toBe('85.00')
    expect(r.band.code).toBe('pass')
    expect(r.nextBand!.pointsNeeded).toBe(0)
  })

  it('publishedScore rounds half away from zero on the decimal digits', () => {
    expect(publishedScore(84.995)).toBe(85)
    expect(publishedScore(84.994999)).toBe(84.99)
    expect(publishedScore(1.005)).toBe(1.01)
    expect(publishedScore(94.995)).toBe(95)
    expect(publishedScore(69.995)).toBe(70)
    expect(publishedScore(100)).toBe(100)
    expect(publishedScore(0)).toBe(0)
  })

  it(
    'float noise of a true half does not round it down: 81.915 ' + 'computed as 81.91499999999999 is published 81.92',
    () => {
      // IIT 99.60/88.80/90.17/78.58/75.25, EIT 89.23/73.74/76.74, OIT 80 weigh to 81.915 on paper
      const iit = (99.6 + 88.8 + 90.17 + 78.58 + 75.25) / 5
      const eit = (89.23 + 73.74 + 76.74) / 3
      const raw = (iit * 30 + eit * 30 + 80 * 40) / 100
      expect(raw).toBeLessThan(81.915) // the noise is really there
      expect(publishedScore(raw)).toBe(81.92)
      expect(publishedScore(84.99499999999999)).toBe(85)
    },
  )
})
