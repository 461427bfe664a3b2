/**
 * Demo KPI agreement of the fiscal year in progress: the integrity KPI template published for that year (the
 * built-in, or the built-in year-shifted to it), both KPIs assigned to the demo coordinator's unit with round 6
 * due in the coming weeks, round-6 reports written by that coordinator, 7.1 certified by the demo executive.
 * Safe to run again: it writes only what is missing.
 */
import { assignItems, listAssignments } from '#models/work/assignment.server'
import type { Actor } from '#models/tenancy/audit.server'
import { createTextEvidence } from '#models/evidence/records.server'
import { certifyKpiReport, getKpiReport, saveKpiReport } from '#models/reporting/kpi-report.server'
import type { Organization } from '#models/tenancy/organization.server'
import { getMembership, getUserByEmail } from '#models/tenancy/user.server'
import { demoDayFrom, ensureDemoCatalog, type DemoClock } from '#scripts/seed-base'

/**
 * Days from the seeding date to each round's due date: the 6-month report in the coming weeks, then 3 and 6 months on.
 */
export const KPI_DUE_DAYS: Record<string, number> = { 6: 18, 9: 18 + 91, 12: 18 + 182 }

async function member(org: Organization, email: string) {
  const user = await getUserByEmail(email)
  const membership = user && (await getMembership(org.id, user.id))
  if (!user || !membership) throw new Error(`demo KPI reports: ${email} is not a member of ${org.code}`)
  const actor: Actor = { organizationId: org.id, userId: user.id, userName: user.nameTh }
  return { actor, membership }
}

export async function seedKpiDemo(
  org: Organization,
  units: Map<string, string>,
  emails: { coordinator: string; executive: string },
  clock: DemoClock,
): Promise<void> {
  const system: Actor = { organizationId: org.id, userId: null, userName: 'ระบบ (ข้อมูลตัวอย่าง) / system (demo data)' }
  const fy = clock.current
  const catalog = await ensureDemoCatalog(org, 'kpi-agreement', fy)
  const unitId = units.get('กองคลัง')
  if (!unitId) return
  if ((await listAssignments(org.id, catalog.id)).length === 0)
    await assignItems(system, {
      catalogId: catalog.id,
      itemCodes: ['7.1', '7.2'],
      unitIds: [unitId],
      dueDates: Object.entries(KPI_DUE_DAYS).map(([round, days]) => ({ round, dueDate: demoDayFrom(clock.now, days) })),
    })

  const coordinator = await member(org, emails.coordinator)
  if (!(await getKpiReport(org.id, catalog.id, '7.1', 6))) {
    const order = await createTextEvidence(coordinator.actor, {
      title: `คำสั่งแต่งตั้งคณะทำงานป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ${fy}`,
      html: `<p>คำสั่งกรมตัวอย่างเพื่อความโปร่งใส ที่ 123/${fy - 1} แต่งตั้งคณะทำงานป้องกันการทุจริต</p>`,
    })
    const risks = await createTextEvidence(coordinator.actor, {
      title: `รายงานการวิเคราะห์ความเสี่ยงการทุจริต ปีงบประมาณ พ.ศ. ${fy}`,
      html: '<p>ผลการวิเคราะห์ความเสี่ยงในกระบวนการจัดซื้อจัดจ้าง การเงิน และการอนุญาต</p>',
    })
    await saveKpiReport(coordinator.actor, coordinator.membership, catalog.id, '7.1', 6, {
      levelTexts: {
        1:
          `ทบทวนผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ พ.ศ. ${fy - 1} วิเคราะห์ความเสี่ยง ` +
          `และสรุปข้อร้องเรียนจากศูนย์ดำรงธรรม`,
        2: `จัดทำแผนปฏิบัติการป้องกันการทุจริต ปีงบประมาณ พ.ศ. ${fy} โดยใช้ผลการวิเคราะห์ความเสี่ยง`,
      },
      stepsDone: ['L1.1', 'L1.2', 'L1.3', 'L2.1', 'L2.2', 'L2.3', 'L2.4'],
      explanation:
        `1. ประชุมคณะทำงานป้องกันการทุจริต ครั้งที่ 1/${fy} เพื่อทบทวนผลการดำเนินงานปีที่ผ่านมา\n2. ` +
        `จัดทำและประกาศใช้แผนปฏิบัติการป้องกันการทุจริต ประจำปีงบประมาณ พ.ศ. ${fy}`,
      supportingFactors: 'ผู้บริหารให้ความสำคัญและติดตามผลทุกเดือน',
      obstacles: 'ระยะเวลาในการรวบรวมข้อมูลจากหน่วยงานภูมิภาคจำกัด',
      evidenceIds: [order.id, risks.id],
      supervisorName: 'ประยุทธ บริหาร (รองอธิบดี)',
      supervisorPhone: '0-2123-4567 ต่อ 100',
      dataCollectorName: 'สมชาย ประสานงาน',
      dataCollectorPhone: '0-2123-4567 ต่อ 215',
    })
  }
  if (!(await getKpiReport(org.id, catalog.id, '7.2', 6))) {
    await saveKpiReport(coordinator.actor, coordinator.membership, catalog.id, '7.2', 6, {
      levelTexts: { 1: 'แต่งตั้งผู้รับผิดชอบจัดทำข้อมูลการทุจริตและประพฤติมิชอบ' },
      stepsDone: ['L1.1'],
      explanation: 'รวบรวมข้อมูลเรื่องร้องเรียนไตรมาสที่ 1–2',
      dataCollectorName: 'สมชาย ประสานงาน',
    })
  }
  if ((await getKpiReport(org.id, catalog.id, '7.1', 6))?.certification === 'pending') {
    const executive = await member(org, emails.executive)
    await certifyKpiReport(executive.actor, executive.membership, catalog.id, '7.1', 6, {
      decision: 'approved',
      note: 'ผลการดำเนินงานครบถ้วนตามเกณฑ์ระดับ 2',
    })
  }
}
