/**
 * The executive dashboard against the real MongoDB-protocol server: the loader's numbers are the
 * engine's for the same inputs (built here independently from what the test set up), they move
 * when an assessor approves an item, survey values fall back to last year's, and a bad CSV import
 * names its row and column and changes nothing.
 */
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignItems } from '#models/work/assignment.server'
import { listAuditEvents, type Actor } from '#models/tenancy/audit.server'
import {
  builtInCatalogs,
  catalogStamps,
  importCatalog,
  startFromBuiltIn,
  getCatalog,
} from '#models/catalog/catalog.server'
import { changeStamps } from '#models/db.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import type { ItaCatalog as CatalogContent } from '#models/catalog/schema'
import { createTextEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { saveKpiReport } from '#models/reporting/kpi-report.server'
import { approveItem, getItemReview, submitItem } from '#models/work/review.server'
import { findItaCatalog, getSurveyView, importSurveyCsv, saveSurveyResults } from '#models/reporting/survey.server'
import {
  formatScore,
  itaCatalogFromCatalog,
  kpiFromCatalog,
  projectIta,
  scoreMilestone,
  stepCode,
  type CriterionState,
  type MilestoneKpi,
} from '#scoring/index'
import type { KpiAgreementCatalog } from '#models/catalog/schema'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { actorsOf, type Handler, provide, publishAndAssign, release, sessionCookie } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

let org: TestOrg
// this year's catalog and last year's, with their contents
let catalogId: string, previousId: string
let content: CatalogContent, previousContent: CatalogContent
let coordinator: Actor, assessor: Actor, executive: Actor
// the dashboard's loader, and the executive's session that calls it
let loader: Handler, cookie: string

// two years either side of today: the server refuses due dates more than five years away
const PAST = `${new Date().getUTCFullYear() - 2}-01-31`
const FUTURE = `${new Date().getUTCFullYear() + 2}-12-31`
// last year's survey results (entered for 2568), and this year's IIT only: EIT falls back to 2568
const SURVEYS_2568: Record<string, string> = {
  1: '91.5',
  2: '88',
  3: '90.25',
  4: '86',
  5: '93',
  6: '84.5',
  7: '79',
  8: '88.75',
}
const SURVEYS_2569: Record<string, string> = { 1: '95', 2: '92.5', 3: '94', 4: '90', 5: '96.75' }

/** Text evidence for every required element of an item, as many as each element needs. */
async function give(itemCode: string) {
  const item = (await getItemReview(org.organization.id, catalogId, itemCode))!
  const most = Math.max(...item.elements.map((e) => e.minCount))
  for (let i = 0; i < most; i++) {
    const e = await createTextEvidence(coordinator, {
      title: `${itemCode} หลักฐาน ${i + 1}`,
      html: `<p>${itemCode} ${i + 1}</p>`,
    })
    for (const el of item.elements.filter((x) => x.minCount > i)) {
      await linkEvidence(
        coordinator,
        e.id,
        { catalogId, itemCode, elementId: el.id },
        { resolveTarget: resolveOrganizationTarget },
      )
    }
  }
}

async function approve(itemCode: string) {
  const item = (await getItemReview(org.organization.id, catalogId, itemCode))!
  await approveItem(assessor, catalogId, itemCode, {
    ticks: item.elements.map((e) => ({ elementId: e.id, ticked: true })),
  })
}

async function dashboard(query = '') {
  const response = await loader({
    request: new Request(`http://localhost/dashboard${query}`, { headers: { Cookie: cookie } }),
    params: {},
    context: {},
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, any>
}

// placeholders (O7: known number, unknown content) are not scored at all
const codesOf = (c: CatalogContent) =>
  c.tools.flatMap((t) =>
    t.indicators.flatMap((d) =>
      d.kind === 'checklist'
        ? d.subIndicators.flatMap((s) => s.criteria.filter((x) => !x.placeholder).map((x) => x.code))
        : [],
    ),
  )

beforeAll(async () => {
  ;({ org } = await provide({ org: 'dash', env: true }))
  ;({ coordinator, assessor, executive } = actorsOf(org))

  previousId = (await publishAndAssign(org, 'ita-nacc-2568')).id
  // O1–O4 to the first unit, long overdue; O8–O9 to both units, due far ahead
  catalogId = (
    await publishAndAssign(
      org,
      'ita-nacc-2569',
      { itemCodes: ['O1', 'O2', 'O3', 'O4'], dueDate: PAST },
      { itemCodes: ['O8', 'O9'], unitIds: [org.units[0].id, org.units[1].id], dueDate: FUTURE },
    )
  ).id
  content = (await getCatalog(org.organization.id, catalogId))!.content as CatalogContent
  previousContent = (await getCatalog(org.organization.id, previousId))!.content as CatalogContent

  for (const code of ['O1', 'O2', 'O3', 'O8']) {
    await give(code)
    await submitItem(coordinator, catalogId, code)
  }
  await approve('O1')
  await approve('O2')
  await saveSurveyResults(executive, previousId, SURVEYS_2568)
  await saveSurveyResults(executive, catalogId, SURVEYS_2569)

  cookie = await sessionCookie(org.organization.id, org.people.executive.id)
  loader = (await import('#app/routes/dashboard')).loader as unknown as typeof loader
})
afterAll(release)

/** The engine's projection for 2569 from what this file set up, without reading anything back. */
function expected2569(approved: string[], submitted: string[]) {
  const unitNames = (ids: number[]) => ids.map((i) => org.units[i].nameTh).join(', ')
  const assigned: Record<string, { units: number[]; due: string }> = {
    O1: { units: [0], due: PAST },
    O2: { units: [0], due: PAST },
    O3: { units: [0], due: PAST },
    O4: { units: [0], due: PAST },
    O8: { units: [0, 1], due: FUTURE },
    O9: { units: [0, 1], due: FUTURE },
  }
  const criteria: CriterionState[] = codesOf(content).map((code) => {
    const a = assigned[code]
    const status = approved.includes(code) ? 'approved' : submitted.includes(code) ? 'submitted' : 'not-started'
    return {
      code,
      status,
      overdue: Boolean(a && a.due === PAST && status === 'not-started'),
      ...(a ? { owner: unitNames(a.units), dueDate: new Date(`${a.due}T00:00:00+07:00`).toISOString() } : {}),
    }
  })
  const surveys = Object.keys({ ...SURVEYS_2568 }).map((n) => ({
    indicatorCode: n,
    score: Number(SURVEYS_2569[n] ?? SURVEYS_2568[n]),
  }))
  return projectIta(itaCatalogFromCatalog(content), { criteria, surveys })
}

describe('executive dashboard on real data', () => {
  it("shows the engine's projection for the same inputs, with owners, due dates and overdue items", async () => {
    const data = await dashboard('?year=2569')
    expect(data.fiscalYear).toBe(2569)
    expect(data.years).toEqual([2569, 2568])
    const expected = expected2569(['O1', 'O2'], ['O3', 'O8'])
    const { projection } = data.current
    expect(projection.approvedOnly).toEqual(expected.approvedOnly)
    expect(projection.ifSubmittedApproved).toEqual(expected.ifSubmittedApproved)
    expect(projection.ifOverdueDelivered).toEqual(expected.ifOverdueDelivered)
    expect(projection.ranking).toEqual(expected.ranking)
    // the three scenarios differ as a person would expect: submitted adds O3 and O8, overdue adds O4
    expect(projection.ifSubmittedApproved.total).toBeGreaterThan(projection.approvedOnly.total)
    expect(projection.ifOverdueDelivered.total).toBeGreaterThan(projection.ifSubmittedApproved.total)
    const row = (code: string) => data.current.criteria.find((c: { code: string }) => c.code === code)
    expect(row('O4')).toMatchObject({ status: 'not-started', overdue: true, units: [{ th: org.units[0].nameTh }] })
    expect(row('O3')).toMatchObject({ status: 'submitted', overdue: false })
    expect(row('O9').units.map((u: { th: string }) => u.th)).toEqual([org.units[0].nameTh, org.units[1].nameTh])
    // EIT has no 2569 result: last year's stand in, and say so
    const sources = Object.fromEntries(
      data.current.surveys.values.map((v: { number: number; source: string; value: number }) => [
        v.number,
        [v.source, v.value],
      ]),
    )
    expect(sources).toMatchObject({ 1: ['entered', 95], 6: ['last-year', 84.5], 8: ['last-year', 88.75] })
    expect(data.current.surveysMissing).toEqual([])
  })

  it('moves when an assessor approves a submitted item, by the gain the ranking promised', async () => {
    const before = await dashboard('?year=2569')
    const promised = before.current.projection.ranking.find((r: { code: string }) => r.code === 'O3')
    expect(promised.gain).toBeGreaterThan(0)
    await approve('O3')
    const after = await dashboard('?year=2569')
    expect(after.current.projection.approvedOnly).toEqual(expected2569(['O1', 'O2', 'O3'], ['O8']).approvedOnly)
    expect(after.current.projection.approvedOnly.total).toBeCloseTo(promised.totalIfApproved, 10)
    expect(after.current.projection.ranking.map((r: { code: string }) => r.code)).not.toContain('O3')
  })

  it(
    'says how many projected points rest on unconfirmed items or weights, and shows the placeholder O7 as ' +
      'unknown, not as 0',
    async () => {
      const before = await dashboard('?year=2569')
      const approved91 = before.current.criteria.filter(
        (c: { status: string; subIndicatorCode: string }) => c.status === 'approved' && c.subIndicatorCode === '9.1',
      ).length
      expect(approved91).toBeGreaterThan(0)
      const u = before.current.confidence.unconfirmed.approvedOnly
      // every 2569 item is one-source or unconfirmed: an approved 9.1 item is worth
      // 40 ÷ (5 items × 5 sub-indicators × 2 indicators) = 0.8
      expect(u.criteria).toBeCloseTo(0.8 * approved91, 9)
      expect(u.items).toBeCloseTo(u.criteria, 9)
      // the 30/30/40 weights are unconfirmed for 2569, so every projected point rests on them
      expect(before.current.confidence).toMatchObject({
        weights: 'unconfirmed',
        bands: 'unconfirmed',
        grouping: 'unconfirmed',
      })
      expect(u.points).toBe(before.current.projection.approvedOnly.total)
      expect(u.total).toBe(before.current.projection.approvedOnly.total)

      const o7 = before.current.criteria.find((c: { code: string }) => c.code === 'O7')
      expect(o7).toMatchObject({ placeholder: true, confidence: 'unconfirmed' })
      expect(before.current.input.criteria.map((c: { code: string }) => c.code)).not.toContain('O7')
      expect(before.current.projection.ranking.map((r: { code: string }) => r.code)).not.toContain('O7')
      // 9.2 is scored over its four known items (O6, O8–O10), not five with O7 as a 0
      const sub92 = () =>
        before.current.projection.approvedOnly.tools
          .find((t: { code: string }) => t.code === 'OIT')
          .indicators[0].subIndicators.find((x: { code: string }) => x.code === '9.2')
      expect(sub92().count).toBe(4)

      // even delivered and approved, an item of unknown content adds nothing: it is not a 100 either
      await assignItems(org.actor, { catalogId, itemCodes: ['O7'], unitIds: [org.units[0].id], dueDate: FUTURE })
      await give('O7')
      await submitItem(coordinator, catalogId, 'O7')
      await approve('O7')
      const after = await dashboard('?year=2569')
      expect(after.current.criteria.find((c: { code: string }) => c.code === 'O7').status).toBe('approved')
      expect(after.current.projection.approvedOnly).toEqual(before.current.projection.approvedOnly)
    },
  )

  it("compares with last fiscal year's catalog, scored by the engine the same way", async () => {
    const data = await dashboard('?year=2569')
    const criteria = codesOf(previousContent).map((code) => ({ code, status: 'not-started' as const }))
    const surveys = Object.entries(SURVEYS_2568).map(([n, s]) => ({ indicatorCode: n, score: Number(s) }))
    const expected = projectIta(itaCatalogFromCatalog(previousContent), { criteria, surveys })
    expect(data.previous.catalog.fiscalYear).toBe(2568)
    expect(data.previous.projection.approvedOnly).toEqual(expected.approvedOnly)
    // the trend's two figures only: last year's criteria, inputs and catalog are not sent to the page
    expect(Object.keys(data.previous).sort()).toEqual(['catalog', 'projection'])
    expect(Object.keys(data.previous.projection)).toEqual(['approvedOnly'])
    // 2568 has nothing approved in the system: this year is ahead
    expect(data.current.projection.approvedOnly.total).toBeGreaterThan(data.previous.projection.approvedOnly.total)
  })

  it('says when a year has no published ITA catalog, and when survey values are missing', async () => {
    const empty = await dashboard('?year=2571')
    expect(empty.current).toBeNull()
    expect(empty.fiscalYear).toBe(2571)
    // 2568 has no 2567 to fall back on; clear one indicator and it is reported missing and scored 0
    await saveSurveyResults(executive, previousId, { 7: '' })
    const data = await dashboard('?year=2568')
    expect(data.current.surveysMissing).toEqual(['7'])
    expect(data.current.input.surveys.find((s: { indicatorCode: string }) => s.indicatorCode === '7').score).toBe(0)
    await saveSurveyResults(executive, previousId, { 7: SURVEYS_2568[7] })
  })
})

describe('a catalog the engine refuses', () => {
  it('is reported on the dashboard, naming the field and the rule, instead of failing the page', async () => {
    const other = await createTestOrg('dash-invalid')
    // The catalog check now uses the engine's tolerance, so such a catalog no longer publishes;
    // one stored under the older, looser check (1e-6) still has to be reported, not crash the page.
    const source = builtInCatalogs().find((c) => c.key === 'ita-nacc-2569')! as CatalogContent
    const tools = source.tools.map((t) => (t.code === 'IIT' ? { ...t, weight: t.weight + 5e-7 } : t))
    const refused = await refusal(() =>
      importCatalog(other.actor, { ...source, key: 'ita-odd-weights', tools, status: 'draft', version: 1 }),
    )
    expect(refused.message).toMatch(/100/)
    const imported = await importCatalog(other.actor, {
      ...source,
      key: 'ita-odd-weights',
      status: 'draft',
      version: 1,
    })
    await publishCatalog(other.actor, imported.id)
    await mongoose.connection.collection('catalogs').updateOne(
      { _id: new mongoose.Types.ObjectId(imported.id) },
      {
        $set: {
          content: JSON.stringify({ ...(await getCatalog(other.organization.id, imported.id))!.content, tools }),
        },
      },
    )
    // a write past mongoose says so itself, or the instances keep the catalog they read
    await changeStamps(catalogStamps(other.organization.id))
    const otherCookie = await sessionCookie(other.organization.id, other.people.executive.id)
    const response = await loader({
      request: new Request('http://localhost/dashboard?year=2569', { headers: { Cookie: otherCookie } }),
      params: {},
      context: {},
    })
    expect(response.status).toBe(200)
    const data = (await response.json()) as Record<string, any>
    expect(data.current).toBeNull()
    expect(data.invalid[0].en).toMatch(/^catalog\.tools: .*100/)
    expect(data.invalid[0].th).toMatch(/^catalog\.tools: .*100/)
  })
})

describe('survey results', () => {
  const snapshot = async () => {
    const catalog = (await findItaCatalog(org.organization.id, 2569))!
    return {
      view: await getSurveyView(org.organization.id, catalog),
      audit: (await listAuditEvents(org.organization.id, {})).total,
    }
  }

  it('refuses a CSV with errors, naming each row and column, and imports nothing', async () => {
    const before = await snapshot()
    const csv = ['indicator,score', '6,88', '7,abc', '9,90', '8', '6,70', '2,101'].join('\n')
    const error = await refusal(() => importSurveyCsv(executive, catalogId, csv, 'eit.csv'))
    expect(error.status).toBe(400)
    expect(error.message).toContain('แถว 3 คอลัมน์ 2 (คะแนน): "abc"')
    expect(error.message).toContain('row 3 column 2 (score): "abc" must be a number from 0 to 100')
    expect(error.message).toContain('row 4 column 1 (indicator number): "9" is not a survey indicator')
    expect(error.message).toContain('row 5: needs 2 columns')
    expect(error.message).toContain('row 6 column 1 (indicator number): indicator 6 repeats row 2')
    expect(error.message).toContain('row 7 column 2 (score): "101"')
    expect(await snapshot()).toEqual(before)
  })

  it('imports a good CSV (header optional), keeps indicators not in the file, and audits the change', async () => {
    const view = await importSurveyCsv(executive, catalogId, '\uFEFF6,87.5\r\n7,80\r\n', 'eit.csv')
    const value = (n: number) => view.values.find((v) => v.number === n)!
    expect(value(6)).toMatchObject({ entered: 87.5, source: 'entered' })
    expect(value(7)).toMatchObject({ entered: 80, source: 'entered' })
    expect(value(8)).toMatchObject({ entered: null, value: 88.75, source: 'last-year' })
    expect(value(1)).toMatchObject({ entered: 95 })
    const [event] = (await listAuditEvents(org.organization.id, { action: 'survey.import' })).events
    expect(event.actorName).toBe(executive.userName)
    expect(event.changes).toMatchObject({ 'indicator 6': { before: null, after: 87.5 }, file: { after: 'eit.csv' } })
    // and the dashboard uses them at once
    const data = await dashboard('?year=2569')
    expect(data.current.input.surveys.find((s: { indicatorCode: string }) => s.indicatorCode === '6').score).toBe(87.5)
  })

  it('takes two simultaneous first saves without an error, keeping one document', async () => {
    const fresh = await createTestOrg('dash-race')
    const catalog = await startFromBuiltIn(fresh.actor, 'ita-nacc-2569')
    await publishCatalog(fresh.actor, catalog.id)
    const [a, b] = await Promise.all([
      saveSurveyResults(fresh.actor, catalog.id, { 1: '80' }),
      saveSurveyResults(fresh.actor, catalog.id, { 2: '90' }),
    ])
    expect(a.values.length).toBe(8)
    expect(b.values.length).toBe(8)
    const stored = await mongoose.connection
      .db!.collection('survey_results')
      .countDocuments({ catalogId: new mongoose.Types.ObjectId(catalog.id) })
    expect(stored).toBe(1)
  })

  it('refuses a typed score out of range, naming the field, and saves nothing', async () => {
    const before = await snapshot()
    const error = await refusal(() => saveSurveyResults(executive, catalogId, { 1: '80', 6: '120' }))
    expect(error.fieldErrors['score.6']).toMatch(
      /ตัวชี้วัดที่ 6 \(EIT\): ต้องเป็นตัวเลขตั้งแต่ 0 ถึง 100 \/ indicator 6 \(EIT\): must be a number from 0 to 100/,
    )
    expect(await snapshot()).toEqual(before)
  })
})

describe('performance agreement KPIs', () => {
  it(
    "reproduces the AMLO per-KPI report's table (weight 2, level 5 → score " +
      '5.0000, weighted 0.1000) and the result renormalised to ' +
      'the KPIs reported',
    async () => {
      const agreement = await startFromBuiltIn(org.actor, 'kpi-agreement-integrity-template')
      await publishCatalog(org.actor, agreement.id)
      const kpis = ((await getCatalog(org.organization.id, agreement.id))!.content as KpiAgreementCatalog).kpis
      await assignItems(org.actor, {
        catalogId: agreement.id,
        itemCodes: kpis.map((k) => k.code),
        unitIds: [org.units[0].id],
        dueDate: FUTURE,
      })
      const k71 = kpis.find((k) => k.code === '7.1')!
      if (k71.scoring.kind !== 'milestone') throw new Error('7.1 is a milestone KPI')
      const every = k71.scoring.levels.flatMap((l) => l.steps.map((_, i) => stepCode(l.level, i)))
      const grant = {
        organizationId: org.organization.id,
        role: 'coordinator' as const,
        unitIds: [org.units[0].id],
        active: true,
      }
      await saveKpiReport(coordinator, grant, agreement.id, '7.1', 12, { stepsDone: every })

      const data = await dashboard('?year=2569')
      const table = data.kpis.find((x: { catalog: { id: string } }) => x.catalog.id === agreement.id)
      expect(table.round).toBe(12)
      const row = table.rows.find((r: { code: string }) => r.code === '7.1')
      expect(scoreMilestone(kpiFromCatalog(k71) as MilestoneKpi, every)).toEqual({ level: 5, score: 5 })
      expect([row.weight, row.level, formatScore(row.score, 4), formatScore(row.weightedScore, 4)]).toEqual([
        2,
        5,
        '5.0000',
        '0.1000',
      ])
      expect(table.rows.find((r: { code: string }) => r.code === '7.2')).toMatchObject({ reported: false, score: null })
      expect(formatScore(table.total, 4)).toBe('0.1000')
      expect(table.renormalised).toBe(5)
      expect(table.complete).toBe(false)

      // one step of level 4 undone: level 3, score 3, weighted 0.0600
      const missing = stepCode(4, 0)
      await saveKpiReport(coordinator, grant, agreement.id, '7.1', 12, {
        stepsDone: every.filter((x) => x !== missing),
      })
      const after = (await dashboard('?year=2569')).kpis.find(
        (x: { catalog: { id: string } }) => x.catalog.id === agreement.id,
      )
      expect(formatScore(after.rows[0].weightedScore, 4)).toBe('0.0600')
      expect(after.rows[0].level).toBe(3)
    },
  )
})
