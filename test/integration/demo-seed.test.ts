import { createHash } from 'node:crypto'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '#evidence/storage/storage.server'
import { listAssignments, listMyWork } from '#models/work/assignment.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { getCatalog, listCatalogs, type CatalogSummary } from '#models/catalog/catalog.server'
import { listCriteria } from '#models/catalog/schema'
import { getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import { listEvidence, listEvidenceForTarget } from '#models/evidence/records.server'
import { getItaDashboard } from '#models/reporting/projection.server'
import { getItemReview, listReviews } from '#models/work/review.server'
import { getCalendar } from '#models/work/calendar.server'
import { findItaCatalog, getSurveyView } from '#models/reporting/survey.server'
import { listUnits } from '#models/tenancy/unit.server'
import type { Organization } from '#models/tenancy/organization.server'
import { DEMO_PEOPLE, demoDayFrom, seedDemo } from '#scripts/seed'
import { DEMO_RETURN_COMMENT, seedDemoEvidence } from '#scripts/seed-evidence'
import { useTestBucket, useTestDatabase } from '#test/support/services'

/** Bangkok calendar day of a stored instant. */
const day = (iso: string | null) =>
  iso ? new Date(new Date(iso).getTime() + 7 * 3600_000).toISOString().slice(0, 10) : null

// The demo lives in the fiscal year of the day it is seeded: one date in each of two fiscal years (10:00 in Bangkok).
const CASES = [
  { now: new Date('2026-08-15T03:00:00Z'), current: 2569, previous: 2568 },
  { now: new Date('2026-12-02T03:00:00Z'), current: 2570, previous: 2569 },
]

for (const { now, current, previous } of CASES) {
  describe(`the demo agency seeded on ${now.toISOString().slice(0, 10)}`, () => {
    let cleanup: () => Promise<void>
    let storage: Storage
    let organization: Organization
    let created: number
    let ita: CatalogSummary[]
    beforeAll(async () => {
      ;({ cleanup } = await useTestDatabase())
      storage = await useTestBucket()
      ;({ organization } = await seedDemo({ now }))
      created = await seedDemoEvidence(storage, organization, DEMO_PEOPLE[1].email, 'http://localhost:3000', { now })
      ita = (await listCatalogs(organization.id)).filter((c) => c.kind === 'ita')
      // seeding renders ~60 PDFs in Chromium, stores ~160 evidence items and walks the review steps of ~40
      // items: two to four minutes on a busy machine
    }, 600_000)
    afterAll(() => cleanup())

    it(
      `has ${current} in progress, rolled over from ${previous}, its items assigned and due relative to the ` +
        `seeding date`,
      async () => {
        expect(ita.map((c) => [c.key, c.status, c.fiscalYear])).toEqual([
          [`ita-nacc-${current}`, 'published', current],
          [`ita-nacc-${previous}`, 'published', previous],
        ])
        const [cur, prev] = ita
        expect(cur.rolledFromId).toBe(prev.id)
        // the carried assignments were confirmed: none waits for re-confirmation
        const assignments = await listAssignments(organization.id, cur.id)
        expect(assignments).toHaveLength(cur.itemCount)
        expect(assignments.filter((a) => a.status !== 'active')).toEqual([])
        expect((await listAssignments(organization.id, prev.id)).length).toBe(prev.itemCount)
        // the calendar of each year follows the NACC pattern of that year
        for (const fy of [current, previous]) {
          const round = await getCalendar(organization.id, fy)
          expect(round.phases.map((p) => [p.kind, day(p.startsOn)]).slice(0, 2)).toEqual([
            ['preparation', `${fy - 544}-10-01`],
            ['oit-submission', `${fy - 543}-04-01`],
          ])
        }
      },
    )

    it(
      'shows a mix of statuses this year, with a few items a few days overdue and the rest due in the coming ' +
        'weeks',
      async () => {
        const cur = ita[0]
        const c = (await getCompleteness(
          organization.id,
          parseCompletenessFilters(new URLSearchParams({ catalog: cur.id })),
          now,
        ))!
        const count = (s: string) => c.rows.filter((r) => r.status === s).length
        for (const s of ['approved', 'submitted', 'returned', 'in-progress', 'not-started'])
          expect(count(s), s).toBeGreaterThan(0)
        expect(count('approved')).toBeLessThan(c.rows.length / 2)
        const overdue = c.rows.filter((r) => r.overdue)
        expect(overdue.map((r) => r.itemCode)).toEqual(['O2', 'O3', 'O4'])
        expect(overdue.map((r) => day(r.dueDate))).toEqual(Array(3).fill(demoDayFrom(now, -4)))
        // every other item is due after the seeding date
        expect(
          c.rows.filter((r) => !r.overdue && day(r.dueDate)! <= demoDayFrom(now, 0) && r.status !== 'approved'),
        ).toEqual([])
        const returned = await getItemReview(organization.id, cur.id, 'O3')
        expect(returned?.status).toBe('returned')
        expect(returned?.comments.map((x) => x.text)).toContain(DEMO_RETURN_COMMENT)
        // the coordinator's work is this year's only (last year was rolled over), soonest first
        const units = new Map((await listUnits(organization.id)).map((u) => [u.nameTh, u.id]))
        const work = await listMyWork(
          organization.id,
          { unitIds: [units.get('กองคลัง')!, units.get('กลุ่มงานประชาสัมพันธ์')!], userId: organization.id },
          now,
        )
        expect(new Set(work.map((w) => w.fiscalYear))).toEqual(new Set([current]))
        expect(work.filter((w) => w.catalogId === cur.id).map((w) => w.itemCode)).toEqual([
          'O1',
          'O2',
          'O3',
          'O4',
          'O11',
          'O12',
        ])
        // the KPI agreement of the year: round 6 due in the coming weeks
        const kpi = work.find((w) => w.itemCode === '7.1')!
        expect(kpi.fiscalYear).toBe(current)
        expect(kpi.dueDates.map((d) => d.round)).toEqual(['6', '9', '12'])
        const kpiDue = day(kpi.dueDates[0].dueDate)!
        expect(kpiDue > demoDayFrom(now, 7) && kpiDue <= demoDayFrom(now, 31)).toBe(true)
      },
    )

    it(
      `has ${previous} finished: nearly every criterion approved, its survey results entered; ${current} has ` +
        `none yet`,
      async () => {
        const prev = ita[1]
        const approved = (await listReviews(organization.id, ['approved'])).filter((r) => r.catalogId === prev.id)
        const criteria = listCriteria((await getCatalog(organization.id, prev.id))!.content as never).length
        expect(approved.length).toBeGreaterThanOrEqual(criteria - 3)
        expect(approved.length).toBeLessThan(criteria)
        const last = (await getSurveyView(organization.id, (await findItaCatalog(organization.id, previous))!)).values
        expect(last.every((v) => v.entered !== null)).toBe(true)
        const thisYear = (await getSurveyView(organization.id, (await findItaCatalog(organization.id, current))!))
          .values
        expect(thisYear.every((v) => v.entered === null && v.source === 'last-year')).toBe(true)
        // the dashboard opens on this year, with last year in its trend
        const dashboard = await getItaDashboard(organization.id, null, now)
        expect(dashboard.fiscalYear).toBe(current)
        expect(dashboard.previous?.catalog.fiscalYear).toBe(previous)
      },
    )

    it('stores the evidence intact, and seeding again changes nothing', async () => {
      expect(created).toBeGreaterThan(60)
      const prev = (await getCatalog(organization.id, ita[1].id))!
      if (prev.content.kind !== 'ita') throw new Error('ITA catalog expected')
      const criteria = listCriteria(prev.content).map((x) => x.criterion)
      let covered = 0
      for (const c of criteria) {
        const linked = await listEvidenceForTarget(organization.id, {
          catalogId: prev.id,
          itemCode: c.code,
          elementId: c.elements[0].id,
        })
        if (linked.length > 0) covered++
      }
      expect(covered / criteria.length).toBeGreaterThanOrEqual(0.85)
      expect(covered).toBeLessThan(criteria.length) // some gaps on purpose

      const files = (await listEvidence(organization.id)).filter((e) => e.type === 'file')
      expect(files.length).toBeGreaterThan(10)
      for (const e of files.slice(0, 5)) {
        const v = e.versions.at(-1)!
        const got = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: v.key }))
        const bytes = Buffer.from(await got.Body!.transformToByteArray())
        expect(createHash('sha256').update(bytes).digest('hex')).toBe(v.sha256)
        expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
      }

      const events = (await listAuditEvents(organization.id, {}, { limit: 1 })).total
      await seedDemo({ now })
      expect(
        await seedDemoEvidence(storage, organization, DEMO_PEOPLE[1].email, 'http://localhost:3000', { now }),
      ).toBe(0)
      expect((await listAuditEvents(organization.id, {}, { limit: 1 })).total).toBe(events)
    })
  })
}

