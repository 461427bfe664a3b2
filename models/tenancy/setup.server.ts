/**
 * The first-run set-up of a new organization: a checklist its administrator works through at /setup (profile, units,
 * people, the fiscal year's catalog, assignments, the round calendar), left and resumed at will. Progress is read
 * from the data itself (units exist, people invited, catalog published, criteria assigned, calendar saved); only
 * "profile confirmed" and "finished" are stored, in one document per organization (`setups`).
 *
 * Which organizations are in set-up: one whose set-up document is open, or one with neither units nor catalogs yet
 * (a new organization before its first step). Organizations that existed before the set-up (the demo agency) have
 * units and no document: they are never sent to it.
 */
import { z } from 'zod'
import { diff, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { listCatalogs, type CatalogSummary } from '#models/catalog/catalog.server'
import { listItems } from '#models/catalog/items'
import { BE_OFFSET, checkDayInput, dayFieldMessage, fiscalYearOf } from '#models/dates'
import { type LeanDoc, ORGANIZATION_ID, schemaModel, organizationSchema } from '#models/db.server'
import { AppError, bi } from '#models/errors'
import { oid } from '#models/ids'
import {
  getOrganizationById,
  ItasCodeSchema,
  OrganizationModel,
  updateOrganizationSettings,
  type OrganizationSettingsInput,
} from '#models/tenancy/organization.server'
import { ROLES, type Role } from '#models/tenancy/permissions'
import { suggestOwners, type Suggestion } from '#models/tenancy/setup-suggestions'
import { SheetRefusal, type SheetColumn, type SheetProblem, type SheetRows } from '#models/tenancy/sheet-rows'
import { listUnits, type Unit } from '#models/tenancy/unit.server'
import { addPerson, listPeople, PersonInputSchema, type Person } from '#models/tenancy/user.server'
import { assignItems, listAssignments, type Assignment } from '#models/work/assignment.server'
import { getCalendar, type PhaseKind } from '#models/work/calendar.server'
import { getCatalog } from '#models/catalog/catalog.server'

const setupSchema = organizationSchema({
  // one set-up per organization: the unique index below stands for the plain one
  organizationId: { ...ORGANIZATION_ID, index: false },
  startedAt: { type: Date, default: null },
  profileConfirmedAt: { type: Date, default: null },
  finishedAt: { type: Date, default: null },
})
setupSchema.index({ organizationId: 1 }, { unique: true })
type SetupDoc = LeanDoc<typeof setupSchema>
const SetupModel = schemaModel('Setup', setupSchema)

export const SETUP_STEPS = ['profile', 'units', 'people', 'catalog', 'assignments', 'calendar'] as const
export type SetupStep = (typeof SETUP_STEPS)[number]

export interface SetupProgress {
  /** The fiscal year in progress (Bangkok date): the one the set-up prepares. */
  fiscalYear: number
  units: number
  /** People other than administrators: the ones the set-up invites. */
  people: number
  /** The ITA catalog of the year (the published one when there is one, else the newest draft). */
  catalog: Pick<CatalogSummary, 'id' | 'nameTh' | 'nameEn' | 'status' | 'itemCount'> | null
  assigned: number
  done: Record<SetupStep, boolean>
  /** Steps done out of all. */
  count: number
  complete: boolean
  finished: boolean
}

const isIta = (c: CatalogSummary) => c.kind === 'ita' || c.kind === 'ita-variant'

/** The organization's ITA catalog of the year: published first, else the newest draft. */
export function yearCatalogOf(catalogs: CatalogSummary[], fiscalYear: number): CatalogSummary | null {
  const ofYear = catalogs.filter((c) => isIta(c) && c.fiscalYear === fiscalYear && c.status !== 'archived')
  return ofYear.find((c) => c.status === 'published') ?? ofYear[0] ?? null
}

export async function getSetupProgress(organizationId: string, now = new Date()): Promise<SetupProgress> {
  const fiscalYear = fiscalYearOf(now)
  const [doc, units, people, catalogs, calendar] = await Promise.all([
    SetupModel.findOne({ organizationId: oid(organizationId) }).lean<SetupDoc>(),
    listUnits(organizationId),
    listPeople(organizationId),
    listCatalogs(organizationId),
    getCalendar(organizationId, fiscalYear),
  ])
  const catalog = yearCatalogOf(catalogs, fiscalYear)
  const assigned = catalog?.status === 'published' ? (await listAssignments(organizationId, catalog.id)).length : 0
  const activeUnits = units.filter((u) => !u.retired).length
  const invited = people.filter((p) => p.membership.role !== 'admin').length
  const done: Record<SetupStep, boolean> = {
    profile: Boolean(doc?.profileConfirmedAt),
    units: activeUnits > 0,
    people: invited > 0,
    catalog: catalog?.status === 'published',
    assignments: assigned > 0,
    calendar: calendar.phases.some((p) => p.startsOn),
  }
  const count = SETUP_STEPS.filter((s) => done[s]).length
  return {
    fiscalYear,
    units: activeUnits,
    people: invited,
    catalog: catalog
      ? {
          id: catalog.id,
          nameTh: catalog.nameTh,
          nameEn: catalog.nameEn,
          status: catalog.status,
          itemCount: catalog.itemCount,
        }
      : null,
    assigned,
    done,
    count,
    complete: count === SETUP_STEPS.length,
    finished: Boolean(doc?.finishedAt),
  }
}

/**
 * Whether the organization's administrators are sent to /setup from the home page: its set-up is open, or it is new
 * (no units, no catalogs) and has not begun.
 */
export async function setupOpen(organizationId: string): Promise<boolean> {
  const doc = await SetupModel.findOne({ organizationId: oid(organizationId) }).lean<SetupDoc>()
  if (doc) return !doc.finishedAt
  const [units, catalogs] = await Promise.all([listUnits(organizationId), listCatalogs(organizationId)])
  return units.length === 0 && catalogs.length === 0
}

/** Every set-up step calls this first: the set-up stays open (and the home page sends here) until it is finished. */
export async function beginSetup(actor: Actor): Promise<void> {
  const r = await SetupModel.updateOne(
    { organizationId: oid(actor.organizationId) },
    { $setOnInsert: { startedAt: new Date() } },
    { upsert: true },
  )
  if (r.upsertedCount)
    await recordAudit(actor, { action: 'setup.start', targetType: 'organization', targetId: actor.organizationId })
}

/**
 * Marks the set-up finished once every step is done (audited): from then on the home page is the normal one, even if
 * later changes undo a step. True when this call finished it.
 */
export async function finishSetupIfComplete(actor: Actor): Promise<boolean> {
  const progress = await getSetupProgress(actor.organizationId)
  if (!progress.complete || progress.finished) return false
  await beginSetup(actor)
  const r = await SetupModel.updateOne(
    { organizationId: oid(actor.organizationId), finishedAt: null },
    { $set: { finishedAt: new Date() } },
  )
  if (!r.modifiedCount) return false
  await recordAudit(actor, {
    action: 'setup.finish',
    targetType: 'organization',
    targetId: actor.organizationId,
    changes: { finished: { before: null, after: true } },
  })
  return true
}

export type ProfileInput = OrganizationSettingsInput & { itasCode?: string }

/**
 * The profile step: the organization's names, type, web domains and ITAS agency code, saved and confirmed (the
 * confirmation is the step's mark: the operator typed the names, the administrator confirms them). Audited.
 */
export async function confirmProfile(actor: Actor, input: ProfileInput): Promise<void> {
  const itas = ItasCodeSchema.safeParse(input.itasCode ?? '')
  if (!itas.success) {
    const message = itas.error.issues[0].message
    throw new AppError(message, 400, { itasCode: message })
  }
  await beginSetup(actor)
  const before = await getOrganizationById(actor.organizationId)
  await updateOrganizationSettings(actor, input)
  if (before && before.itasCode !== itas.data) {
    await OrganizationModel.updateOne({ _id: oid(actor.organizationId) }, { $set: { itasCode: itas.data } })
    await recordAudit(actor, {
      action: 'organization.update',
      targetType: 'organization',
      targetId: actor.organizationId,
      targetLabel: before.nameTh,
      changes: diff({ itasCode: before.itasCode }, { itasCode: itas.data }),
    })
  }
  const r = await SetupModel.updateOne(
    { organizationId: oid(actor.organizationId), profileConfirmedAt: null },
    { $set: { profileConfirmedAt: new Date() } },
  )
  if (r.modifiedCount)
    await recordAudit(actor, {
      action: 'setup.profile-confirm',
      targetType: 'organization',
      targetId: actor.organizationId,
      targetLabel: before?.nameTh ?? '',
      changes: { profileConfirmed: { before: null, after: true } },
    })
}

// ---- people from a sheet ----------------------------------------------------------------------

export const PEOPLE_SHEET_COLUMNS: SheetColumn[] = [
  { key: 'email', headers: ['e-mail', 'email', 'อีเมล'], required: true },
  { key: 'name', headers: ['name', 'ชื่อ', 'ชื่อ-สกุล', 'ชื่อ-นามสกุล'], required: true },
  { key: 'role', headers: ['role', 'บทบาท'], required: true },
  { key: 'unitCodes', headers: ['unit codes', 'รหัสหน่วย', 'หน่วย', 'units'], required: true },
]

const ROLE_WORDS: Record<string, Role> = {
  ผู้ดูแลระบบ: 'admin',
  administrator: 'admin',
  ผู้ประสานงาน: 'coordinator',
  ผู้ตรวจประเมิน: 'assessor',
  ผู้บริหาร: 'executive',
}

export function roleOf(text: string): Role | null {
  const t = text.trim().toLowerCase()
  if ((ROLES as readonly string[]).includes(t)) return t as Role
  return ROLE_WORDS[t] ?? ROLE_WORDS[text.trim()] ?? null
}

/**
 * Adds every person of a sheet (e-mail, name, role, unit codes), or nobody: every row is checked first (a known role,
 * units named by their codes, a coordinator with at least one unit, an e-mail neither repeated nor already here), and
 * one bad row refuses the whole file naming its sheet, row, column and rule. Each person is added as the people page
 * adds one (audited there); the caller issues and hands over their invitation links.
 */
export async function importPeople(actor: Actor, sheet: SheetRows): Promise<Person[]> {
  const [units, people] = await Promise.all([listUnits(actor.organizationId), listPeople(actor.organizationId)])
  const byCode = new Map(units.filter((u) => u.code).map((u) => [u.code.toLowerCase(), u]))
  const here = new Set(people.map((p) => p.email.toLowerCase()))
  const problems: SheetProblem[] = []
  const at = (row: number, column: string, th: string, en: string) =>
    problems.push({ sheet: sheet.sheet, row, column, rule: bi(th, en) })
  const seen = new Map<string, number>()
  const rows: { email: string; nameTh: string; role: Role; unitIds: string[] }[] = []
  for (const { row, values } of sheet.rows) {
    const email = values.email.toLowerCase()
    if (!email) at(row, 'e-mail', 'จำเป็นต้องกรอก', 'required')
    else if (!PersonInputSchema.shape.email.safeParse(email).success)
      at(row, 'e-mail', `"${values.email}" ไม่ใช่อีเมลที่ถูกต้อง`, `"${values.email}" is not a valid address`)
    else if (seen.has(email)) at(row, 'e-mail', `ซ้ำกับแถว ${seen.get(email)}`, `repeats row ${seen.get(email)}`)
    else if (here.has(email)) at(row, 'e-mail', 'บุคคลนี้อยู่ในหน่วยงานแล้วหรือได้รับเชิญแล้ว', 'already a member or invited')
    if (email && !seen.has(email)) seen.set(email, row)
    if (!values.name) at(row, 'name', 'จำเป็นต้องกรอก', 'required')
    else if (values.name.length > 200) at(row, 'name', 'ยาวได้ไม่เกิน 200 ตัวอักษร', 'at most 200 characters')
    const role = roleOf(values.role)
    if (!role)
      at(
        row,
        'role',
        `ไม่รู้จักบทบาท "${values.role}" (ใช้ ผู้ดูแลระบบ ผู้ประสานงาน ผู้ตรวจประเมิน ผู้บริหาร)`,
        `unknown role "${values.role}" (use ${ROLES.join(', ')})`,
      )
    const codes = values.unitCodes.split(/[,;\s]+/).filter(Boolean)
    const found: Unit[] = []
    for (const code of codes) {
      const unit = byCode.get(code.toLowerCase())
      if (!unit) at(row, 'unit codes', `ไม่พบหน่วยรหัส "${code}"`, `no unit has the code "${code}"`)
      else if (unit.retired) at(row, 'unit codes', `หน่วย "${code}" ยกเลิกแล้ว`, `unit "${code}" is retired`)
      else found.push(unit)
    }
    if (role === 'coordinator' && codes.length === 0)
      at(
        row,
        'unit codes',
        'ผู้ประสานงานต้องมีหน่วยอย่างน้อย 1 หน่วย (ส่งหลักฐานได้เฉพาะงานของหน่วยตน)',
        'a coordinator needs at least one unit (they upload only for their units’ items)',
      )
    if (role) rows.push({ email, nameTh: values.name, role, unitIds: [...new Set(found.map((u) => u.id))] })
  }
  if (problems.length) throw new SheetRefusal(problems)
  await beginSetup(actor)
  const added: Person[] = []
  for (const r of rows) added.push(await addPerson(actor, r))
  return added
}

// ---- assignments from suggestions -------------------------------------------------------------

export interface SetupAssignmentRow {
  code: string
  titleTh: string
  titleEn: string
  suggestion: Suggestion
  /** The unit(s) it is assigned to now (empty when not assigned). */
  assignedUnitIds: string[]
}

/** The assignment step: each criterion of the year's published catalog, its suggested unit and its assignment. */
export async function getSetupAssignments(organizationId: string, now = new Date()) {
  const fiscalYear = fiscalYearOf(now)
  const summary = yearCatalogOf(await listCatalogs(organizationId), fiscalYear)
  const catalog = summary?.status === 'published' ? await getCatalog(organizationId, summary.id) : null
  const units = (await listUnits(organizationId)).filter((u) => !u.retired)
  if (!catalog) return { fiscalYear, catalog: null, units, rows: [] as SetupAssignmentRow[], dueDate: '' }
  const items = listItems(catalog.content)
  const suggestions = suggestOwners(items, units)
  const assigned = new Map<string, Assignment>(
    (await listAssignments(organizationId, catalog.id)).map((a) => [a.itemCode, a]),
  )
  const rows = items.map((item, i) => ({
    code: item.code,
    titleTh: item.titleTh,
    titleEn: item.titleEn,
    suggestion: suggestions[i],
    assignedUnitIds: assigned.get(item.code)?.unitIds ?? [],
  }))
  return {
    fiscalYear,
    catalog: { id: catalog.id, nameTh: catalog.nameTh, nameEn: catalog.nameEn },
    units,
    rows,
    dueDate: estimatedDueDate(fiscalYear),
  }
}

const ChoicesSchema = z.object({
  catalogId: z.string().min(1),
  choices: z.array(z.object({ itemCode: z.string(), unitId: z.string() })),
  dueDate: z.string().default(''),
})

/**
 * Assigns the criteria the administrator confirmed, each to the unit chosen for it, due on the date given. Every
 * choice is checked before the first write (assignItems checks again and audits each assignment).
 */
export async function applyAssignmentChoices(actor: Actor, input: z.input<typeof ChoicesSchema>): Promise<number> {
  const data = ChoicesSchema.parse(input)
  const choices = data.choices.filter((c) => c.unitId)
  if (choices.length === 0)
    throw new AppError(
      bi('การมอบหมาย: เลือกอย่างน้อย 1 ข้อพร้อมหน่วยที่รับผิดชอบ', 'assignments: choose at least one criterion with its unit'),
      400,
      { itemCodes: bi('เลือกอย่างน้อย 1 ข้อ', 'choose at least one') },
    )
  const checked = checkDayInput(data.dueDate)
  if (!checked.ok || !checked.value) {
    const message = checked.ok
      ? bi('กำหนดส่ง: จำเป็นต้องกรอก', 'due date: required')
      : dayFieldMessage({ th: 'กำหนดส่ง', en: 'due date' }, checked.error)
    throw new AppError(message, 400, { dueDate: message })
  }
  const catalog = await getCatalog(actor.organizationId, data.catalogId)
  if (!catalog) throw new AppError(bi('ไม่พบข้อมูล', 'not found'), 404)
  const known = new Set(listItems(catalog.content).map((i) => i.code))
  const active = new Set((await listUnits(actor.organizationId)).filter((u) => !u.retired).map((u) => u.id))
  const bad = choices.find((c) => !known.has(c.itemCode) || !active.has(c.unitId))
  if (bad) {
    const message = known.has(bad.itemCode)
      ? bi(
          `${bad.itemCode}: หน่วยที่เลือกไม่อยู่ในหน่วยงานหรือยกเลิกแล้ว`,
          `${bad.itemCode}: the unit is not in this organization or is retired`,
        )
      : bi(`${bad.itemCode}: ไม่พบในแค็ตตาล็อก`, `${bad.itemCode}: not in the catalog`)
    throw new AppError(message, 400, { [`unit.${bad.itemCode}`]: message })
  }
  await beginSetup(actor)
  const byUnit = new Map<string, string[]>()
  for (const c of choices) byUnit.set(c.unitId, [...(byUnit.get(c.unitId) ?? []), c.itemCode])
  let count = 0
  for (const [unitId, itemCodes] of byUnit)
    count += (await assignItems(actor, { catalogId: catalog.id, itemCodes, unitIds: [unitId], dueDate: checked.value }))
      .length
  return count
}

// ---- the round calendar's estimate ------------------------------------------------------------

const ceDay = (fiscalYear: number, month: number, day: number) => {
  // October to December belong to the calendar year before the fiscal year ends
  const ce = fiscalYear - BE_OFFSET - (month >= 10 ? 1 : 0)
  return `${ce}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
}

/** Units' internal deadline in the estimate: mid-March, two weeks before the OIT window opens. */
export const estimatedDueDate = (fiscalYear: number) => ceDay(fiscalYear, 3, 15)

/**
 * The NACC's usual calendar of a fiscal year, as an estimate until the NACC announces the year's: preparation from
 * October, OIT submission in April and May, scoring to mid-July, clarification to the end of July, confirmation in
 * August.
 */
export function estimatedPhases(fiscalYear: number): { kind: PhaseKind; startsOn: string; endsOn: string }[] {
  return [
    { kind: 'preparation', startsOn: ceDay(fiscalYear, 10, 1), endsOn: ceDay(fiscalYear, 3, 31) },
    { kind: 'oit-submission', startsOn: ceDay(fiscalYear, 4, 1), endsOn: ceDay(fiscalYear, 5, 31) },
    { kind: 'assessor-scoring', startsOn: ceDay(fiscalYear, 6, 1), endsOn: ceDay(fiscalYear, 7, 15) },
    { kind: 'clarification', startsOn: ceDay(fiscalYear, 7, 16), endsOn: ceDay(fiscalYear, 7, 31) },
    { kind: 'confirmation', startsOn: ceDay(fiscalYear, 8, 1), endsOn: ceDay(fiscalYear, 8, 31) },
  ]
}

/**
 * The calendar step's screen: the saved calendar of the year, or (not saved yet) the estimate with every active unit
 * due mid-March; `estimate` says which, so the screen labels it.
 */
export async function getSetupCalendar(organizationId: string, now = new Date()) {
  const fiscalYear = fiscalYearOf(now)
  const [calendar, units] = await Promise.all([getCalendar(organizationId, fiscalYear), listUnits(organizationId)])
  const active = units.filter((u) => !u.retired).map((u) => ({ id: u.id, nameTh: u.nameTh, nameEn: u.nameEn }))
  if (calendar.phases.some((p) => p.startsOn)) return { estimate: false, calendar, units: active }
  const at = (day: string) => new Date(`${day}T00:00:00+07:00`).toISOString()
  return {
    estimate: true,
    calendar: {
      fiscalYear,
      phases: estimatedPhases(fiscalYear).map((p) => ({
        kind: p.kind,
        startsOn: at(p.startsOn),
        endsOn: at(p.endsOn),
      })),
      unitDeadlines: active.map((u) => ({ unitId: u.id, dueDate: at(estimatedDueDate(fiscalYear)) })),
    },
    units: active,
  }
}
