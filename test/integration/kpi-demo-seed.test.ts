import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#models/audit.server'
import { listCatalogs } from '#models/catalog.server'
import { listKpiProgress, listKpiReports } from '#models/kpi-report.server'
import { seedDemo } from '#scripts/seed'
import { useTestDatabase } from '#test/support/services'

let cleanup: () => Promise<void>
beforeAll(async () => {
  ;({ cleanup } = await useTestDatabase())
})
afterAll(() => cleanup())

describe('the demo agency’s KPI agreement', () => {
  it('is published with round-6 reports for its KPIs, 7.1 certified, and seeding again adds nothing', async () => {
    const { organization } = await seedDemo()
    const agreement = (await listCatalogs(organization.id)).find((c) => c.kind === 'kpi-agreement')!
    expect(agreement.status).toBe('published')
    expect(await listKpiProgress(organization.id, agreement.id, 6)).toEqual([
      { kpiCode: '7.1', round: 6, stepsDone: ['L1.1', 'L1.2', 'L1.3', 'L2.1', 'L2.2', 'L2.3', 'L2.4'], certification: 'approved' },
      { kpiCode: '7.2', round: 6, stepsDone: ['L1.1'], certification: 'pending' },
    ])
    const [report] = await listKpiReports(organization.id, agreement.id, 6)
    expect(report.evidence.map((e) => e.title)).toEqual(['คำสั่งแต่งตั้งคณะทำงานป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. 2569', 'รายงานการวิเคราะห์ความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. 2569'])
    const events = (await listAuditEvents(organization.id, {}, { limit: 1000 })).total
    await seedDemo()
    expect((await listAuditEvents(organization.id, {}, { limit: 1000 })).total).toBe(events)
  })
})
