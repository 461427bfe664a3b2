/**
 * Units of an organization (สำนัก / กอง / ศูนย์ / กลุ่ม / ฝ่าย, regional centres) form a tree.
 * A unit with history is retired, never deleted, so past assignments and evidence keep their owner.
 */
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { diff, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { type LeanDoc, schemaModel, organizationSchema } from '#models/db.server'
import { AppError, bi, fromZod, notFound } from '#models/errors'
import { oid, toObjectId } from '#models/ids'

import { UNIT_KINDS, type UnitKind } from '#models/tenancy/unit-kinds'

export { UNIT_KINDS, type UnitKind }

const unitSchema = organizationSchema({
  nameTh: { type: String, required: true },
  nameEn: { type: String, default: '' },
  kind: { type: String, enum: UNIT_KINDS, required: true },
  parentId: { type: Schema.Types.ObjectId, default: null },
  retiredAt: { type: Date, default: null },
})
type UnitDoc = LeanDoc<typeof unitSchema>
const UnitModel = schemaModel('Unit', unitSchema)

export interface Unit {
  id: string
  nameTh: string
  nameEn: string
  kind: UnitKind
  parentId: string | null
  retired: boolean
}

function toUnit(doc: UnitDoc): Unit {
  return {
    id: doc._id.toString(),
    nameTh: doc.nameTh,
    nameEn: doc.nameEn ?? '',
    kind: doc.kind as UnitKind,
    parentId: doc.parentId ? doc.parentId.toString() : null,
    retired: Boolean(doc.retiredAt),
  }
}

const snapshot = (u: Unit) => ({
  nameTh: u.nameTh,
  nameEn: u.nameEn,
  kind: u.kind,
  parentId: u.parentId,
  retired: u.retired,
})

export const UnitInputSchema = z.object({
  nameTh: z
    .string({ required_error: bi('ชื่อภาษาไทย: จำเป็นต้องกรอก', 'Thai name: required') })
    .trim()
    .min(1, bi('ชื่อภาษาไทย: จำเป็นต้องกรอก', 'Thai name: required'))
    .max(200, bi('ชื่อภาษาไทย: ยาวได้ไม่เกิน 200 ตัวอักษร', 'Thai name: at most 200 characters')),
  nameEn: z
    .string()
    .trim()
    .max(200, bi('ชื่อภาษาอังกฤษ: ยาวได้ไม่เกิน 200 ตัวอักษร', 'English name: at most 200 characters'))
    .default(''),
  kind: z.enum(UNIT_KINDS, { message: bi('ประเภทหน่วย: ไม่รู้จักประเภทนี้', 'kind: unknown unit kind') }),
  parentId: z
    .string()
    .trim()
    .transform((v) => v || null)
    .nullable()
    .default(null),
})
export type UnitInput = z.input<typeof UnitInputSchema>

/** Every unit of the organization, active and retired, ordered by Thai name. */
export async function listUnits(organizationId: string): Promise<Unit[]> {
  const docs = await UnitModel.find({ organizationId: oid(organizationId) }).lean<UnitDoc[]>()
  return docs.map(toUnit).sort((a, b) => a.nameTh.localeCompare(b.nameTh, 'th'))
}

export async function getUnit(organizationId: string, unitId: string): Promise<Unit | null> {
  const id = toObjectId(unitId)
  if (!id) return null
  const doc = await UnitModel.findOne({ _id: id, organizationId: oid(organizationId) }).lean<UnitDoc>()
  return doc ? toUnit(doc) : null
}

/** The ids of units in this organization among those given; the rest do not belong to it. */
export async function filterUnitIds(organizationId: string, unitIds: string[]): Promise<string[]> {
  const ids = unitIds.map(toObjectId).filter((x): x is mongoose.Types.ObjectId => x !== null)
  if (ids.length === 0) return []
  const docs = await UnitModel.find({ _id: { $in: ids }, organizationId: oid(organizationId), retiredAt: null })
    .select({ _id: 1 })
    .lean<{ _id: mongoose.Types.ObjectId }[]>()
  return docs.map((d) => d._id.toString())
}

async function checkParent(organizationId: string, unitId: string | null, parentId: string | null) {
  if (!parentId) return
  const units = await listUnits(organizationId)
  const byId = new Map(units.map((u) => [u.id, u]))
  const parent = byId.get(parentId)
  if (!parent) {
    throw new AppError(bi('หน่วยต้นสังกัด: ไม่พบหน่วยนี้ในหน่วยงาน', 'parent unit: not a unit of this organization'), 400, {
      parentId: bi('ไม่พบหน่วยนี้ในหน่วยงาน', 'not a unit of this organization'),
    })
  }
  if (parent.retired) {
    throw new AppError(bi('หน่วยต้นสังกัด: หน่วยนี้ยกเลิกแล้ว', 'parent unit: that unit is retired'), 400, {
      parentId: bi('หน่วยนี้ยกเลิกแล้ว', 'that unit is retired'),
    })
  }
  // walking up from the new parent must never reach the unit itself
  for (let at: Unit | undefined = parent; at; at = at.parentId ? byId.get(at.parentId) : undefined) {
    if (unitId && at.id === unitId) {
      throw new AppError(
        bi(
          'หน่วยต้นสังกัด: ย้ายหน่วยไปอยู่ใต้ตัวเองหรือหน่วยย่อยของตัวเองไม่ได้',
          'parent unit: a unit cannot move under itself or one of its own sub-units',
        ),
        400,
        { parentId: bi('ย้ายไปอยู่ใต้ตัวเองหรือหน่วยย่อยของตัวเองไม่ได้', 'cannot move under itself or its own sub-unit') },
      )
    }
  }
}

export async function createUnit(actor: Actor, input: UnitInput): Promise<Unit> {
  const parsed = UnitInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  await checkParent(actor.organizationId, null, parsed.data.parentId)
  const doc = await UnitModel.create({ ...parsed.data, organizationId: oid(actor.organizationId) })
  const unit = toUnit(doc.toObject() as UnitDoc)
  await recordAudit(actor, {
    action: 'unit.create',
    targetType: 'unit',
    targetId: unit.id,
    targetLabel: unit.nameTh,
    changes: diff(null, snapshot(unit)),
  })
  return unit
}

/** Renames, re-kinds or moves a unit. Refuses a move under itself or its own descendants. */
export async function updateUnit(actor: Actor, unitId: string, input: UnitInput): Promise<Unit> {
  const before = await getUnit(actor.organizationId, unitId)
  if (!before) throw notFound()
  const parsed = UnitInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  await checkParent(actor.organizationId, unitId, parsed.data.parentId)
  const doc = await UnitModel.findOneAndUpdate(
    { _id: oid(unitId), organizationId: oid(actor.organizationId) },
    { $set: { ...parsed.data, parentId: parsed.data.parentId ? oid(parsed.data.parentId) : null } },
    { returnDocument: 'after' },
  ).lean<UnitDoc>()
  if (!doc) throw notFound()
  const after = toUnit(doc)
  const changes = diff(snapshot(before), snapshot(after))
  if (Object.keys(changes).length > 0) {
    const action = 'parentId' in changes && Object.keys(changes).length === 1 ? 'unit.move' : 'unit.update'
    await recordAudit(actor, { action, targetType: 'unit', targetId: unitId, targetLabel: after.nameTh, changes })
  }
  return after
}

/** Retires (or restores) a unit. Retiring a unit with active sub-units is refused. */
export async function setUnitRetired(actor: Actor, unitId: string, retired: boolean): Promise<Unit> {
  const before = await getUnit(actor.organizationId, unitId)
  if (!before) throw notFound()
  if (before.retired === retired) return before
  if (retired) {
    const activeChildren = await UnitModel.countDocuments({
      organizationId: oid(actor.organizationId),
      parentId: oid(unitId),
      retiredAt: null,
    })
    if (activeChildren > 0) {
      throw new AppError(
        bi(
          `ยกเลิกหน่วยไม่ได้: ยังมีหน่วยย่อยที่ใช้งานอยู่ ${activeChildren} หน่วย`,
          `cannot retire: ${activeChildren} active sub-unit(s) remain`,
        ),
        409,
      )
    }
  } else if (before.parentId) {
    const parent = await getUnit(actor.organizationId, before.parentId)
    if (parent?.retired)
      throw new AppError(bi('นำกลับมาใช้ไม่ได้: หน่วยต้นสังกัดยกเลิกแล้ว', 'cannot restore: the parent unit is retired'), 409)
  }
  const doc = await UnitModel.findOneAndUpdate(
    { _id: oid(unitId), organizationId: oid(actor.organizationId) },
    { $set: { retiredAt: retired ? new Date() : null } },
    { returnDocument: 'after' },
  ).lean<UnitDoc>()
  const after = toUnit(doc!)
  await recordAudit(actor, {
    action: retired ? 'unit.retire' : 'unit.restore',
    targetType: 'unit',
    targetId: unitId,
    targetLabel: after.nameTh,
    changes: diff(snapshot(before), snapshot(after)),
  })
  return after
}

export interface UnitNode extends Unit {
  depth: number
  children: UnitNode[]
}

/** Units as a tree, each level sorted by Thai name; orphans (bad parents) come out at the top. */
export function buildUnitTree(units: Unit[]): UnitNode[] {
  const nodes = new Map(units.map((u) => [u.id, { ...u, depth: 0, children: [] as UnitNode[] }]))
  const roots: UnitNode[] = []
  for (const node of nodes.values()) {
    const parent = node.parentId ? nodes.get(node.parentId) : undefined
    if (parent) parent.children.push(node)
    else roots.push(node)
  }
  const setDepth = (list: UnitNode[], depth: number) => {
    list.sort((a, b) => a.nameTh.localeCompare(b.nameTh, 'th'))
    for (const n of list) {
      n.depth = depth
      setDepth(n.children, depth + 1)
    }
  }
  setDepth(roots, 0)
  return roots
}

/** The tree flattened in display order (parents before children). */
export function flattenUnitTree(tree: UnitNode[]): UnitNode[] {
  return tree.flatMap((n) => [n, ...flattenUnitTree(n.children)])
}
