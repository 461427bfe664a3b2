/**
 * The demo network: จังหวัดตัวอย่าง (the demo province) with 30 local administrations beneath it — three town
 * municipalities, each with nine sub-district administrations beneath it (the sub-networks) — in varied, generated
 * and deterministic states: a few without this year's catalog, some not started, the rest from early to complete,
 * some with no change for over 30 days. The province's executive network@demo.saisaat.test signs in with the demo
 * password. Safe to run again: an organization that already has review states is left as it is.
 */
import mongoose from 'mongoose'
import { assignItems } from '#models/work/assignment.server'
import { listCriteria, type ItaCatalog } from '#models/catalog/schema'
import { getCatalog } from '#models/catalog/catalog.server'
import { noteActivity } from '#models/tenancy/audit.server'
import { setOrganizationParent } from '#models/tenancy/operator.server'
import { upsertOrganization, type Organization } from '#models/tenancy/organization.server'
import { createUnit, listUnits } from '#models/tenancy/unit.server'
import { addPerson, getMembership, getUserByEmail, setPassword } from '#models/tenancy/user.server'
import { saveSurveyResults } from '#models/reporting/survey.server'
import { demoClock, demoDayFrom, ensureDemoCatalog, systemActor } from '#scripts/seed-base'
import { DEMO_PASSWORD } from '#scripts/seed'

export const NETWORK_EXECUTIVE = { email: 'network@demo.saisaat.test', nameTh: 'ผู้บริหาร เครือข่ายจังหวัด' }

const PLACES = [
  'บ้านสวน',
  'หนองบัว',
  'ท่าช้าง',
  'โคกสูง',
  'นาดี',
  'ห้วยทราย',
  'บ่อทอง',
  'ดอนแก้ว',
  'คลองใหม่',
  'วังน้ำเย็น',
  'ทุ่งใหญ่',
  'บางพระ',
  'หนองแก',
  'ป่าแดง',
  'เขาดิน',
  'ศรีสุข',
  'นาเกลือ',
  'ท่าทอง',
  'หัวหิน',
  'โนนสูง',
  'บ้านไร่',
  'สามัคคี',
  'ดงเย็น',
  'ชัยมงคล',
  'แม่ระมาด',
  'หนองหญ้า',
  'บางแก้ว',
  'คำเตย',
  'สระแก้ว',
  'ทับทิม',
]

/** A generator of numbers in [0, 1) from a seed (mulberry32): the same network every time. */
function seeded(seed: number) {
  let s = seed >>> 0
  return () => {
    s = (s + 0x6d2b79f5) >>> 0
    let t = Math.imul(s ^ (s >>> 15), 1 | s)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32
  }
}

/** Share of criteria approved by state, and whether the organization has this year's catalog at all. */
const STATES = [
  { approved: 0, submitted: 0, catalog: false },
  { approved: 0, submitted: 0, catalog: true },
  { approved: 0.15, submitted: 0.15, catalog: true },
  { approved: 0.45, submitted: 0.2, catalog: true },
  { approved: 0.75, submitted: 0.1, catalog: true },
  { approved: 0.92, submitted: 0.05, catalog: true },
  { approved: 1, submitted: 0, catalog: true },
]

