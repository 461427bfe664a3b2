/**
 * A fiscal year's round: the dated phases of the national calendar (which administrators move
 * when the NACC moves them) and the organization's internal deadline per unit. One document per
 * organization and fiscal year; phases and deadlines are arrays of flat subdocuments.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose'
import { z } from 'zod'
import { bangkokDay } from '#models/assignment.server'
import { diff, recordAudit, type Actor } from '#models/audit.server'
import { defineModel } from '#models/db.server'
import { AppError, bi, fromZod } from '#models/errors'
import { oid } from '#models/ids'
import { filterUnitIds, listUnits } from '#models/unit.server'

export const PHASE_KINDS = ['preparation', 'oit-submission', 'assessor-scoring', 'clarification', 'confirmation'] as const
export type PhaseKind = (typeof PHASE_KINDS)[number]

const roundSchema = new Schema(
  {
    organizationId: { type: Schema.Types.ObjectId, required: true, index: true },
    fiscalYear: { type: Number, required: true },
    phases: [{ _id: false, kind: { type: String, enum: PHASE_KINDS, required: true }, startsOn: Date, endsOn: Date }],
    unitDeadlines: [{ _id: false, unitId: { type: Schema.Types.ObjectId, required: true }, dueDate: Date }],
  },
  { timestamps: true },
)
roundSchema.index({ organizationId: 1, fiscalYear: 1 }, { unique: true })
type RoundDoc = InferSchemaType<typeof roundSchema> & { _id: mongoose.Types.ObjectId }
const RoundModel = defineModel('Round', () => mongoose.model('Round', roundSchema))

export interface Round {
  fiscalYear: number
  phases: { kind: PhaseKind; startsOn: string | null; endsOn: string | null }[]
  unitDeadlines: { unitId: string; dueDate: string | null }[]
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

/** The round of a fiscal year; every phase is listed, undated ones with nulls. */
export async function getRound(organizationId: string, fiscalYear: number): Promise<Round> {
  const doc = await RoundModel.findOne({ organizationId: oid(organizationId), fiscalYear }).lean<RoundDoc>()
  return {
    fiscalYear,
    phases: PHASE_KINDS.map((kind) => {
      const p = doc?.phases.find((x) => x.kind === kind)
      return { kind, startsOn: iso(p?.startsOn), endsOn: iso(p?.endsOn) }
    }),
    unitDeadlines: (doc?.unitDeadlines ?? []).map((u) => ({ unitId: u.unitId.toString(), dueDate: iso(u.dueDate) })),
  }
}

const day = z
  .string()
  .trim()
  .transform((v) => v || null)
  .nullable()
  .refine((v) => v === null || (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(bangkokDay(v).getTime())), bi('ต้องเป็นวันที่ (ปี ค.ศ.-เดือน-วัน)', 'must be a date (YYYY-MM-DD)'))

export const RoundInputSchema = z.object({
  fiscalYear: z.coerce.number().int().min(2500).max(2700),
  phases: z.array(z.object({ kind: z.enum(PHASE_KINDS), startsOn: day, endsOn: day })),
  unitDeadlines: z.array(z.object({ unitId: z.string(), dueDate: day })).default([]),
})
export type RoundInput = z.input<typeof RoundInputSchema>

/** Saves a round's phases and unit deadlines (one write: the whole round document). */
export async function saveRound(actor: Actor, input: RoundInput): Promise<Round> {
  const parsed = RoundInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const data = parsed.data
  for (const [i, p] of data.phases.entries())
    if (p.startsOn && p.endsOn && p.endsOn < p.startsOn)
      throw new AppError(bi('ช่วงเวลา: วันสิ้นสุดต้องไม่ก่อนวันเริ่ม', 'phase: the end must not be before the start'), 400, { [`phases.${i}.endsOn`]: bi('ต้องไม่ก่อนวันเริ่ม', 'must not be before the start') })
  const deadlines = data.unitDeadlines.filter((u) => u.dueDate)
  const known = new Set(await filterUnitIds(actor.organizationId, deadlines.map((u) => u.unitId)))
  if (deadlines.some((u) => !known.has(u.unitId)))
    throw new AppError(bi('กำหนดส่งของหน่วย: มีหน่วยที่ไม่อยู่ในหน่วยงาน', 'unit deadlines: a unit is not in this organization'), 400)
  const before = await getRound(actor.organizationId, data.fiscalYear)
  await RoundModel.updateOne(
    { organizationId: oid(actor.organizationId), fiscalYear: data.fiscalYear },
    {
      $set: {
        phases: data.phases.map((p) => ({ kind: p.kind, startsOn: p.startsOn ? bangkokDay(p.startsOn) : null, endsOn: p.endsOn ? bangkokDay(p.endsOn) : null })),
        unitDeadlines: deadlines.map((u) => ({ unitId: oid(u.unitId), dueDate: bangkokDay(u.dueDate!) })),
      },
    },
    { upsert: true },
  )
  const after = await getRound(actor.organizationId, data.fiscalYear)
  const changes = diff(before as unknown as Record<string, unknown>, after as unknown as Record<string, unknown>)
  if (Object.keys(changes).length) await recordAudit(actor, { action: 'round.update', targetType: 'round', targetId: String(data.fiscalYear), targetLabel: `FY${data.fiscalYear}`, changes })
  return after
}

/** The calendar screen: the round of a fiscal year and the units it can set deadlines for. */
export async function getRoundScreen(organizationId: string, fiscalYear: number) {
  const units = (await listUnits(organizationId)).filter((u) => !u.retired).map((u) => ({ id: u.id, nameTh: u.nameTh, nameEn: u.nameEn }))
  return { round: await getRound(organizationId, fiscalYear), units }
}
