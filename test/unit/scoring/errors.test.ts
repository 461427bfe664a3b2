import { describe, expect, it } from 'vitest'
import {
  ScoringError,
  tryScoring,
  bandFor,
  formatScore,
  projectIta,
  scoreAgreement,
  scoreIta,
  scoreMilestone,
  scoreQuantitative,
  weightedScore,
  whatIfIta,
  type AgreementCatalog,
  type IssueKind,
  type ScoringIssue,
} from '#scoring/index'
import { ALL_CRITERIA, catalog2564, input2564 } from './fixtures'

const THAI = /[\u0E00-\u0E7F]/

/** Runs fn, expects a ScoringError, checks every issue is bilingual, and returns the issues. */
function issuesOf(fn: () => unknown): ScoringIssue[] {
  let err: unknown
  try {
    fn()
  } catch (e) {
    err = e
  }
  expect(err).toBeInstanceOf(ScoringError)
  const issues = (err as ScoringError).issues
  expect(issues.length).toBeGreaterThan(0)
  for (const i of issues) {
    expect(i.th).toMatch(THAI)
    expect(i.en).toMatch(/[A-Za-z]/)
    expect(i.en).not.toMatch(THAI)
    expect(i.path.length).toBeGreaterThan(0)
  }
  return issues
}
const find = (issues: ScoringIssue[], kind: IssueKind) => issues.filter((i) => i.kind === kind)

const agreement = (): AgreementCatalog => ({
  kpis: [
    { code: 'M', kind: 'milestone', weight: 50, levels: [1, 2, 3, 4, 5].map((l) => ({ steps: [{ code: `s${l}` }] })) },
    { code: 'Q', kind: 'quantitative', weight: 50, thresholds: [80, 85, 90, 95, 100] },
  ],
})

describe('weights that do not sum to 100', () => {
  it('ITA tool weights', () => {
    const cat = catalog2564()
    cat.tools[2].weight = 39
    const [i] = find(
      issuesOf(() => scoreIta(cat, input2564())),
      'weights_sum',
    )
    expect(i.path).toEqual(['catalog', 'tools'])
    expect(i.en).toContain('sum to 100 (got 99)')
    expect(i.th).toContain('ผลรวมน้ำหนัก')
  })
  it('KPI weights', () => {
    const cat = agreement()
    cat.kpis[1].weight = 50.000001
    const [i] = find(
      issuesOf(() => scoreAgreement(cat, { kpis: [] })),
      'weights_sum',
    )
    expect(i.path).toEqual(['catalog', 'kpis'])
  })
  it('float noise within 1e-9 is accepted (33.3 + 33.3 + 33.4)', () => {
    const cat: AgreementCatalog = {
      kpis: ['a', 'b', 'c'].map((code, i) => ({
        code,
        kind: 'quantitative' as const,
        weight: [33.3, 33.3, 33.4][i],
        thresholds: [1, 2, 3, 4, 5],
      })),
    }
    expect(scoreAgreement(cat, { kpis: [] }).total).toBe(0)
  })
})

describe('thresholds out of order', () => {
  it('ascending KPI with a threshold going down names its index', () => {
    const cat = agreement()
    cat.kpis[1] = { code: 'Q', kind: 'quantitative', weight: 50, thresholds: [80, 85, 85, 95, 100] }
    const [i] = find(
      issuesOf(() => scoreAgreement(cat, { kpis: [] })),
      'thresholds_order',
    )
    expect(i.path).toEqual(['catalog', 'kpis', 1, 'thresholds', 2])
    expect(i.en).toContain('T3 (85) must be greater than T2 (85)')
    expect(i.th).toContain('ค่ามากยิ่งดี')
  })
  it('descending (lower is better) KPI given ascending thresholds', () => {
    const issues = issuesOf(() =>
      scoreQuantitative(
        { code: 'd', kind: 'quantitative', weight: 10, direction: 'descending', thresholds: [1, 2, 3, 4, 5] },
        3,
      ),
    )
    expect(find(issues, 'thresholds_order').map((i) => i.path)).toEqual(
      [1, 2, 3, 4].map((j) => ['kpi', 'thresholds', j]),
    )
  })
})

