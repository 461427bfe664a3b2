import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { plainAgreementReport, plainItaInput } from '#scoring/guards'
import { agreementReportSchema, itaInputSchema } from '#scoring/schemas'
import { scoreAgreement, scoreIta, scoreOrganizations } from '#scoring/index'
import { catalog2564, input2564 } from './fixtures'

// The batch path skips zod when the fast guard accepts; that is only sound if every accepted value is one zod
// would accept unchanged. Near-valid inputs with random defects probe the boundary.
const code = fc.oneof(
  fc.constantFrom('O1', 'K1', 's1', '9'),
  fc.constantFrom('', ' O1', 'O1 ', 'x'.repeat(65)),
  fc.integer(),
  fc.constant(undefined),
)
const num = fc.oneof(
  fc.double({ min: 0, max: 100, noNaN: true }),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -1, 101),
  fc.string(),
)
const maybeArray = <T>(a: fc.Arbitrary<T>) =>
  fc.oneof(fc.array(a, { maxLength: 4 }), fc.constant(undefined), fc.constant('nope'))

describe('fast guards accept only what zod accepts, unchanged', () => {
  it('ITA input', () => {
    const arb = fc.record(
      {
        criteria: maybeArray(
          fc.oneof(fc.record({ code, passed: fc.oneof(fc.boolean(), fc.constant('yes')) }), fc.constant(null)),
        ),
        surveys: maybeArray(fc.record({ indicatorCode: code, score: num })),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(arb, (x) => {
        const z = itaInputSchema.safeParse(x)
        if (plainItaInput(x) !== null) {
          expect(z.success).toBe(true)
          expect(z.data).toEqual(x)
        }
      }),
      { numRuns: 500 },
    )
  })
  it('agreement report', () => {
    const arb = fc.record(
      {
        round: fc.oneof(fc.constantFrom(6, 9, 12, 7, '6'), fc.constant(undefined)),
        kpis: maybeArray(
          fc.record(
            { code, doneSteps: maybeArray(code), result: fc.oneof(num, fc.constant(undefined)) },
            { requiredKeys: ['code'] },
          ),
        ),
      },
      { requiredKeys: [] },
    )
    fc.assert(
      fc.property(arb, (x) => {
        const z = agreementReportSchema.safeParse(x)
        if (plainAgreementReport(x) !== null) {
          expect(z.success).toBe(true)
          expect(z.data).toEqual(Object.fromEntries(Object.entries(x).filter(([, v]) => v !== undefined)))
        }
      }),
      { numRuns: 500 },
    )
  })
  it('accepts the ordinary valid shapes (otherwise the fast path would never run)', () => {
    expect(plainItaInput(input2564())).not.toBeNull()
    expect(
      plainAgreementReport({
        round: 6,
        kpis: [
          { code: 'K1', doneSteps: ['a'] },
          { code: 'K2', result: 3 },
        ],
      }),
    ).not.toBeNull()
  })
})

describe('batch and single calls report the same issues', () => {
  it('a shape error found by zod in the batch path matches the single call, under the organization path', () => {
    const bad = {
      criteria: [{ code: ' O1 ', passed: 'yes' }],
      surveys: input2564().surveys.map((s, i) => (i === 0 ? { ...s, score: 120 } : s)),
    }
    let single: unknown
    try {
      scoreIta(catalog2564(), bad as never)
    } catch (e) {
      single = (e as { issues: { path: unknown[] }[] }).issues.map((i) => ({ ...i, path: i.path.slice(1) }))
    }
    const r = scoreOrganizations({ ita: catalog2564() }, [{ organizationId: 'x', ita: bad as never }]).results[0].ita!
    expect(r.ok).toBe(false)
    if (r.ok) return
    expect(r.issues.every((i) => i.path.slice(0, 3).join() === 'organizations,0,ita')).toBe(true)
    expect(r.issues.map((i) => ({ ...i, path: i.path.slice(3) }))).toEqual(single)
    const rep = { kpis: [{ code: 'nope', result: 1 }] }
    expect(() =>
      scoreAgreement({ kpis: [{ code: 'K', kind: 'quantitative', weight: 100, thresholds: [1, 2, 3, 4, 5] }] }, rep),
    ).toThrow(/Unknown code "nope"/)
  })
})
