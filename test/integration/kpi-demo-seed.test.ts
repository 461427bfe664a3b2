import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { listAssignments } from '#models/work/assignment.server'
import { listCatalogs } from '#models/catalog/catalog.server'
import { listKpiProgress, listKpiReports } from '#models/reporting/kpi-report.server'
import { demoDayFrom, seedDemo } from '#scripts/seed'
import { provide, release } from '#test/support/kit'

beforeAll(async () => {
  await provide()
})
afterAll(release)

describe('the demo agency’s KPI agreement', () => {
  // seeded on 2 Dec 2026 (Bangkok): the agreement of FY2570, the year in progress, year-shifted from the 2569 template
  const now = new Date('2026-12-02T03:00:00Z')

  it(
    'is published for the year in progress with round 6 due in the coming weeks, round-6 reports for its KPIs, ' +
      '7.1 certified, and seeding again adds nothing',
    async () => {
      const { organization } = await seedDemo({ now })
      const agreements = (await listCatalogs(organization.id)).filter((c) => c.kind === 'kpi-agreement')
      expect(agreements.map((c) => [c.fiscalYear, c.status])).toEqual([[2570, 'published']])
      const [agreement] = agreements
      const due = (await listAssignments(organization.id, agreement.id)).find((a) => a.itemCode === '7.1')!.dueDates
      expect(due.map((d) => d.round)).toEqual(['6', '9', '12'])
      const round6 = new Date(due[0].dueDate).getTime()
      expect(round6).toBeGreaterThan(new Date(`${demoDayFrom(now, 7)}T00:00:00+07:00`).getTime())
      expect(round6).toBeLessThan(new Date(`${demoDayFrom(now, 31)}T00:00:00+07:00`).getTime())
      expect(await listKpiProgress(organization.id, agreement.id, 6)).toEqual([
        {
          kpiCode: '7.1',
          round: 6,
          stepsDone: ['L1.1', 'L1.2', 'L1.3', 'L2.1', 'L2.2', 'L2.3', 'L2.4'],
          certification: 'approved',
        },
        { kpiCode: '7.2', round: 6, stepsDone: ['L1.1'], certification: 'pending' },
      ])
      const [report] = await listKpiReports(organization.id, agreement.id, 6)
      expect(report.evidence.map((e) => e.title)).toEqual([
        'คำสั่งแต่งตั้งคณะทำงานป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2570',
        'รายงานการวิเคราะห์ความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. 2570',
      ])
      const events = (await listAuditEvents(organization.id, {}, { limit: 1000 })).total
      await seedDemo({ now })
      expect((await listAuditEvents(organization.id, {}, { limit: 1000 })).total).toBe(events)
    },
  )
})