describe('unknown codes', () => {
  it('a criterion status for a code not in the catalog', () => {
    const inp = input2564()
    const issues = issuesOf(() =>
      scoreIta(catalog2564(), { ...inp, criteria: [...inp.criteria, { code: 'O44', passed: true }] }),
    )
    expect(issues).toEqual([
      expect.objectContaining({ kind: 'unknown_code', path: ['input', 'criteria', ALL_CRITERIA.length, 'code'] }),
    ])
    expect(issues[0].en).toContain('"O44"')
    expect(issues[0].th).toContain('ไม่พบรหัส "O44"')
  })
  it('projection state for an unknown criterion and a survey score for an OIT indicator', () => {
    const issues = issuesOf(() =>
      projectIta(catalog2564(), {
        criteria: [{ code: 'X1', status: 'approved' }],
        surveys: [...input2564().surveys, { indicatorCode: '9', score: 50 }],
      }),
    )
    expect(find(issues, 'unknown_code').map((i) => i.path)).toEqual([
      ['input', 'criteria', 0, 'code'],
      ['input', 'surveys', 8, 'indicatorCode'],
    ])
  })
  it('unknown KPI and unknown milestone step in a report', () => {
    const issues = issuesOf(() =>
      scoreAgreement(agreement(), {
        kpis: [
          { code: 'Z', result: 1 },
          { code: 'M', doneSteps: ['s1', 's9'] },
        ],
      }),
    )
    expect(find(issues, 'unknown_code').map((i) => i.path)).toEqual([
      ['report', 'kpis', 0, 'code'],
      ['report', 'kpis', 1, 'doneSteps', 1],
    ])
  })
  it('what-if override for an unknown criterion', () => {
    const [i] = issuesOf(() => whatIfIta(catalog2564(), input2564(), { criteria: [{ code: 'nope', passed: true }] }))
    expect(i).toMatchObject({ kind: 'unknown_code', path: ['overrides', 'criteria', 0, 'code'] })
  })
  it('a per-tool band minimum for a tool the catalog does not have', () => {
    const cat = catalog2564([
      { code: 'x', label: { th: 'ก', en: 'x' }, minTotal: 90, minByTool: { XYZ: 90 } },
      { code: 'y', label: { th: 'ข', en: 'y' }, minTotal: 0 },
    ])
    const [i] = issuesOf(() => scoreIta(cat, input2564()))
    expect(i).toMatchObject({ kind: 'unknown_code', path: ['catalog', 'bands', 0, 'minByTool', 'XYZ'] })
  })
})

describe('scores out of range', () => {
  it('survey score above 100 and below 0', () => {
    const inp = input2564([], [101, 100, 100, 100, 100], [-0.5, 100, 100])
    const issues = find(
      issuesOf(() => scoreIta(catalog2564(), inp)),
      'out_of_range',
    )
    expect(issues.map((i) => i.path)).toEqual([
      ['input', 'surveys', 0, 'score'],
      ['input', 'surveys', 5, 'score'],
    ])
    expect(issues[0].en).toContain('≤ 100')
    expect(issues[0].th).toContain('ไม่เกิน 100')
  })
  it('KPI score over 5, weight 0, band minimum over 100, total over 100', () => {
    expect(
      find(
        issuesOf(() => weightedScore(5.5, 10)),
        'out_of_range',
      )[0].path,
    ).toEqual(['args', 'score'])
    const cat = agreement()
    cat.kpis[0].weight = 0
    expect(issuesOf(() => scoreAgreement(cat, { kpis: [] })).map((i) => i.path)).toContainEqual([
      'catalog',
      'kpis',
      0,
      'weight',
    ])
    const bands = catalog2564([
      { code: 'z', label: { th: 'ศูนย์', en: 'z' }, minTotal: 0 },
      { code: 'big', label: { th: 'ใหญ่', en: 'big' }, minTotal: 120 },
    ])
    expect(
      find(
        issuesOf(() => scoreIta(bands, input2564())),
        'out_of_range',
      )[0].path,
    ).toEqual(['catalog', 'bands', 1, 'minTotal'])
    expect(
      find(
        issuesOf(() => bandFor(catalog2564(), 100.5, { IIT: 1, EIT: 1, OIT: 1 })),
        'out_of_range',
      )[0].path,
    ).toEqual(['args', 'total'])
  })
  it('non-finite numbers', () => {
    expect(
      issuesOf(() =>
        scoreQuantitative({ code: 'q', kind: 'quantitative', weight: 1, thresholds: [1, 2, 3, 4, 5] }, Infinity),
      )[0].path,
    ).toEqual(['result'])
    expect(issuesOf(() => formatScore(NaN))[0].path).toEqual(['args', 'n'])
  })
})

