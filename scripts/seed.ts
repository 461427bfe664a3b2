/**
 * Demo data for `npm run local`, in the fiscal year of the day it is seeded (Bangkok date): safe to run again, it
 * changes nothing the second time.
 */
import { assignItems, listAssignments } from '#models/work/assignment.server'
import { getCatalog, type CatalogSummary } from '#models/catalog/catalog.server'
import { confirmRollover } from '#models/work/catalog-changes.server'
import { BE_OFFSET, bangkokDayValue, fiscalYearRange } from '#models/dates'
import { listItems } from '#models/catalog/items'
import { getCalendar, saveCalendar } from '#models/work/calendar.server'
import { upsertOrganization, type Organization } from '#models/tenancy/organization.server'
import type { Role } from '#models/tenancy/permissions'
import { createUnit, listUnits, type UnitKind } from '#models/tenancy/unit.server'
import { acceptInvitation, addPerson, getMembership, getUserByEmail, setPassword } from '#models/tenancy/user.server'
import { demoClock, demoDayFrom, ensureDemoCatalog, systemActor, type DemoClock } from '#scripts/seed-base'
import { seedKpiDemo } from '#scripts/seed-kpis'
import { seedDemoSurveys } from '#scripts/seed-surveys'

export { demoClock, demoDayFrom, findDemoCatalog, type DemoClock } from '#scripts/seed-base'

export const DEMO_ORG_CODE = 'demo'
export const DEMO_PASSWORD = 'saisaat-demo-2569'

