/** Demo data for `npm run local`: safe to run again, it changes nothing the second time. */
import { assignItems, listAssignments } from '#models/assignment.server'
import type { Actor } from '#models/audit.server'
import { getCatalog, listCatalogs, publishCatalog, startFromBuiltIn } from '#models/catalog.server'
import { listItems } from '#models/catalog-items'
import { getRound, saveRound } from '#models/round.server'
import { upsertOrganization, type Organization } from '#models/organization.server'
import type { Role } from '#models/permissions'
import { createUnit, listUnits, type UnitKind } from '#models/unit.server'
import { acceptInvitation, addPerson, getMembership, getUserByEmail, setPassword } from '#models/user.server'
import { seedKpiDemo } from '#scripts/seed-kpis'
import { seedDemoSurveys } from '#scripts/seed-surveys'

export const DEMO_ORG_CODE = 'demo'
export const DEMO_PASSWORD = 'saisaat-demo-2569'

export const DEMO_PEOPLE: { email: string; nameTh: string; nameEn: string; position: string; role: Role; units: string[] }[] = [
  { email: 'admin@demo.saisaat.test', nameTh: 'สมศรี ดูแลระบบ', nameEn: 'Somsri Admin', position: 'นักวิเคราะห์นโยบายและแผนชำนาญการ', role: 'admin', units: [] },
  { email: 'coordinator@demo.saisaat.test', nameTh: 'สมชาย ประสานงาน', nameEn: 'Somchai Coordinator', position: 'นักจัดการงานทั่วไปชำนาญการ', role: 'coordinator', units: ['กองคลัง', 'กลุ่มงานประชาสัมพันธ์'] },
  { email: 'assessor@demo.saisaat.test', nameTh: 'วิไล ตรวจประเมิน', nameEn: 'Wilai Assessor', position: 'นักทรัพยากรบุคคลชำนาญการพิเศษ', role: 'assessor', units: [] },
  { email: 'executive@demo.saisaat.test', nameTh: 'ประยุทธ บริหาร', nameEn: 'Prayut Executive', position: 'รองอธิบดี', role: 'executive', units: [] },
]

const DEMO_UNITS: { nameTh: string; nameEn: string; kind: UnitKind; parent?: string }[] = [
  { nameTh: 'สำนักงานเลขานุการกรม', nameEn: 'Office of the Secretary', kind: 'bureau' },
  { nameTh: 'กองคลัง', nameEn: 'Finance Division', kind: 'division' },
  { nameTh: 'กองการเจ้าหน้าที่', nameEn: 'Personnel Division', kind: 'division' },
  { nameTh: 'ศูนย์เทคโนโลยีสารสนเทศและการสื่อสาร', nameEn: 'ICT Centre', kind: 'center' },
  { nameTh: 'กลุ่มงานประชาสัมพันธ์', nameEn: 'Public Relations Group', kind: 'group', parent: 'สำนักงานเลขานุการกรม' },
  { nameTh: 'ศูนย์ปฏิบัติการต่อต้านการทุจริต', nameEn: 'Anti-Corruption Operation Centre', kind: 'center' },
  { nameTh: 'สำนักงานภูมิภาคที่ 1', nameEn: 'Regional Office 1', kind: 'regional' },
]

const systemActor = (org: Organization): Actor => ({ organizationId: org.id, userId: null, userName: 'ระบบ (ข้อมูลตัวอย่าง) / system (demo data)' })

async function seedUnits(org: Organization) {
  const actor = systemActor(org)
  const existing = new Map((await listUnits(org.id)).map((u) => [u.nameTh, u.id]))
  for (const unit of DEMO_UNITS) {
    if (existing.has(unit.nameTh)) continue
    const created = await createUnit(actor, { nameTh: unit.nameTh, nameEn: unit.nameEn, kind: unit.kind, parentId: unit.parent ? existing.get(unit.parent) ?? null : null })
    existing.set(unit.nameTh, created.id)
  }
  return existing
}

