/**
 * A fiscal year's ITA calendar: the dated phases of the national calendar (which administrators move
 * when the NACC moves them) and the organization's internal deadline per unit. One document per
 * organization and fiscal year (stored in `rounds`, under the audit target 'round'); phases and deadlines are
 * arrays of flat subdocuments. "Round" in code means only the reporting round (6, 9, 12 months).
 */
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { bangkokDay } from '#models/work/assignment.server'
import { diff, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { keptByOrganization, type LeanDoc, organizationSchema, schemaModel } from '#models/db.server'
import { AppError, bi, fromZod, type Bilingual } from '#models/errors'
import { oid } from '#models/ids'
import { filterUnitIds, listUnits } from '#models/tenancy/unit.server'
import { checkDayInput, dayFieldMessage, isoOrNull as iso } from '#models/dates'
import { trackWorkState } from '#models/work/work-state.server'

export const PHASE_KINDS = [
  'preparation',
  'oit-submission',
  'assessor-scoring',
  'clarification',
  'confirmation',
] as const
export type PhaseKind = (typeof PHASE_KINDS)[number]

const calendarSchema = organizationSchema({
  fiscalYear: { type: Number, required: true },
  phases: [{ _id: false, kind: { type: String, enum: PHASE_KINDS, required: true }, startsOn: Date, endsOn: Date }],
  unitDeadlines: [{ _id: false, unitId: { type: Schema.Types.ObjectId, required: true }, dueDate: Date }],
})
calendarSchema.index({ organizationId: 1, fiscalYear: 1 }, { unique: true })
// the inbox's work summary is made of the units' deadlines
trackWorkState(calendarSchema)
// read by my work, completeness and the dashboard on every load; written when an administrator sets the calendar
const keptCalendars = keptByOrganization(calendarSchema, 'rounds', 1000)
type CalendarDoc = LeanDoc<typeof calendarSchema>
// the model keeps its stored name: the collection stays `rounds`
const CalendarModel = schemaModel('Round', calendarSchema)

export interface ItaCalendar {
  fiscalYear: number
  phases: { kind: PhaseKind; startsOn: string | null; endsOn: string | null }[]
  unitDeadlines: { unitId: string; dueDate: string | null }[]
}

/** The calendar of a fiscal year; every phase is listed, undated ones with nulls. */
export async function getCalendar(organizationId: string, fiscalYear: number): Promise<ItaCalendar> {
  const doc = await CalendarModel.findOne({ organizationId: oid(organizationId), fiscalYear }).lean<CalendarDoc>()
  return {
    fiscalYear,
    phases: PHASE_KINDS.map((kind) => {
      const p = doc?.phases.find((x) => x.kind === kind)
      return { kind, startsOn: iso(p?.startsOn), endsOn: iso(p?.endsOn) }
    }),
    unitDeadlines: (doc?.unitDeadlines ?? []).map((u) => ({ unitId: u.unitId.toString(), dueDate: iso(u.dueDate) })),
  }
}

/** The phases' names in refusals, as the calendar screen shows them. */
const PHASE_LABELS: Record<PhaseKind, Bilingual> = {
  preparation: { th: 'เตรียมการภายในหน่วยงาน', en: 'internal preparation' },
  'oit-submission': { th: 'ช่วงส่งข้อมูล OIT', en: 'OIT submission window' },
  'assessor-scoring': { th: 'ผู้ประเมินให้คะแนน', en: 'assessor scoring' },
  clarification: { th: 'ชี้แจงข้อมูลเพิ่มเติม', en: 'clarification' },
  confirmation: { th: 'ยืนยันผลคะแนน', en: 'confirmation of results' },
}

/** A date as the date boxes send it (typed text or "YYYY-MM-DD"); null when empty. */
const day = z
  .string()
  .nullish()
  .transform((v) => v ?? '')

export const CalendarInputSchema = z.object({
  fiscalYear: z.coerce.number().int().min(2500).max(2700),
  phases: z.array(z.object({ kind: z.enum(PHASE_KINDS), startsOn: day, endsOn: day })),
  unitDeadlines: z.array(z.object({ unitId: z.string(), dueDate: day })).default([]),
})
export type CalendarInput = z.input<typeof CalendarInputSchema>

/** A date of the calendar read by the date boxes' parser, or the refusal naming it under `key`. */
function calendarDay(text: string, key: string, label: Bilingual): string | null {
  const r = checkDayInput(text)
  if (r.ok) return r.value
  const message = dayFieldMessage(label, r.error)
  throw new AppError(message, 400, { [key]: message })
}

/** Saves a calendar's phases and unit deadlines (one write: the whole document). */
export async function saveCalendar(actor: Actor, input: CalendarInput): Promise<ItaCalendar> {
  const parsed = CalendarInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const names = new Map((await listUnits(actor.organizationId)).map((u) => [u.id, u]))
  const data = {
    fiscalYear: parsed.data.fiscalYear,
    phases: parsed.data.phases.map((p, i) => {
      const { th, en } = PHASE_LABELS[p.kind]
      return {
        kind: p.kind,
        startsOn: calendarDay(p.startsOn, `phases.${i}.startsOn`, { th: `${th} วันเริ่ม`, en: `${en}, start` }),
        endsOn: calendarDay(p.endsOn, `phases.${i}.endsOn`, { th: `${th} วันสิ้นสุด`, en: `${en}, end` }),
      }
    }),
    unitDeadlines: parsed.data.unitDeadlines.map((u, i) => {
      const unit = names.get(u.unitId)
      const label = {
        th: `กำหนดส่งของหน่วย${unit ? ` ${unit.nameTh}` : ''}`,
        en: `deadline of ${unit ? unit.nameEn || unit.nameTh : 'a unit'}`,
      }
      return { unitId: u.unitId, dueDate: calendarDay(u.dueDate, `unitDeadlines.${i}.dueDate`, label) }
    }),
  }
  for (const [i, p] of data.phases.entries())
    if (p.startsOn && p.endsOn && p.endsOn < p.startsOn)
      throw new AppError(bi('ช่วงเวลา: วันสิ้นสุดต้องไม่ก่อนวันเริ่ม', 'phase: the end must not be before the start'), 400, {
        [`phases.${i}.endsOn`]: bi('ต้องไม่ก่อนวันเริ่ม', 'must not be before the start'),
      })
  const deadlines = data.unitDeadlines.filter((u) => u.dueDate)
  const known = new Set(
    await filterUnitIds(
      actor.organizationId,
      deadlines.map((u) => u.unitId),
    ),
  )
  if (deadlines.some((u) => !known.has(u.unitId)))
    throw new AppError(
      bi('กำหนดส่งของหน่วย: มีหน่วยที่ไม่อยู่ในหน่วยงาน', 'unit deadlines: a unit is not in this organization'),
      400,
    )
  const before = await getCalendar(actor.organizationId, data.fiscalYear)
  await CalendarModel.updateOne(
    { organizationId: oid(actor.organizationId), fiscalYear: data.fiscalYear },
    {
      $set: {
        phases: data.phases.map((p) => ({
          kind: p.kind,
          startsOn: p.startsOn ? bangkokDay(p.startsOn) : null,
          endsOn: p.endsOn ? bangkokDay(p.endsOn) : null,
        })),
        unitDeadlines: deadlines.map((u) => ({ unitId: oid(u.unitId), dueDate: bangkokDay(u.dueDate!) })),
      },
    },
    { upsert: true },
  )
  const after = await getCalendar(actor.organizationId, data.fiscalYear)
  const changes = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>)
  if (Object.keys(changes).length)
    await recordAudit(actor, {
      action: 'round.update',
      targetType: 'round',
      targetId: String(data.fiscalYear),
      targetLabel: `FY${data.fiscalYear}`,
      changes,
    })
  return after
}