describe('duplicate codes', () => {
  it('a criterion twice in the catalog, and a tool code twice', () => {
    const cat = catalog2564()
    const ind10 = cat.tools[2].indicators[1]
    if (ind10.kind !== 'checklist') throw new Error('fixture: indicator 10 is a checklist')
    ind10.subIndicators[1].criteria.push({ code: 'O1' })
    cat.tools[1].code = 'IIT'
    const issues = find(
      issuesOf(() => scoreIta(cat, input2564())),
      'duplicate_code',
    )
    expect(issues.map((i) => i.path)).toEqual([
      ['catalog', 'tools', 1, 'code'],
      ['catalog', 'tools', 2, 'indicators', 1, 'subIndicators', 1, 'criteria', 2, 'code'],
    ])
    expect(issues[1].th).toBe('รหัส "O1" ซ้ำ')
  })
  it('duplicate KPI codes and duplicate milestone step codes', () => {
    const cat = agreement()
    cat.kpis[1].code = 'M'
    const m = cat.kpis[0] as Extract<(typeof cat.kpis)[number], { kind: 'milestone' }>
    m.levels[4].steps[0].code = 's1'
    expect(
      find(
        issuesOf(() => scoreAgreement(cat, { kpis: [] })),
        'duplicate_code',
      ).map((i) => i.path),
    ).toEqual([
      ['catalog', 'kpis', 1, 'code'],
      ['catalog', 'kpis', 0, 'levels', 4, 'steps', 0, 'code'],
    ])
  })
  it('duplicate entries in inputs: criterion, survey indicator, reported KPI, band code', () => {
    const inp = input2564()
    const dup = issuesOf(() =>
      scoreIta(catalog2564(), {
        criteria: [...inp.criteria, inp.criteria[0]],
        surveys: [...inp.surveys, inp.surveys[0]],
      }),
    )
    expect(find(dup, 'duplicate_code').map((i) => i.path)).toEqual([
      ['input', 'criteria', ALL_CRITERIA.length, 'code'],
      ['input', 'surveys', 8, 'indicatorCode'],
    ])
    const rep = issuesOf(() =>
      scoreAgreement(agreement(), {
        kpis: [
          { code: 'Q', result: 1 },
          { code: 'Q', result: 2 },
        ],
      }),
    )
    expect(rep[0]).toMatchObject({ kind: 'duplicate_code', path: ['report', 'kpis', 1, 'code'] })
    const bands = catalog2564([
      { code: 'a', label: { th: 'ก', en: 'a' }, minTotal: 0 },
      { code: 'a', label: { th: 'ก', en: 'a' }, minTotal: 50 },
    ])
    expect(issuesOf(() => scoreIta(bands, input2564()))[0]).toMatchObject({
      kind: 'duplicate_code',
      path: ['catalog', 'bands', 1, 'code'],
    })
  })
})

describe('other structural problems', () => {
  it('missing survey score, missing fallback band, wrong level count, milestone without doneSteps', () => {
    const inp = input2564()
    const miss = issuesOf(() => scoreIta(catalog2564(), { ...inp, surveys: inp.surveys.slice(1) }))
    expect(miss[0]).toMatchObject({ kind: 'missing', path: ['input', 'surveys'] })
    expect(miss[0].en).toContain('indicator "1"')
    const noFloor = issuesOf(() =>
      scoreIta(catalog2564([{ code: 'A', label: { th: 'เอ', en: 'A' }, minTotal: 50 }]), inp),
    )
    expect(noFloor[0]).toMatchObject({ kind: 'invalid', path: ['catalog', 'bands'] })
    const four = issuesOf(() =>
      scoreMilestone(
        { code: 'm', kind: 'milestone', weight: 1, levels: [1, 2, 3, 4].map((l) => ({ steps: [{ code: `${l}` }] })) },
        [],
      ),
    )
    expect(four[0].path).toEqual(['kpi', 'levels'])
    expect(four[0].en).toContain('exactly 5')
    const noSteps = issuesOf(() => scoreAgreement(agreement(), { kpis: [{ code: 'M', result: 3 }] }))
    expect(noSteps[0]).toMatchObject({ kind: 'missing', path: ['report', 'kpis', 0, 'doneSteps'] })
  })
  it('wrong types and required fields say so in both languages', () => {
    const issues = issuesOf(() => scoreIta(catalog2564(), { criteria: [{ code: 'O1', passed: 'yes' }] } as never))
    expect(issues.map((i) => [i.kind, i.path])).toEqual([
      ['invalid_type', ['input', 'criteria', 0, 'passed']],
      ['missing', ['input', 'surveys']],
    ])
  })
  it('every problem is reported at once, and the error message names the paths', () => {
    let err: ScoringError | undefined
    try {
      scoreAgreement(agreement(), {
        kpis: [
          { code: 'A', result: 1 },
          { code: 'B', result: 1 },
        ],
      })
    } catch (e) {
      err = e as ScoringError
    }
    expect(err?.issues).toHaveLength(2)
    expect(err?.message).toContain('report.kpis[0].code: Unknown code "A"')
    expect(err?.message).toContain('report.kpis[1].code')
  })
  it('tryScoring() returns a typed result instead of throwing', () => {
    const bad = tryScoring(() => weightedScore(-1, 10))
    expect(bad.ok).toBe(false)
    const good = tryScoring(() => weightedScore(5, 2))
    expect(good).toEqual({ ok: true, value: 0.1 })
  })
})
