/**
 * Catalog changes that touch the work assigned on a catalog: publishing a new version (assignments move to it),
 * editing or replacing a draft (an assigned item may not go), deleting a draft (not while assigned) and confirming
 * a year rollover (assignments carried forward). The catalog itself stays in models/catalog, which knows nothing
 * of assignments; this module calls both.
 */
import type { Actor } from '#models/tenancy/audit.server'
import {
  editedContent,
  importCatalog,
  publishDraft,
  readCatalogFile,
  recordRollover,
  removeDraft,
  requireDraftOf,
  writeDraft,
  type StoredCatalog,
} from '#models/catalog/catalog.server'
import type { CatalogEditInput } from '#models/catalog/edit'
import { listItems, type RolloverOverrides } from '#models/catalog/items'
import { AppError, bi } from '#models/errors'
import { carryAssignments, countAssignments, listAssignments, moveAssignments } from '#models/work/assignment.server'

/**
 * Replaces the content of a draft (authoring edits and whole-catalog imports); refused when it would remove an
 * assigned item, which would leave its unit's work pointing at nothing.
 */
export async function replaceDraftContent(
  actor: Actor,
  catalogId: string,
  json: unknown,
  action = 'catalog.update',
): Promise<StoredCatalog> {
  return writeDraft(actor, catalogId, json, action, async (content) => {
    const kept = new Set(listItems(content).map((i) => i.code))
    const orphaned = (await listAssignments(actor.organizationId, catalogId))
      .filter((a) => !kept.has(a.itemCode))
      .map((a) => a.itemCode)
    if (orphaned.length)
      throw new AppError(
        bi(
          `ลบไม่ได้: ${orphaned.join(', ')} มีการมอบหมายงานอยู่ ให้ยกเลิกการมอบหมายก่อน`,
          `cannot delete: ${orphaned.join(', ')} is assigned; remove the assignment first`,
        ),
        409,
      )
  })
}

/** One authoring edit of a draft (add, change, reorder or delete an item or one of its parts). */
export async function editDraft(actor: Actor, catalogId: string, input: CatalogEditInput): Promise<StoredCatalog> {
  const { content, action } = await editedContent(actor, catalogId, input)
  return replaceDraftContent(actor, catalogId, content, action)
}

/**
 * Imports a whole catalog from a .json or .xlsx file: as a new draft, or replacing the content
 * of an existing draft. The whole file is checked first; on any problem nothing is saved.
 */
export async function importCatalogFile(
  actor: Actor,
  file: { name: string; bytes: Uint8Array },
  intoCatalogId?: string,
): Promise<StoredCatalog> {
  if (intoCatalogId) await requireDraftOf(actor.organizationId, intoCatalogId) // 404 before any file error
  const catalog = await readCatalogFile(file)
  return intoCatalogId
    ? replaceDraftContent(actor, intoCatalogId, catalog, 'catalog.import')
    : importCatalog(actor, catalog)
}

/**
 * Publishes a draft: it is frozen from now on. When it is a new version of a published catalog,
 * the older version is archived and assignments of items that still exist move to the new one.
 */
export async function publishCatalog(actor: Actor, catalogId: string): Promise<StoredCatalog> {
  return publishDraft(actor, catalogId, async (previousId, content) => {
    await moveAssignments(
      actor,
      previousId,
      catalogId,
      listItems(content).map((i) => i.code),
    )
  })
}

/** Deletes a draft that nothing depends on (no assignments, not a rollover target). */
export async function deleteDraft(actor: Actor, catalogId: string): Promise<void> {
  await removeDraft(actor, catalogId, async () => {
    const count = await countAssignments(actor.organizationId, catalogId)
    if (count > 0)
      throw new AppError(
        bi(
          `ลบไม่ได้: มีการมอบหมายงาน ${count} รายการในแค็ตตาล็อกนี้`,
          `cannot delete: ${count} assignment(s) use this catalog`,
        ),
        409,
      )
  })
}

/**
 * Confirms a rollover with the matching the administrator reviewed (the proposal with their
 * overrides): records the mapping on the new year's catalog and carries last year's assignments
 * of matched items forward as "carried — needs re-confirmation". Last year's catalog and its
 * assignments are not touched. Confirming twice is refused.
 */
export async function confirmRollover(
  actor: Actor,
  fromCatalogId: string,
  toCatalogId: string,
  overrides: RolloverOverrides = {},
): Promise<{ mapping: Record<string, string>; carried: number }> {
  return recordRollover(actor, fromCatalogId, toCatalogId, overrides, (mapping) =>
    carryAssignments(actor, fromCatalogId, toCatalogId, mapping),
  )
}