async function seedChild(org: Organization, index: number, now: Date) {
  const rand = seeded(2569 + index)
  const state = STATES[index % 3 === 0 && index > 2 && index < 10 ? 1 : Math.floor(rand() * STATES.length)]
  const actor = systemActor(org)
  const units = (await listUnits(org.id)).length
    ? await listUnits(org.id)
    : [await createUnit(actor, { nameTh: 'สำนักปลัด', nameEn: 'Office of the Permanent Secretary', kind: 'division' })]
  if (!state.catalog) return
  const clock = demoClock(now)
  const summary = await ensureDemoCatalog(org, 'ita', clock.current)
  const Review = mongoose.model('Review')
  const orgId = new mongoose.Types.ObjectId(org.id)
  if (await Review.exists({ organizationId: orgId, catalogId: new mongoose.Types.ObjectId(summary.id) })) return
  const catalog = (await getCatalog(org.id, summary.id))!
  const codes = listCriteria(catalog.content as ItaCatalog)
    .filter((c) => !c.criterion.placeholder)
    .map((c) => c.criterion.code)
  // due dates from three weeks ago to two months ahead: some items overdue
  await assignItems(actor, {
    catalogId: catalog.id,
    itemCodes: codes,
    unitIds: [units[0].id],
    dueDate: demoDayFrom(now, Math.floor(rand() * 80) - 21),
  })
  const reviews = codes.flatMap((itemCode) => {
    const r = rand()
    const status =
      r < state.approved
        ? 'approved'
        : r < state.approved + state.submitted
          ? 'submitted'
          : r < state.approved + state.submitted + 0.1 && state.approved > 0
            ? 'in-progress'
            : null
    return status
      ? [
          {
            organizationId: orgId,
            catalogId: new mongoose.Types.ObjectId(catalog.id),
            itemCode,
            status,
            ticks: [],
            comments: [],
            version: 1,
            createdAt: now,
            updatedAt: now,
            approvedAt: status === 'approved' ? now : null,
          },
        ]
      : []
  })
  // review states are written as the review store keeps them (the demo has no evidence for these agencies)
  if (reviews.length) await Review.insertMany(reviews)
  if (state.approved > 0)
    await saveSurveyResults(
      actor,
      catalog.id,
      Object.fromEntries(Array.from({ length: 8 }, (_, i) => [String(i + 1), (70 + 28 * rand()).toFixed(2)])),
    )
  // last change by a person: from today to 60 days ago (over 30 days: listed as inactive)
  const daysAgo = state.approved === 0 ? 45 + Math.floor(rand() * 20) : Math.floor(rand() * 40)
  await noteActivity(org.id, new Date(now.getTime() - daysAgo * 86_400_000), true)
}

/** The demo province's network (see the top of this file); returns the province and its 30 organizations. */
export async function seedDemoNetwork(
  options: { now?: Date } = {},
): Promise<{ province: Organization; children: Organization[] }> {
  const now = options.now ?? new Date()
  const province = await upsertOrganization({
    code: 'demo-province',
    nameTh: 'จังหวัดตัวอย่าง',
    nameEn: 'Example Province',
    agencyType: 'province',
  })
  const user = await getUserByEmail(NETWORK_EXECUTIVE.email)
  if (!user || !(await getMembership(province.id, user.id))) {
    const added = await addPerson(systemActor(province), {
      ...NETWORK_EXECUTIVE,
      nameEn: 'Network Executive',
      role: 'executive',
      unitIds: [],
    })
    if (!added.hasPassword) await setPassword(systemActor(province), added.id, DEMO_PASSWORD)
  }
  const operator = { userId: null, userName: 'ระบบ (ข้อมูลตัวอย่าง) / system (demo data)' }
  const children: Organization[] = []
  for (let i = 0; i < PLACES.length; i++) {
    const town = i % 10 === 0
    const code = `demo-lao-${String(i + 1).padStart(2, '0')}`
    const org = await upsertOrganization({
      code,
      nameTh: town ? `เทศบาลเมือง${PLACES[i]}` : `องค์การบริหารส่วนตำบล${PLACES[i]}`,
      nameEn: town ? `${PLACES[i]} Town Municipality` : `${PLACES[i]} Subdistrict Administrative Organization`,
      agencyType: 'local-administration',
    })
    // each town municipality heads a sub-network of the nine sub-districts after it
    await setOrganizationParent(
      operator,
      code,
      town ? province.code : `demo-lao-${String(i - (i % 10) + 1).padStart(2, '0')}`,
    )
    await seedChild(org, i, now)
    children.push(org)
  }
  return { province, children }
}