export const DEMO_PEOPLE: {
  email: string
  nameTh: string
  nameEn: string
  position: string
  role: Role
  units: string[]
}[] = [
  {
    email: 'admin@demo.saisaat.test',
    nameTh: 'สมศรี ดูแลระบบ',
    nameEn: 'Somsri Admin',
    position: 'นักวิเคราะห์นโยบายและแผนชำนาญการ',
    role: 'admin',
    units: [],
  },
  {
    email: 'coordinator@demo.saisaat.test',
    nameTh: 'สมชาย ประสานงาน',
    nameEn: 'Somchai Coordinator',
    position: 'นักจัดการงานทั่วไปชำนาญการ',
    role: 'coordinator',
    units: ['กองคลัง', 'กลุ่มงานประชาสัมพันธ์'],
  },
  {
    email: 'assessor@demo.saisaat.test',
    nameTh: 'วิไล ตรวจประเมิน',
    nameEn: 'Wilai Assessor',
    position: 'นักทรัพยากรบุคคลชำนาญการพิเศษ',
    role: 'assessor',
    units: [],
  },
  {
    email: 'executive@demo.saisaat.test',
    nameTh: 'ประยุทธ บริหาร',
    nameEn: 'Prayut Executive',
    position: 'รองอธิบดี',
    role: 'executive',
    units: [],
  },
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

async function seedUnits(org: Organization) {
  const actor = systemActor(org)
  const existing = new Map((await listUnits(org.id)).map((u) => [u.nameTh, u.id]))
  for (const unit of DEMO_UNITS) {
    if (existing.has(unit.nameTh)) continue
    const created = await createUnit(actor, {
      nameTh: unit.nameTh,
      nameEn: unit.nameEn,
      kind: unit.kind,
      parentId: unit.parent ? (existing.get(unit.parent) ?? null) : null,
    })
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

/**
 * The demo agency in the year of `now` (default: today), everything computed from its Bangkok date: last fiscal
 * year finished (its ITA catalog published, every criterion assigned, survey results entered; seed-evidence
 * approves nearly everything), this year in progress (its ITA catalog published and rolled over from last year,
 * the carried assignments confirmed and due relative to `now`, the KPI agreement with round 6 due in the coming
 * weeks). Safe to run again: every step writes only what is missing.
 */
export async function seedDemo(
  options: { now?: Date } = {},
): Promise<{ organization: Organization; clock: DemoClock }> {
  const clock = demoClock(options.now)
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
  const previous = await seedPreviousYear(organization, units, clock)
  await seedCurrentYear(organization, units, clock, previous)
  await seedKpiDemo(organization, units, { coordinator: DEMO_PEOPLE[1].email, executive: DEMO_PEOPLE[3].email }, clock)
  await seedDemoSurveys(organization, DEMO_PEOPLE[3].email, clock.previous)
  // a ministry-level reviewer belongs to several organizations: the assessor also sees a province
  const province = await upsertOrganization({
    code: 'demo-province',
    nameTh: 'จังหวัดตัวอย่าง',
    nameEn: 'Example Province',
    agencyType: 'province',
  })
  await seedUnits(province)
  await seedPerson(province, DEMO_PEOPLE[2], 'executive', [])
  return { organization, clock }
}

// ---- the ITA calendar of a year ---------------------------------------------------------------

const ceDay = (fiscalYear: number, month: number, day: number) => {
  // October–December belong to the calendar year before the fiscal year ends
  const ce = fiscalYear - BE_OFFSET - (month >= 10 ? 1 : 0)
  return `${ce}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** The NACC's usual calendar of a fiscal year; administrators move it when the national one moves. */
export function demoCalendarPhases(fiscalYear: number) {
  return [
    { kind: 'preparation' as const, startsOn: ceDay(fiscalYear, 10, 1), endsOn: ceDay(fiscalYear, 3, 31) },
    { kind: 'oit-submission' as const, startsOn: ceDay(fiscalYear, 4, 1), endsOn: ceDay(fiscalYear, 5, 31) },
    { kind: 'assessor-scoring' as const, startsOn: ceDay(fiscalYear, 6, 1), endsOn: ceDay(fiscalYear, 7, 15) },
    { kind: 'clarification' as const, startsOn: ceDay(fiscalYear, 7, 16), endsOn: ceDay(fiscalYear, 7, 31) },
    { kind: 'confirmation' as const, startsOn: ceDay(fiscalYear, 8, 1), endsOn: ceDay(fiscalYear, 8, 31) },
  ]
}

async function seedCalendar(org: Organization, units: Map<string, string>, fiscalYear: number) {
  const calendar = await getCalendar(org.id, fiscalYear)
  if (calendar.phases.some((p) => p.startsOn)) return
  await saveCalendar(systemActor(org), {
    fiscalYear,
    phases: demoCalendarPhases(fiscalYear),
    unitDeadlines: [...units.values()].map((unitId) => ({ unitId, dueDate: ceDay(fiscalYear, 3, 15) })),
  })
}

/** Who publishes what, roughly as agencies split OIT items between their units (by the criterion's number). */
export function demoOwner(code: string): { unit: string; batch: number } {
  const n = Number(code.replace(/\D/g, ''))
  if (n <= 4) return { unit: 'กลุ่มงานประชาสัมพันธ์', batch: 0 }
  if (n <= 10) return { unit: 'สำนักงานเลขานุการกรม', batch: 1 }
  if (n <= 12) return { unit: 'กองคลัง', batch: 2 }
  if (n <= 14) return { unit: 'กองการเจ้าหน้าที่', batch: 3 }
  return { unit: 'ศูนย์ปฏิบัติการต่อต้านการทุจริต', batch: 4 }
}

/** Last year's due dates, by batch: January to March, as NACC's April submission window asks. */
const PREVIOUS_DUE: [number, number][] = [
  [1, 31],
  [2, 15],
  [2, 28],
  [3, 15],
  [3, 31],
]
/**
 * This year's due dates, by batch, in days from the seeding date: the public-relations group's items are a few
 * days overdue, the secretariat's due within a week, the rest in the coming weeks (never after the fiscal year).
 */
export const CURRENT_DUE_DAYS = [-4, 6, 14, 21, 45]

async function assignBatches(
  org: Organization,
  units: Map<string, string>,
  catalogId: string,
  codes: string[],
  dueOf: (batch: number) => string,
) {
  const batches = new Map<string, string[]>()
  for (const code of codes) {
    const { unit, batch } = demoOwner(code)
    const key = `${unit}|${dueOf(batch)}`
    batches.set(key, [...(batches.get(key) ?? []), code])
  }
  for (const [key, itemCodes] of batches) {
    const [unit, dueDate] = key.split('|')
    const unitId = units.get(unit)
    if (unitId) await assignItems(systemActor(org), { catalogId, itemCodes, unitIds: [unitId], dueDate })
  }
}

/** Last fiscal year's ITA catalog, its calendar, and every criterion assigned to a demo unit. */
async function seedPreviousYear(
  org: Organization,
  units: Map<string, string>,
  clock: DemoClock,
): Promise<CatalogSummary> {
  const catalog = await ensureDemoCatalog(org, 'ita', clock.previous)
  await seedCalendar(org, units, clock.previous)
  if ((await listAssignments(org.id, catalog.id)).length === 0) {
    const codes = listItems((await getCatalog(org.id, catalog.id))!.content).map((i) => i.code)
    await assignBatches(org, units, catalog.id, codes, (batch) => ceDay(clock.previous, ...PREVIOUS_DUE[batch]))
  }
  return catalog
}

/**
 * This fiscal year's ITA catalog rolled over from last year's: the rollover confirmed as proposed, then every
 * item carried (or new) assigned again with this year's due date, which also confirms the carried ones.
 */
async function seedCurrentYear(
  org: Organization,
  units: Map<string, string>,
  clock: DemoClock,
  previous: CatalogSummary,
): Promise<CatalogSummary> {
  const catalog = await ensureDemoCatalog(org, 'ita', clock.current, previous.id)
  await seedCalendar(org, units, clock.current)
  if (!(await getCatalog(org.id, catalog.id))!.rolledFromId)
    await confirmRollover(systemActor(org), previous.id, catalog.id)
  const active = new Set(
    (await listAssignments(org.id, catalog.id)).filter((a) => a.status === 'active').map((a) => a.itemCode),
  )
  const pending = listItems((await getCatalog(org.id, catalog.id))!.content)
    .map((i) => i.code)
    .filter((c) => !active.has(c))
  if (pending.length) {
    const yearEnd = bangkokDayValue(new Date(fiscalYearRange(clock.current).end.getTime() - 1))
    await assignBatches(org, units, catalog.id, pending, (batch) => {
      const day = demoDayFrom(clock.now, CURRENT_DUE_DAYS[batch])
      return day > yearEnd ? yearEnd : day
    })
  }
  return catalog
}