/** The calendar screen: the calendar of a fiscal year and the units it can set deadlines for. */
export async function getCalendarScreen(organizationId: string, fiscalYear: number) {
  const units = (await listUnits(organizationId))
    .filter((u) => !u.retired)
    .map((u) => ({ id: u.id, nameTh: u.nameTh, nameEn: u.nameEn }))
  return { calendar: await getCalendar(organizationId, fiscalYear), units }
}

// ---- due dates ------------------------------------------------------------------------------

const DAY_MS = 86_400_000

/**
 * The due-date rule, used by the matrix, the inbox, "my work" and the reminders: an item is due
 * on its assignment's due date; an assignment without one is due on the deadline of its
 * unit in the calendar of the catalog's fiscal year. For an item of several units without its own
 * date, the earliest of their deadlines. Null when neither is set.
 */
export function effectiveDueDate(
  assignmentDue: string | null,
  unitIds: readonly string[],
  unitDeadlines: ReadonlyMap<string, string>,
): string | null {
  if (assignmentDue) return assignmentDue
  const dates = unitIds.map((u) => unitDeadlines.get(u)).filter((d): d is string => Boolean(d))
  return dates.length ? dates.reduce((a, b) => (new Date(b) < new Date(a) ? b : a)) : null
}

/** The start (Bangkok midnight) of the Bangkok calendar day an instant falls in. */
export function bangkokDayStart(value: Date | string): number {
  const t = new Date(value).getTime() + 7 * 3600_000 // Thailand has no daylight saving time
  return t - (((t % DAY_MS) + DAY_MS) % DAY_MS) - 7 * 3600_000
}

