/**
 * Units of an organization (สำนัก / กอง / ศูนย์ / กลุ่ม / ฝ่าย, regional centres) form a tree.
 * A unit with history is retired, never deleted, so past assignments and evidence keep their owner.
 */
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { diff, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { keptByOrganization, type LeanDoc, organizationSchema, schemaModel } from '#models/db.server'
import { AppError, bi, fromZod, notFound } from '#models/errors'
import { oid, toObjectId } from '#models/ids'
import { SheetRefusal, type SheetColumn, type SheetProblem, type SheetRows } from '#models/tenancy/sheet-rows'

import { UNIT_KINDS, type UnitKind } from '#models/tenancy/unit-kinds'
import { compareThai } from '#models/order'

export { UNIT_KINDS, type UnitKind }

const unitSchema = organizationSchema({
  /** The agency's own short code (from an imported sheet); people sheets name units by it. '' when none. */
  code: { type: String, default: '' },
  nameTh: { type: String, required: true },
  nameEn: { type: String, default: '' },
  kind: { type: String, enum: UNIT_KINDS, required: true },
  parentId: { type: Schema.Types.ObjectId, default: null },
  retiredAt: { type: Date, default: null },
})
type UnitDoc = LeanDoc<typeof unitSchema>
// read on most pages, written when an administrator edits units: each instance keeps them under their stamp
const keptUnits = keptByOrganization(unitSchema, 'units', 1000)
const UnitModel = schemaModel('Unit', unitSchema)

export interface Unit {
  id: string
  code: string
  nameTh: string
  nameEn: string
  kind: UnitKind
  parentId: string | null
  retired: boolean
}

function toUnit(doc: UnitDoc): Unit {
  return {
    id: doc._id.toString(),
    code: doc.code ?? '',
    nameTh: doc.nameTh,
    nameEn: doc.nameEn ?? '',
    kind: doc.kind as UnitKind,
    parentId: doc.parentId ? doc.parentId.toString() : null,
    retired: Boolean(doc.retiredAt),
  }
}

const snapshot = (u: Unit) => ({
  ...(u.code ? { code: u.code } : {}),
  nameTh: u.nameTh,
  nameEn: u.nameEn,
  kind: u.kind,
  parentId: u.parentId,
  retired: u.retired,
})

/** A unit code: letters (Thai too), digits, dot, dash or underscore, as agencies number their units. */
const UNIT_CODE = /^[A-Za-z0-9ก-๙][A-Za-z0-9ก-๙._-]{0,29}$/

export const UnitInputSchema = z.object({
  /** Left out: the unit keeps its code (forms that do not show it). */
  code: z
    .string()
    .trim()
    .refine((v) => v === '' || UNIT_CODE.test(v), {
      message: bi('รหัสหน่วย: ใช้ตัวอักษร ตัวเลข . - _ ยาวไม่เกิน 30 ตัว', 'unit code: letters, digits, . - _, at most 30'),
    })
    .optional(),
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
  return keptUnits(organizationId, organizationId, async () => {
    const docs = await UnitModel.find({ organizationId: oid(organizationId) }).lean<UnitDoc[]>()
    return docs.map(toUnit).sort((a, b) => compareThai(a.nameTh, b.nameTh))
  })
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

/** A unit code is the agency's name for one unit: two units never share one (letter case aside). */
async function checkCodeFree(organizationId: string, code: string | undefined) {
  if (!code) return
  const taken = (await listUnits(organizationId)).some((u) => u.code.toLowerCase() === code.toLowerCase())
  if (taken)
    throw new AppError(bi('รหัสหน่วย: มีหน่วยที่ใช้รหัสนี้อยู่แล้ว', 'unit code: a unit already has this code'), 409, {
      code: bi('มีหน่วยที่ใช้รหัสนี้อยู่แล้ว', 'a unit already has this code'),
    })
}

export async function createUnit(actor: Actor, input: UnitInput): Promise<Unit> {
  const parsed = UnitInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  await checkParent(actor.organizationId, null, parsed.data.parentId)
  await checkCodeFree(actor.organizationId, parsed.data.code)
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
  const { code, ...rest } = parsed.data
  if (code !== undefined && code !== before.code) await checkCodeFree(actor.organizationId, code)
  const doc = await UnitModel.findOneAndUpdate(
    { _id: oid(unitId), organizationId: oid(actor.organizationId) },
    { $set: { ...rest, ...(code !== undefined ? { code } : {}), parentId: rest.parentId ? oid(rest.parentId) : null } },
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
    list.sort((a, b) => compareThai(a.nameTh, b.nameTh))
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

// ---- import from a sheet (first-run set-up) --------------------------------------------------

/** The columns of a units sheet: code, Thai name, kind, parent code (English name optional). */
export const UNIT_SHEET_COLUMNS: SheetColumn[] = [
  { key: 'code', headers: ['code', 'รหัส', 'รหัสหน่วย', 'unit code'], required: true },
  { key: 'nameTh', headers: ['Thai name', 'ชื่อภาษาไทย', 'ชื่อหน่วย', 'name th', 'nameTh'], required: true },
  { key: 'nameEn', headers: ['English name', 'ชื่อภาษาอังกฤษ', 'name en', 'nameEn'], required: false },
  { key: 'kind', headers: ['kind', 'ประเภท', 'ประเภทหน่วย'], required: true },
  { key: 'parentCode', headers: ['parent code', 'รหัสหน่วยต้นสังกัด', 'ต้นสังกัด', 'parent'], required: true },
]

/** A kind as people type it: the stored value, its Thai name or its English name. */
const KIND_WORDS: Record<string, UnitKind> = {
  สำนัก: 'bureau',
  กอง: 'division',
  ศูนย์: 'center',
  กลุ่ม: 'group',
  กลุ่มงาน: 'group',
  ฝ่าย: 'section',
  งาน: 'section',
  ภูมิภาค: 'regional',
  สำนักงานภูมิภาค: 'regional',
  'อื่น ๆ': 'other',
  อื่นๆ: 'other',
  centre: 'center',
  'regional office': 'regional',
}

export function unitKindOf(text: string): UnitKind | null {
  const t = text.trim().toLowerCase()
  if ((UNIT_KINDS as readonly string[]).includes(t)) return t as UnitKind
  return KIND_WORDS[t] ?? KIND_WORDS[text.trim()] ?? null
}

/**
 * Creates every unit of a sheet (code, Thai name, kind, parent code), or none: every row is checked first, and
 * one bad row refuses the whole file naming its sheet, row, column and rule. A parent code names a unit of the
 * same sheet (above or below) or an existing unit with that code. Each unit is audited as added.
 */
export async function importUnits(actor: Actor, sheet: SheetRows): Promise<Unit[]> {
  const existing = await listUnits(actor.organizationId)
  const existingByCode = new Map(existing.filter((u) => u.code).map((u) => [u.code.toLowerCase(), u]))
  const problems: SheetProblem[] = []
  const at = (row: number, column: string, th: string, en: string) =>
    problems.push({ sheet: sheet.sheet, row, column, rule: bi(th, en) })
  const seen = new Map<string, number>()
  for (const { row, values } of sheet.rows) {
    const code = values.code
    if (!code) at(row, 'code', 'จำเป็นต้องกรอก', 'required')
    else if (!UNIT_CODE.test(code))
      at(row, 'code', 'ใช้ตัวอักษร ตัวเลข . - _ ยาวไม่เกิน 30 ตัว', 'letters, digits, . - _ only, at most 30 characters')
    else if (seen.has(code.toLowerCase()))
      at(row, 'code', `ซ้ำกับแถว ${seen.get(code.toLowerCase())}`, `repeats row ${seen.get(code.toLowerCase())}`)
    else if (existingByCode.has(code.toLowerCase()))
      at(row, 'code', 'มีหน่วยที่ใช้รหัสนี้อยู่แล้ว', 'a unit already has this code')
    if (code) seen.set(code.toLowerCase(), seen.get(code.toLowerCase()) ?? row)
    if (!values.nameTh) at(row, 'Thai name', 'จำเป็นต้องกรอก', 'required')
    else if (values.nameTh.length > 200) at(row, 'Thai name', 'ยาวได้ไม่เกิน 200 ตัวอักษร', 'at most 200 characters')
    if ((values.nameEn ?? '').length > 200) at(row, 'English name', 'ยาวได้ไม่เกิน 200 ตัวอักษร', 'at most 200 characters')
    if (!unitKindOf(values.kind))
      at(
        row,
        'kind',
        `ไม่รู้จักประเภท "${values.kind}" (ใช้ สำนัก กอง ศูนย์ กลุ่ม ฝ่าย ภูมิภาค อื่น ๆ)`,
        `unknown kind "${values.kind}" (use ${UNIT_KINDS.join(', ')})`,
      )
  }
  // parents: in the sheet or already there; no unit under itself, however far up
  const parentOf = new Map(sheet.rows.map((r) => [r.values.code.toLowerCase(), r.values.parentCode.toLowerCase()]))
  for (const { row, values } of sheet.rows) {
    const parent = values.parentCode.toLowerCase()
    if (!parent) continue
    if (!parentOf.has(parent) && !existingByCode.has(parent)) {
      at(row, 'parent code', `ไม่พบหน่วยรหัส "${values.parentCode}"`, `no unit has the code "${values.parentCode}"`)
      continue
    }
    if (existingByCode.get(parent)?.retired)
      at(row, 'parent code', 'หน่วยต้นสังกัดนี้ยกเลิกแล้ว', 'that parent unit is retired')
    const path = new Set([values.code.toLowerCase()])
    for (let up = parent; up && parentOf.has(up); up = parentOf.get(up)!) {
      if (path.has(up)) {
        at(row, 'parent code', 'หน่วยอยู่ใต้ตัวเองไม่ได้ (วนกลับมาที่ตัวเอง)', 'a unit cannot be under itself (a circle)')
        break
      }
      path.add(up)
    }
  }
  if (problems.length) throw new SheetRefusal(problems)
  // ids first, so a child may come before its parent in the sheet and everything is written in one insert
  const ids = new Map(sheet.rows.map((r) => [r.values.code.toLowerCase(), new mongoose.Types.ObjectId()]))
  const docs = sheet.rows.map(({ values }) => {
    const parent = values.parentCode.toLowerCase()
    return {
      _id: ids.get(values.code.toLowerCase())!,
      organizationId: oid(actor.organizationId),
      code: values.code,
      nameTh: values.nameTh,
      nameEn: values.nameEn ?? '',
      kind: unitKindOf(values.kind)!,
      parentId: parent ? (ids.get(parent) ?? oid(existingByCode.get(parent)!.id)) : null,
    }
  })
  await UnitModel.insertMany(docs)
  const units = docs.map((d) => toUnit({ ...d, retiredAt: null } as unknown as UnitDoc))
  for (const unit of units)
    await recordAudit(actor, {
      action: 'unit.create',
      targetType: 'unit',
      targetId: unit.id,
      targetLabel: unit.nameTh,
      changes: diff(null, snapshot(unit)),
    })
  await recordAudit(actor, {
    action: 'unit.import',
    targetType: 'unit',
    targetId: null,
    targetLabel: sheet.sheet,
    changes: { units: { before: null, after: units.map((u) => u.code).join(', ') } },
  })
  return units
}