async function seedPerson(org: Organization, person: (typeof DEMO_PEOPLE)[number], role: Role, unitIds: string[]) {
  const actor = systemActor(org)
  let user = await getUserByEmail(person.email)
  const membership = user ? await getMembership(org.id, user.id) : null
  if (!user || !membership) {
    const added = await addPerson(actor, { ...person, role, unitIds })
    user = added
    // someone of another organization joins by accepting, as the demo person would when signed in
    if (added.membership.pending) await acceptInvitation({ userId: added.id, userName: added.nameTh }, org.id)
  } else if (membership.pending) {
    await acceptInvitation({ userId: user.id, userName: user.nameTh }, org.id)
  }
  if (!user.hasPassword) await setPassword(actor, user.id, DEMO_PASSWORD)
}

export async function seedDemo(): Promise<{ organization: Organization }> {
  const organization = await upsertOrganization({
    code: DEMO_ORG_CODE,
    nameTh: 'กรมตัวอย่างเพื่อความโปร่งใส',
    nameEn: 'Demonstration Department for Transparency',
    agencyType: 'department',
  })
  const units = await seedUnits(organization)
  for (const person of DEMO_PEOPLE) {
    await seedPerson(organization, person, person.role, person.units.map((n) => units.get(n)!).filter(Boolean))
  }
  await seedCatalog(organization, units)
  await seedKpiDemo(organization, units, { coordinator: DEMO_PEOPLE[1].email, executive: DEMO_PEOPLE[3].email })
  await seedDemoSurveys(organization, DEMO_PEOPLE[3].email)
  // a ministry-level reviewer belongs to several organizations: the assessor also sees a province
  const province = await upsertOrganization({ code: 'demo-province', nameTh: 'จังหวัดตัวอย่าง', nameEn: 'Example Province', agencyType: 'province' })
  await seedUnits(province)
  await seedPerson(province, DEMO_PEOPLE[2], 'executive', [])
  return { organization }
}

/** ITA 2569 for FY2569, its calendar, and every criterion assigned to a demo unit. */
async function seedCatalog(org: Organization, units: Map<string, string>) {
  const actor = systemActor(org)
  let catalog = (await listCatalogs(org.id)).find((c) => c.sourceKey === 'ita-nacc-2569')
  if (!catalog) catalog = await startFromBuiltIn(actor, 'ita-nacc-2569')
  if (catalog.status === 'draft') catalog = await publishCatalog(actor, catalog.id)
  const round = await getRound(org.id, 2569)
  if (round.phases.every((p) => !p.startsOn)) {
    // the NACC's usual calendar; administrators move it when the national one moves
    await saveRound(actor, {
      fiscalYear: 2569,
      phases: [
        { kind: 'preparation', startsOn: '2025-10-01', endsOn: '2026-03-31' },
        { kind: 'oit-submission', startsOn: '2026-04-01', endsOn: '2026-05-31' },
        { kind: 'assessor-scoring', startsOn: '2026-06-01', endsOn: '2026-07-15' },
        { kind: 'clarification', startsOn: '2026-07-16', endsOn: '2026-07-31' },
        { kind: 'confirmation', startsOn: '2026-08-01', endsOn: '2026-08-31' },
      ],
      unitDeadlines: [...units.values()].map((unitId) => ({ unitId, dueDate: '2026-03-15' })),
    })
  }
  if ((await listAssignments(org.id, catalog.id)).length > 0) return
  const items = listItems((await getCatalog(org.id, catalog.id))!.content)
  // who publishes what, roughly as agencies split OIT items between their units
  const owner = (code: string) => {
    const n = Number(code.replace(/\D/g, ''))
    if (n <= 4) return ['กลุ่มงานประชาสัมพันธ์', '2026-01-31']
    if (n <= 10) return ['สำนักงานเลขานุการกรม', '2026-02-15']
    if (n <= 12) return ['กองคลัง', '2026-02-28']
    if (n <= 14) return ['กองการเจ้าหน้าที่', '2026-03-15']
    return ['ศูนย์ปฏิบัติการต่อต้านการทุจริต', '2026-03-31']
  }
  const batches = new Map<string, string[]>()
  for (const item of items) {
    const [unit, due] = owner(item.code)
    const key = `${unit}|${due}`
    batches.set(key, [...(batches.get(key) ?? []), item.code])
  }
  for (const [key, itemCodes] of batches) {
    const [unit, dueDate] = key.split('|')
    const unitId = units.get(unit)
    if (unitId) await assignItems(actor, { catalogId: catalog.id, itemCodes, unitIds: [unitId], dueDate })
  }
}