/** Whole Bangkok days from now until the due day: 0 on the day itself, negative once past. */
export function daysUntilDue(dueDate: string, now: Date): number {
  return Math.round((bangkokDayStart(dueDate) - bangkokDayStart(now)) / DAY_MS)
}

/** Statuses after which an item is no longer the coordinator's to deliver. */
const DELIVERED = new Set(['submitted', 'approved'])

/** Overdue: the Bangkok due day has ended and the item was not delivered (submitted or approved). */
export function isOverdue(dueDate: string | null, status: string, now: Date): boolean {
  return Boolean(dueDate) && !DELIVERED.has(status) && daysUntilDue(dueDate!, now) < 0
}

/** Due within `days` Bangkok days (today included) and not delivered; overdue items are not "due soon". */
export function isDueSoon(dueDate: string | null, status: string, now: Date, days = 7): boolean {
  if (!dueDate || DELIVERED.has(status)) return false
  const left = daysUntilDue(dueDate, now)
  return left >= 0 && left <= days
}

/** The unit deadlines of several (or all) fiscal years' calendars in one query: year → unit id → due date. */
export async function unitDeadlinesByYear(
  organizationId: string,
  fiscalYears: readonly number[] | 'all',
): Promise<Map<number, Map<string, string>>> {
  const out = new Map<number, Map<string, string>>(fiscalYears === 'all' ? [] : fiscalYears.map((y) => [y, new Map()]))
  if (fiscalYears !== 'all' && fiscalYears.length === 0) return out
  const key = `${organizationId}:${fiscalYears === 'all' ? 'all' : fiscalYears.join(',')}`
  return keptCalendars(organizationId, key, async () => {
    const docs = await CalendarModel.find({
      organizationId: oid(organizationId),
      ...(fiscalYears === 'all' ? {} : { fiscalYear: { $in: [...fiscalYears] } }),
    })
      .select({ fiscalYear: 1, unitDeadlines: 1 })
      .lean<CalendarDoc[]>()
    for (const d of docs) {
      if (!out.has(d.fiscalYear)) out.set(d.fiscalYear, new Map())
      for (const u of d.unitDeadlines ?? [])
        if (u.dueDate) out.get(d.fiscalYear)!.set(u.unitId.toString(), u.dueDate.toISOString())
    }
    return out
  })
}

/**
 * Items listed with an assignment's due date ("my work"), with the rule above applied: the calendar
 * deadline of the item's units where the assignment has no date, "overdue" once the due day has
 * ended without delivery, and the Bangkok days left (null once delivered or without a date).
 * Two queries: the items' units and the calendars of their fiscal years.
 */
export async function withEffectiveDueDates<
  T extends {
    assignmentId: string
    fiscalYear: number
    dueDate: string | null
    overdue: boolean
    reviewStatus: string
  },
>(organizationId: string, items: T[], now = new Date()): Promise<(T & { daysLeft: number | null })[]> {
  if (items.length === 0) return []
  const undated = items.filter((i) => !i.dueDate)
  const [units, deadlines] = await Promise.all([
    undated.length
      ? (mongoose
          .model('Assignment')
          .collection.find(
            { organizationId: oid(organizationId), _id: { $in: undated.map((i) => oid(i.assignmentId)) } },
            { projection: { unitIds: 1 } },
          )
          .toArray() as unknown as Promise<{ _id: mongoose.Types.ObjectId; unitIds: mongoose.Types.ObjectId[] }[]>)
      : Promise.resolve([]),
    undated.length
      ? unitDeadlinesByYear(organizationId, [...new Set(undated.map((i) => i.fiscalYear))])
      : Promise.resolve(new Map<number, Map<string, string>>()),
  ])
  const unitsOf = new Map(units.map((u) => [u._id.toString(), (u.unitIds ?? []).map(String)]))
  return items.map((i) => {
    const dueDate = effectiveDueDate(
      i.dueDate,
      unitsOf.get(i.assignmentId) ?? [],
      deadlines.get(i.fiscalYear) ?? new Map(),
    )
    const delivered = DELIVERED.has(i.reviewStatus)
    return {
      ...i,
      dueDate,
      overdue: isOverdue(dueDate, i.reviewStatus, now),
      daysLeft: dueDate && !delivered ? daysUntilDue(dueDate, now) : null,
    }
  })
}
