/**
 * Authoring edits of an ITA catalog draft: criteria and their required elements are created,
 * changed, reordered and deleted one at a time. Pure: returns a new catalog, which the caller
 * validates with the full schema before saving (so an edit can never store a broken catalog).
 */
import { z } from 'zod'
import { EVIDENCE_KINDS, FILE_TYPES, PERIOD_RULES, type Catalog, type Criterion, type ItaCatalog, type SubIndicator } from '#models/catalog-schema'
import { AppError, bi } from '#models/errors'

const req = (th: string, en: string) => z.string({ required_error: bi(`${th}: จำเป็นต้องกรอก`, `${en}: required`) }).trim().min(1, bi(`${th}: จำเป็นต้องกรอก`, `${en}: required`))
const optional = z.string().trim().optional().transform((v) => v || undefined)
const elementFields = {
  id: req('รหัสองค์ประกอบ', 'element id'),
  textTh: req('องค์ประกอบ (ไทย)', 'element (Thai)'),
  textEn: optional,
  evidenceKind: z.enum(EVIDENCE_KINDS, { message: bi('ชนิดหลักฐาน: ต้องเป็น file, url หรือ text', 'evidence kind: must be file, url or text') }),
  minCount: z.coerce.number({ message: bi('จำนวนขั้นต่ำ: ต้องเป็นตัวเลข', 'minimum count: must be a number') }).int(bi('จำนวนขั้นต่ำ: ต้องเป็นจำนวนเต็ม', 'minimum count: must be a whole number')).min(1, bi('จำนวนขั้นต่ำ: อย่างน้อย 1', 'minimum count: at least 1')),
  period: z.enum(PERIOD_RULES, { message: bi('ช่วงวันที่: ไม่รู้จักค่านี้', 'period: unknown value') }),
  fileTypes: z
    .string()
    .optional()
    .transform((v) => (v ?? '').split(/[,\s]+/).filter(Boolean))
    .pipe(z.array(z.enum(FILE_TYPES, { message: bi(`ชนิดไฟล์: ใช้ได้เฉพาะ ${FILE_TYPES.join(', ')}`, `file types: only ${FILE_TYPES.join(', ')}`) }))),
}
const criterionFields = { titleTh: req('ชื่อข้อ (ไทย)', 'title (Thai)'), titleEn: req('ชื่อข้อ (อังกฤษ)', 'title (English)'), descriptionTh: optional }

export const CatalogEditSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('criterion.update'), code: z.string(), ...criterionFields }),
  z.object({ op: z.literal('criterion.add'), subCode: z.string(), code: req('ข้อ', 'code'), ...criterionFields, ...elementFields }),
  z.object({ op: z.literal('criterion.move'), code: z.string(), direction: z.enum(['up', 'down']) }),
  z.object({ op: z.literal('criterion.delete'), code: z.string() }),
  z.object({ op: z.literal('element.update'), code: z.string(), elementId: z.string(), ...elementFields }),
  z.object({ op: z.literal('element.add'), code: z.string(), ...elementFields }),
  z.object({ op: z.literal('element.move'), code: z.string(), elementId: z.string(), direction: z.enum(['up', 'down']) }),
  z.object({ op: z.literal('element.delete'), code: z.string(), elementId: z.string() }),
])
export type CatalogEdit = z.infer<typeof CatalogEditSchema>
export type CatalogEditInput = z.input<typeof CatalogEditSchema>

const missing = (what: string) => new AppError(bi(`ไม่พบ ${what}`, `${what} not found`), 404)

function subIndicators(c: ItaCatalog): SubIndicator[] {
  return c.tools.flatMap((t) => t.indicators.flatMap((i) => (i.kind === 'checklist' ? i.subIndicators : [])))
}

function findCriterion(c: ItaCatalog, code: string): { list: Criterion[]; index: number } {
  for (const sub of subIndicators(c)) {
    const index = sub.criteria.findIndex((cr) => cr.code === code)
    if (index >= 0) return { list: sub.criteria, index }
  }
  throw missing(code)
}

function move<T>(list: T[], index: number, direction: 'up' | 'down') {
  const to = direction === 'up' ? index - 1 : index + 1
  if (to < 0 || to >= list.length) return
  ;[list[index], list[to]] = [list[to], list[index]]
}

function element(e: z.infer<z.ZodObject<typeof elementFields>>) {
  return {
    id: e.id,
    text: { th: e.textTh, ...(e.textEn ? { en: e.textEn } : {}) },
    evidenceKind: e.evidenceKind,
    minCount: e.minCount,
    period: e.period,
    ...(e.fileTypes.length && e.evidenceKind === 'file' ? { fileTypes: e.fileTypes } : {}),
  }
}

/** Applies one edit to a copy of the catalog. */
export function applyEdit(catalog: Catalog, edit: CatalogEdit): Catalog {
  if (catalog.kind !== 'ita' && catalog.kind !== 'ita-variant')
    throw new AppError(bi('แก้ไขทีละรายการได้เฉพาะแค็ตตาล็อก ITA ชนิดอื่นให้นำเข้าไฟล์ JSON', 'item editing is for ITA catalogs; import a JSON file for other kinds'), 400)
  const c = structuredClone(catalog) as ItaCatalog
  switch (edit.op) {
    case 'criterion.add': {
      const sub = subIndicators(c).find((s) => s.code === edit.subCode)
      if (!sub) throw missing(edit.subCode)
      sub.criteria.push({ code: edit.code, title: { th: edit.titleTh, en: edit.titleEn }, ...(edit.descriptionTh ? { description: { th: edit.descriptionTh } } : {}), elements: [element(edit)] })
      break
    }
    case 'criterion.update': {
      const { list, index } = findCriterion(c, edit.code)
      const cr = list[index]
      list[index] = { ...cr, title: { th: edit.titleTh, en: edit.titleEn }, ...(edit.descriptionTh ? { description: { ...cr.description, th: edit.descriptionTh } } : { description: undefined }) }
      if (!edit.descriptionTh) delete list[index].description
      break
    }
    case 'criterion.move': {
      const { list, index } = findCriterion(c, edit.code)
      move(list, index, edit.direction)
      break
    }
    case 'criterion.delete': {
      const { list, index } = findCriterion(c, edit.code)
      if (list.length === 1)
        throw new AppError(bi('ลบไม่ได้: ตัวชี้วัดย่อยต้องมีอย่างน้อย 1 ข้อ', 'cannot delete: a sub-indicator needs at least one criterion'), 409)
      list.splice(index, 1)
      break
    }
    case 'element.add':
    case 'element.update':
    case 'element.move':
    case 'element.delete': {
      const { list, index } = findCriterion(c, edit.code)
      const elements = list[index].elements
      if (edit.op === 'element.add') {
        elements.push(element(edit))
        break
      }
      const at = elements.findIndex((e) => e.id === edit.elementId)
      if (at < 0) throw missing(`${edit.code} ${edit.elementId}`)
      if (edit.op === 'element.update') elements[at] = { ...element(edit), ...(elements[at].note ? { note: elements[at].note } : {}) }
      else if (edit.op === 'element.move') move(elements, at, edit.direction)
      else {
        if (elements.length === 1)
          throw new AppError(bi('ลบไม่ได้: ข้อต้องมีองค์ประกอบอย่างน้อย 1 รายการ', 'cannot delete: a criterion needs at least one element'), 409)
        elements.splice(at, 1)
      }
      break
    }
  }
  return c
}