describe('the demo agency seeded in a year without a built-in catalog (15 Nov 2028: FY2572)', () => {
  let cleanup: () => Promise<void>
  beforeAll(async () => {
    ;({ cleanup } = await useTestDatabase())
  })
  afterAll(() => cleanup())

  it('makes 2571 from the latest built-in before it and 2572 from 2571, both by the year shift', async () => {
    const now = new Date('2028-11-15T03:00:00Z')
    const { organization } = await seedDemo({ now })
    const catalogs = await listCatalogs(organization.id)
    const ita = catalogs.filter((c) => c.kind === 'ita')
    expect(ita.map((c) => [c.key, c.status, c.fiscalYear])).toEqual([
      ['ita-nacc-2572', 'published', 2572],
      ['ita-nacc-2571', 'published', 2571],
    ])
    expect(ita[0].rolledFromId).toBe(ita[1].id)
    // the texts name their own year, not the built-in's
    expect(JSON.stringify((await getCatalog(organization.id, ita[1].id))!.content.name)).not.toContain('2570')
    expect(catalogs.find((c) => c.kind === 'kpi-agreement')).toMatchObject({ fiscalYear: 2572, status: 'published' })
    expect(
      (await getSurveyView(organization.id, (await findItaCatalog(organization.id, 2571))!)).values.every(
        (v) => v.entered !== null,
      ),
    ).toBe(true)
    const events = (await listAuditEvents(organization.id, {}, { limit: 1 })).total
    await seedDemo({ now })
    expect((await listAuditEvents(organization.id, {}, { limit: 1 })).total).toBe(events)
  })
})
