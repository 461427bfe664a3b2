/**
 * Assignments: an item of a catalog (criterion, KPI, measure) × responsible units and owners ×
 * a due date, or one due date per reporting round for items that report at rounds (a KPI at 6, 9
 * and 12 months, a measure at the plan's report deadlines). One document per catalog item;
 * unitIds and ownerIds are flat arrays of ids and the per-round dates flat subdocuments, so the
 * documents stay within what FerretDB v1 stores. A rollover carries assignments forward as
 * "carried": they show up in "my work" marked as needing re-confirmation, never as confirmed.
 */
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { diff, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { defaultCatalog, getCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { listItems, reportingRoundsOf } from '#models/catalog/items'
import { checkDayInput, dayField, dayFieldMessage } from '#models/dates'
import { keptByOrganization, type LeanDoc, organizationSchema, schemaModel } from '#models/db.server'
import { AppError, bi, fromZod, notFound, type Bilingual } from '#models/errors'
import { oid, toObjectId } from '#models/ids'
import { filterUnitIds, listUnits, type Unit } from '#models/tenancy/unit.server'
import { listPeople } from '#models/tenancy/user.server'
import { trackWorkState } from '#models/work/work-state.server'
import { compareCodes } from '#models/order'

export const ASSIGNMENT_STATUSES = ['active', 'carried'] as const
export type AssignmentStatus = (typeof ASSIGNMENT_STATUSES)[number]

const assignmentSchema = organizationSchema({
  catalogId: { type: Schema.Types.ObjectId, required: true },
  itemCode: { type: String, required: true },
  unitIds: { type: [Schema.Types.ObjectId], default: [] },
  ownerIds: { type: [Schema.Types.ObjectId], default: [] },
  /** The single due date, or the earliest of the per-round dates (kept for queries). */
  dueDate: { type: Date, default: null },
  /** One per reporting round the item reports at, in round order; empty for single-date items. */
  dueDates: {
    type: [{ _id: false, round: { type: String, required: true }, dueDate: { type: Date, required: true } }],
    default: [],
  },
  status: { type: String, enum: ASSIGNMENT_STATUSES, default: 'active' },
  carriedFromCatalogId: { type: Schema.Types.ObjectId, default: null },
  carriedFromCode: { type: String, default: null },
})
assignmentSchema.index({ organizationId: 1, catalogId: 1, itemCode: 1 }, { unique: true })
// the inbox's work summary is made of assignments
trackWorkState(assignmentSchema)
// 1 800 of them per catalog, read by most pages, written when items are assigned or change status: each instance
// keeps them under their stamp. The next due date of an item with rounds depends on the day: worked out on each read.
const keptAssignmentLists = keptByOrganization(assignmentSchema, 'assignments', 1000)
type AssignmentDoc = LeanDoc<typeof assignmentSchema>
const AssignmentModel = schemaModel('Assignment', assignmentSchema)

export interface Assignment {
  id: string
  catalogId: string
  itemCode: string
  unitIds: string[]
  ownerIds: string[]
  /** The next due date: the first per-round date not yet past (the last one once all are), or the single date. */
  dueDate: string | null
  /** One due date per reporting round, in round order; empty when the item has one due date. */
  dueDates: RoundDueDate[]
  status: AssignmentStatus
  carriedFrom: { catalogId: string; itemCode: string } | null
}

export interface RoundDueDate {
  round: string
  dueDate: string
}

/**
 * The first date whose Bangkok day has not ended, else the last: what "due" means for an item
 * with several rounds. Dates are stored as the Bangkok midnight that starts the due day, so a
 * round stays "due" through its whole day (and shows overdue the day after).
 */
export function nextDueDate(dates: RoundDueDate[], now = new Date()): string | null {
  if (dates.length === 0) return null
  return (dates.find((d) => new Date(d.dueDate).getTime() + 86_400_000 > now.getTime()) ?? dates[dates.length - 1])
    .dueDate
}

function toAssignment(d: AssignmentDoc, now = new Date()): Assignment {
  const dueDates = (d.dueDates ?? []).map((r) => ({ round: r.round, dueDate: r.dueDate.toISOString() }))
  return {
    id: d._id.toString(),
    catalogId: d.catalogId.toString(),
    itemCode: d.itemCode,
    unitIds: (d.unitIds ?? []).map(String),
    ownerIds: (d.ownerIds ?? []).map(String),
    dueDate: dueDates.length ? nextDueDate(dueDates, now) : d.dueDate ? d.dueDate.toISOString() : null,
    dueDates,
    status: d.status as AssignmentStatus,
    carriedFrom: d.carriedFromCatalogId
      ? { catalogId: d.carriedFromCatalogId.toString(), itemCode: d.carriedFromCode ?? '' }
      : null,
  }
}

const snapshot = (a: Assignment | null) =>
  a && {
    item: a.itemCode,
    unitIds: a.unitIds,
    ownerIds: a.ownerIds,
    dueDate: a.dueDate,
    dueDates: a.dueDates.map((d) => `${d.round}: ${d.dueDate}`),
    status: a.status,
  }

/** "2026-03-31" (a calendar day in Bangkok) → that day's start in Bangkok time. */
export function bangkokDay(value: string): Date {
  return new Date(`${value}T00:00:00+07:00`)
}

export const AssignInputSchema = z.object({
  catalogId: z.string().min(1),
  itemCodes: z.array(z.string()).default([]),
  /** Whole groups (an indicator, a KPI set): every item of each. */
  groups: z.array(z.string()).default([]),
  /** Every item now assigned to one of these units (to move or re-date a unit's work at once). */
  fromUnitIds: z.array(z.string()).default([]),
  unitIds: z
    .array(z.string())
    .min(1, bi('หน่วยงานที่รับผิดชอบ: เลือกอย่างน้อย 1 หน่วย', 'responsible units: choose at least one')),
  ownerIds: z.array(z.string()).default([]),
  /**
   * For items with one due date (ITA criteria); also the one date of items with rounds when no per-round date is given.
   */
  dueDate: dayField({ th: 'กำหนดส่ง', en: 'due date' }),
  /** Per reporting round; an item takes the dates of the rounds it reports at. Empty dates are ignored. */
  dueDates: z
    .array(z.object({ round: z.string(), dueDate: z.string() }))
    .default([])
    .transform((rows) =>
      rows.map((r) => ({ round: r.round, dueDate: r.dueDate.trim() })).filter((r) => r.dueDate !== ''),
    ),
})
export type AssignInput = z.input<typeof AssignInputSchema>

/**
 * Bulk assignment: every chosen item (and every item of the chosen groups) goes to the units
 * and owners given, due on the date given. Items already assigned are updated (and confirmed).
 * Everything is checked before the first write.
 */
export async function assignItems(actor: Actor, input: AssignInput): Promise<Assignment[]> {
  const parsed = AssignInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const data = parsed.data
  const catalog = await getCatalog(actor.organizationId, data.catalogId)
  if (!catalog) throw notFound()
  if (catalog.status === 'archived')
    throw new AppError(
      bi('แค็ตตาล็อกนี้ถูกเก็บถาวรแล้ว มอบหมายงานไม่ได้', 'this catalog is archived: nothing can be assigned'),
      409,
    )
  const items = listItems(catalog.content)
  const known = new Set(items.map((i) => i.code))
  const unknown = data.itemCodes.filter((c) => !known.has(c))
  if (unknown.length)
    throw new AppError(
      bi(`รายการ: ไม่พบ ${unknown.join(', ')} ในแค็ตตาล็อก`, `items: ${unknown.join(', ')} not in the catalog`),
      400,
      { itemCodes: bi('ไม่พบในแค็ตตาล็อก', 'not in the catalog') },
    )
  const byUnit = data.fromUnitIds.length
    ? (await listAssignments(actor.organizationId, catalog.id))
        .filter((a) => a.unitIds.some((u) => data.fromUnitIds.includes(u)))
        .map((a) => a.itemCode)
    : []
  const codes = [
    ...new Set([
      ...data.itemCodes,
      ...items.filter((i) => data.groups.includes(i.group)).map((i) => i.code),
      ...byUnit.filter((c) => known.has(c)),
    ]),
  ]
  if (codes.length === 0)
    throw new AppError(bi('รายการ: เลือกอย่างน้อย 1 รายการ', 'items: choose at least one'), 400, {
      itemCodes: bi('เลือกอย่างน้อย 1 รายการ', 'choose at least one'),
    })
  const unitIds = await filterUnitIds(actor.organizationId, data.unitIds)
  if (unitIds.length !== new Set(data.unitIds).size)
    throw new AppError(
      bi(
        'หน่วยงานที่รับผิดชอบ: มีหน่วยที่ไม่อยู่ในหน่วยงานหรือยกเลิกแล้ว',
        'responsible units: a unit is not in this organization or is retired',
      ),
      400,
      {
        unitIds: bi('มีหน่วยที่ไม่อยู่ในหน่วยงานหรือยกเลิกแล้ว', 'not in this organization or retired'),
      },
    )
  if (data.ownerIds.length) {
    const members = new Set(
      (await listPeople(actor.organizationId)).filter((p) => p.membership.active).map((p) => p.id),
    )
    if (data.ownerIds.some((o) => !members.has(o)))
      throw new AppError(
        bi('ผู้รับผิดชอบ: มีบุคคลที่ไม่ใช่สมาชิกของหน่วยงาน', 'owners: someone is not a member of this organization'),
        400,
        {
          ownerIds: bi('ไม่ใช่สมาชิกของหน่วยงาน', 'not a member of this organization'),
        },
      )
  }
  const dates = datesOf(codes, reportingRoundsOf(catalog.content), data.dueDate ?? undefined, data.dueDates)
  const out: Assignment[] = []
  for (const code of codes) {
    const filter = { organizationId: oid(actor.organizationId), catalogId: oid(catalog.id), itemCode: code }
    const before = await AssignmentModel.findOne(filter).lean<AssignmentDoc>()
    const { dueDate, dueDates } = dates.get(code)!
    const doc = await AssignmentModel.findOneAndUpdate(
      filter,
      { $set: { unitIds: unitIds.map(oid), ownerIds: data.ownerIds.map(oid), dueDate, dueDates, status: 'active' } },
      { upsert: true, returnDocument: 'after' },
    ).lean<AssignmentDoc>()
    const after = toAssignment(doc!)
    await recordAudit(actor, {
      action: before ? 'assignment.update' : 'assignment.create',
      targetType: 'assignment',
      targetId: after.id,
      targetLabel: `${catalog.key} ${code}`,
      changes: diff(snapshot(before ? toAssignment(before) : null), snapshot(after)),
    })
    out.push(after)
  }
  return out
}

/**
 * The due dates of each chosen item, all checked before anything is written: an item with
 * reporting rounds takes a date for each of its rounds (in round order, never earlier than the
 * round before); without per-round dates, or without rounds, it takes the one due date.
 */
function datesOf(
  codes: string[],
  { rounds, byItem }: ReturnType<typeof reportingRoundsOf>,
  single: string | undefined,
  perRound: { round: string; dueDate: string }[],
): Map<string, { dueDate: Date; dueDates: { round: string; dueDate: Date }[] }> {
  const label = (round: string) => rounds.find((r) => r.round === round) ?? { labelTh: ` ${round}`, labelEn: round }
  // each per-round date is read by the date boxes' parser and names its own form field (dueDate.6, dueDate.annual…)
  const given = new Map<string, string>()
  for (const r of perRound) {
    const checked = checkDayInput(r.dueDate)
    if (!checked.ok) {
      const { labelTh, labelEn } = label(r.round)
      const message = dayFieldMessage({ th: `กำหนดส่ง${labelTh}`, en: `due date of the ${labelEn}` }, checked.error)
      throw new AppError(message, 400, { [`dueDate.${r.round}`]: message })
    }
    if (checked.value) given.set(r.round, checked.value)
  }
  const out = new Map<string, { dueDate: Date; dueDates: { round: string; dueDate: Date }[] }>()
  for (const code of codes) {
    const itemRounds = byItem.get(code) ?? []
    if (itemRounds.length && given.size) {
      let previous: string | null = null
      const dueDates = itemRounds.map((round) => {
        const value = given.get(round)
        const { labelTh, labelEn } = label(round)
        if (!value)
          throw new AppError(
            bi(
              `กำหนดส่ง${labelTh}: จำเป็นต้องกรอก (${code} รายงานรอบนี้)`,
              `due date of the ${labelEn}: required (${code} reports at this round)`,
            ),
            400,
            {
              [`dueDate.${round}`]: bi('จำเป็นต้องกรอก', 'required'),
            },
          )
        if (previous && value < previous)
          throw new AppError(
            bi(
              `กำหนดส่ง${labelTh}: ต้องไม่ก่อนกำหนดส่งรอบก่อนหน้า`,
              `due date of the ${labelEn}: must not be before the previous round's`,
            ),
            400,
            {
              [`dueDate.${round}`]: bi('ต้องไม่ก่อนรอบก่อนหน้า', "must not be before the previous round's"),
            },
          )
        previous = value
        return { round, dueDate: bangkokDay(value) }
      })
      out.set(code, { dueDate: dueDates[0].dueDate, dueDates })
    } else {
      if (!single)
        throw new AppError(bi(`กำหนดส่ง: จำเป็นต้องกรอก (${code})`, `due date: required (${code})`), 400, {
          dueDate: bi('จำเป็นต้องกรอก', 'required'),
        })
      out.set(code, { dueDate: bangkokDay(single), dueDates: [] })
    }
  }
  return out
}

async function keptAssignments(
  organizationId: string,
  key: string,
  filter: object,
  now = new Date(),
): Promise<Assignment[]> {
  const kept = await keptAssignmentLists(organizationId, key, async () =>
    (await AssignmentModel.find({ organizationId: oid(organizationId), ...filter }).lean<AssignmentDoc[]>()).map((d) =>
      toAssignment(d),
    ),
  )
  return kept.map((a) => (a.dueDates.length ? { ...a, dueDate: nextDueDate(a.dueDates, now) } : a))
}

export async function listAssignments(organizationId: string, catalogId: string): Promise<Assignment[]> {
  const id = toObjectId(catalogId)
  if (!id) return []
  return keptAssignments(organizationId, `${organizationId}:catalog:${id}`, { catalogId: id })
}

export async function countAssignments(organizationId: string, catalogId: string): Promise<number> {
  return AssignmentModel.countDocuments({ organizationId: oid(organizationId), catalogId: oid(catalogId) })
}

async function requireAssignment(organizationId: string, assignmentId: string): Promise<Assignment> {
  const id = toObjectId(assignmentId)
  const doc =
    id && (await AssignmentModel.findOne({ _id: id, organizationId: oid(organizationId) }).lean<AssignmentDoc>())
  if (!doc) throw notFound()
  return toAssignment(doc)
}

export async function removeAssignment(actor: Actor, assignmentId: string): Promise<void> {
  const before = await requireAssignment(actor.organizationId, assignmentId)
  await AssignmentModel.deleteOne({ _id: oid(assignmentId), organizationId: oid(actor.organizationId) })
  await recordAudit(actor, {
    action: 'assignment.delete',
    targetType: 'assignment',
    targetId: assignmentId,
    targetLabel: before.itemCode,
    changes: diff(snapshot(before), null),
  })
}

/** An administrator re-confirms a carried assignment for the new year. */
export async function confirmAssignment(actor: Actor, assignmentId: string): Promise<Assignment> {
  const before = await requireAssignment(actor.organizationId, assignmentId)
  const doc = await AssignmentModel.findOneAndUpdate(
    { _id: oid(assignmentId), organizationId: oid(actor.organizationId) },
    { $set: { status: 'active' } },
    { returnDocument: 'after' },
  ).lean<AssignmentDoc>()
  const after = toAssignment(doc!)
  await recordAudit(actor, {
    action: 'assignment.confirm',
    targetType: 'assignment',
    targetId: assignmentId,
    targetLabel: after.itemCode,
    changes: diff(snapshot(before), snapshot(after)),
  })
  return after
}

/** A new version replaced a catalog: assignments of items that still exist follow it. */
export async function moveAssignments(
  actor: Actor,
  fromCatalogId: string,
  toCatalogId: string,
  codes: string[],
): Promise<number> {
  const filter = { organizationId: oid(actor.organizationId), catalogId: oid(fromCatalogId), itemCode: { $in: codes } }
  const moving = (await AssignmentModel.find(filter).lean<AssignmentDoc[]>()).map((d) => toAssignment(d))
  if (moving.length === 0) return 0
  await AssignmentModel.updateMany(filter, { $set: { catalogId: oid(toCatalogId) } })
  await recordAudit(actor, {
    action: 'assignment.move',
    targetType: 'catalog',
    targetId: toCatalogId,
    changes: {
      catalogId: { before: fromCatalogId, after: toCatalogId },
      items: { before: null, after: moving.map((a) => a.itemCode) },
    },
  })
  return moving.length
}

/** The same calendar day one year later (29 Feb → 28 Feb). */
function nextYear(date: Date): Date {
  const d = new Date(date)
  const day = d.getUTCDate()
  d.setUTCFullYear(d.getUTCFullYear() + 1)
  if (d.getUTCDate() !== day) d.setUTCDate(0)
  return d
}

/**
 * Rollover: copies last year's assignments of matched items to the new catalog under their new
 * codes, marked "carried", due one year later. Items the new catalog already assigns keep theirs.
 */
export async function carryAssignments(
  actor: Actor,
  fromCatalogId: string,
  toCatalogId: string,
  mapping: Record<string, string>,
): Promise<number> {
  const old = (
    await AssignmentModel.find({ organizationId: oid(actor.organizationId), catalogId: oid(fromCatalogId) }).lean<
      AssignmentDoc[]
    >()
  ).map((d) => toAssignment(d))
  const existing = new Set((await listAssignments(actor.organizationId, toCatalogId)).map((a) => a.itemCode))
  let carried = 0
  for (const a of old) {
    const code = mapping[a.itemCode]
    if (!code || existing.has(code)) continue
    const doc = await AssignmentModel.create({
      organizationId: oid(actor.organizationId),
      catalogId: oid(toCatalogId),
      itemCode: code,
      unitIds: a.unitIds.map(oid),
      ownerIds: a.ownerIds.map(oid),
      dueDate: a.dueDates.length
        ? nextYear(new Date(a.dueDates[0].dueDate))
        : a.dueDate
          ? nextYear(new Date(a.dueDate))
          : null,
      dueDates: a.dueDates.map((d) => ({ round: d.round, dueDate: nextYear(new Date(d.dueDate)) })),
      status: 'carried',
      carriedFromCatalogId: oid(fromCatalogId),
      carriedFromCode: a.itemCode,
    })
    const after = toAssignment(doc.toObject() as AssignmentDoc)
    await recordAudit(actor, {
      action: 'assignment.carry',
      targetType: 'assignment',
      targetId: after.id,
      targetLabel: `${a.itemCode} → ${code}`,
      changes: diff(null, snapshot(after)),
    })
    existing.add(code)
    carried++
  }
  return carried
}

export interface WorkItem {
  assignmentId: string
  catalogId: string
  catalogNameTh: string
  catalogNameEn: string
  fiscalYear: number
  provisional: boolean
  itemCode: string
  titleTh: string
  titleEn: string
  group: string
  elementCount: number
  /** The first few assigned units, the person's own first (an item of every unit would name them all). */
  unitNames: Bilingual[]
  /** How many units the item is assigned to. */
  unitCount: number
  dueDate: string | null
  /** Per reporting round (KPIs, measures); empty for single-date items. */
  dueDates: RoundDueDate[]
  status: AssignmentStatus
  overdue: boolean
}

/**
 * "My work": items of current catalogs (not archived, not rolled over into a new year) assigned to one of these units
 * or to this person, soonest due first (undated last).
 */
export async function listMyWork(
  organizationId: string,
  who: { unitIds: string[]; userId: string },
  now = new Date(),
): Promise<WorkItem[]> {
  const unitIds = who.unitIds.map(toObjectId).filter((x): x is mongoose.Types.ObjectId => x !== null)
  const or: Record<string, unknown>[] = [{ ownerIds: oid(who.userId) }]
  if (unitIds.length) or.push({ unitIds: { $in: unitIds } })
  const assigned = await keptAssignments(
    organizationId,
    `${organizationId}:work:${who.userId}:${unitIds.join(',')}`,
    { $or: or },
    now,
  )
  if (assigned.length === 0) return []
  const all = await listCatalogs(organizationId)
  // a year that was rolled over is read-only: its work continues in the new year's catalog
  const rolledOver = new Set(all.map((c) => c.rolledFromId).filter(Boolean))
  const catalogs = new Map(all.filter((c) => c.status !== 'archived' && !rolledOver.has(c.id)).map((c) => [c.id, c]))
  const units = new Map((await listUnits(organizationId)).map((u) => [u.id, u]))
  const itemsByCatalog = new Map<string, Map<string, ReturnType<typeof listItems>[number]>>()
  const out: WorkItem[] = []
  for (const a of assigned) {
    const catalog = catalogs.get(a.catalogId)
    if (!catalog) continue
    if (!itemsByCatalog.has(a.catalogId)) {
      const full = await getCatalog(organizationId, a.catalogId)
      itemsByCatalog.set(a.catalogId, new Map(full ? listItems(full.content).map((i) => [i.code, i]) : []))
    }
    const item = itemsByCatalog.get(a.catalogId)!.get(a.itemCode)
    if (!item) continue
    out.push({
      assignmentId: a.id,
      catalogId: a.catalogId,
      catalogNameTh: catalog.nameTh,
      catalogNameEn: catalog.nameEn,
      fiscalYear: catalog.fiscalYear,
      provisional: catalog.provisional,
      itemCode: a.itemCode,
      titleTh: item.titleTh,
      titleEn: item.titleEn,
      group: item.group,
      elementCount: item.elementCount,
      ...unitNamesOf(
        a.unitIds.map((u) => units.get(u)).filter((u) => u !== undefined),
        who.unitIds,
      ),
      dueDate: a.dueDate,
      dueDates: a.dueDates,
      status: a.status,
      overdue: Boolean(a.dueDate && new Date(a.dueDate) < now),
    })
  }
  const time = (w: WorkItem) => (w.dueDate ? new Date(w.dueDate).getTime() : Number.MAX_SAFE_INTEGER)
  return out.sort((x, y) => time(x) - time(y) || compareCodes(x.itemCode, y.itemCode))
}

/** How many unit names a work item carries. */
const UNIT_NAMES_SHOWN = 3

function unitNamesOf(units: Unit[], mine: string[]): Pick<WorkItem, 'unitNames' | 'unitCount'> {
  const own = (u: Unit) => Number(mine.includes(u.id))
  return {
    unitNames: [...units]
      .sort((x, y) => own(y) - own(x))
      .slice(0, UNIT_NAMES_SHOWN)
      .map((u) => ({ th: u.nameTh, en: u.nameEn })),
    unitCount: units.length,
  }
}

/** The assignment screen: assignable catalogs, the chosen one's items with their assignments, units and people. */
export async function getAssignmentBoard(organizationId: string, catalogId: string | null) {
  const catalogs = (await listCatalogs(organizationId)).filter((c) => c.status !== 'archived')
  // the one asked for, else the year in progress's (as the dashboard), not next year's started ahead
  const chosen = catalogs.find((c) => c.id === catalogId) ?? defaultCatalog(catalogs) ?? null
  const full = chosen ? await getCatalog(organizationId, chosen.id) : null
  const assignments = chosen ? await listAssignments(organizationId, chosen.id) : []
  const byCode = new Map(assignments.map((a) => [a.itemCode, a]))
  const units = (await listUnits(organizationId)).filter((u) => !u.retired)
  const people = (await listPeople(organizationId))
    .filter((p) => p.membership.active)
    .map((p) => ({ id: p.id, nameTh: p.nameTh, nameEn: p.nameEn }))
  const { rounds, byItem } = full
    ? reportingRoundsOf(full.content)
    : { rounds: [], byItem: new Map<string, string[]>() }
  return {
    catalogs,
    catalog: chosen,
    /** The reporting rounds items of this catalog are due at (none for ITA: one due date). */
    rounds,
    items: full
      ? listItems(full.content).map((i) => ({
          ...i,
          rounds: byItem.get(i.code) ?? [],
          assignment: byCode.get(i.code) ?? null,
        }))
      : [],
    units: units.map((u) => ({ id: u.id, nameTh: u.nameTh, nameEn: u.nameEn })),
    people,
  }
}
