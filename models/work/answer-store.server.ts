/**
 * Where the answers of items shared by several units are stored: who contributed which evidence for which unit
 * (`contributions`), the lead unit's choice of each evidence (`answer_choices`) and the named lead unit
 * (`item_leads`). Kept apart from contribution.server.ts, which also links evidence, so that the evidence guard can
 * read an item's answer without an import circle.
 */
import { Schema } from 'mongoose'
import { ITEM_KEY_FIELDS, type LeanDoc, schemaModel } from '#models/db.server'
import { itemKeyOf, toObjectId } from '#models/ids'

/** Who recorded a contribution or a choice, and when. */
const RECORDED_BY = {
  byId: { type: Schema.Types.ObjectId, default: null },
  byName: { type: String, default: '' },
  at: { type: Date, required: true },
} as const

/** One evidence in one item's answer, once per item: the fields of its kind, who recorded it and when. */
function answerEvidenceSchema<T extends object>(fields: T) {
  const evidenceId = { type: Schema.Types.ObjectId, required: true } as const
  const definition = { ...ITEM_KEY_FIELDS, evidenceId, ...fields, ...RECORDED_BY }
  const schema = new Schema(definition, { versionKey: false })
  schema.index({ organizationId: 1, catalogId: 1, itemCode: 1, evidenceId: 1 }, { unique: true })
  return schema
}

const contributionSchema = answerEvidenceSchema({ unitId: { type: Schema.Types.ObjectId, required: true } })
export type ContributionDoc = LeanDoc<typeof contributionSchema>
export const ContributionModel = schemaModel('Contribution', contributionSchema, 'contributions')

const choiceSchema = answerEvidenceSchema({ selected: { type: Boolean, required: true } })
export type ChoiceDoc = LeanDoc<typeof choiceSchema>
export const ChoiceModel = schemaModel('AnswerChoice', choiceSchema, 'answer_choices')

const leadSchema = new Schema(
  {
    ...ITEM_KEY_FIELDS,
    unitId: { type: Schema.Types.ObjectId, required: true },
    byName: { type: String, default: '' },
    at: { type: Date, required: true },
  },
  { versionKey: false },
)
leadSchema.index({ organizationId: 1, catalogId: 1, itemCode: 1 }, { unique: true })
export type LeadDoc = LeanDoc<typeof leadSchema>
export const LeadModel = schemaModel('ItemLead', leadSchema, 'item_leads')

// ---- reading ------------------------------------------------------------------------------

/**
 * The evidence ids that form the item's answer, or null when no selection was made (then all
 * linked evidence counts). Used by the submission check and by the submission package.
 */
export async function answerEvidenceIds(
  organizationId: string,
  catalogId: string,
  itemCode: string,
): Promise<string[] | null> {
  if (!toObjectId(catalogId) || !toObjectId(organizationId)) return null
  const docs = await ChoiceModel.find(itemKeyOf(organizationId, catalogId, itemCode))
    .select({ evidenceId: 1, selected: 1 })
    .lean<ChoiceDoc[]>()
  return answerOf(docs)
}

/** The answer an item's choices make: null when none was made (all linked evidence counts), else the chosen ids. */
export const answerOf = (choices: Pick<ChoiceDoc, 'evidenceId' | 'selected'>[]): string[] | null =>
  choices.length ? choices.filter((c) => c.selected).map((c) => c.evidenceId.toString()) : null

export interface LeadUnit {
  unitId: string
  /** true when an administrator named it; false when it is the assignment's first unit. */
  explicit: boolean
  byName: string
}

/** The unit whose coordinators choose the answer; null for an unassigned item. */
export async function leadUnitOf(
  organizationId: string,
  catalogId: string,
  itemCode: string,
  assignedUnitIds: string[],
): Promise<LeadUnit | null> {
  if (assignedUnitIds.length === 0 || !toObjectId(catalogId)) return null
  const doc = await LeadModel.findOne(itemKeyOf(organizationId, catalogId, itemCode)).lean<LeadDoc>()
  // a named lead that is no longer assigned falls back to the first assigned unit
  if (doc && assignedUnitIds.includes(doc.unitId.toString()))
    return { unitId: doc.unitId.toString(), explicit: true, byName: doc.byName ?? '' }
  return { unitId: assignedUnitIds[0], explicit: false, byName: '' }
}
