/**
 * The item page's library picker, server side: the library's own query and search (words of the title, file name or
 * extracted text; issuing unit, kind, date range), narrowed to live evidence usable in the item's fiscal year. Each
 * result carries its date and issuing unit, so that a coordinator tells monthly files of the same name apart.
 */
import type { ItemMember } from '#app/components/items/workspace.server'
import { getCatalog } from '#models/catalog/catalog.server'
import { parseLibraryQuery, searchLibrary } from '#models/evidence/search.server'
import { listUnits } from '#models/tenancy/unit.server'

/** Results shown at most; the search reads twice as many, as some belong to another fiscal year. */
export const PICKER_MAX = 30

/** The picker's answer, or null when the organization has no such catalog. */
export async function pickFromLibrary(member: ItemMember, catalogId: string, params: URLSearchParams) {
  const organizationId = member.organization.id
  const catalog = await getCatalog(organizationId, catalogId)
  if (!catalog) return null
  const query = parseLibraryQuery(params)
  const [found, units] = await Promise.all([
    searchLibrary(organizationId, { ...query, item: '', page: 1 }, { pageSize: PICKER_MAX * 2 }),
    listUnits(organizationId),
  ])
  const unitName = new Map(units.map((u) => [u.id, u.nameTh]))
  return {
    results: found.rows
      .map((r) => r.evidence)
      .filter((e) => e.fiscalYear === null || e.fiscalYear === catalog.fiscalYear)
      .slice(0, PICKER_MAX)
      .map((e) => ({
        id: e.id,
        title: e.title,
        type: e.type,
        fileName: e.current?.fileName ?? null,
        // the day the date filter goes by: the document's date, else when it was added
        date: e.documentDate ?? e.createdAt,
        dated: e.documentDate !== null,
        unitId: e.issuingUnitId,
        unitName: e.issuingUnitId ? (unitName.get(e.issuingUnitId) ?? null) : null,
      })),
    // retired units stay choosable: their evidence is still in the library
    units: units.map((u) => ({ value: u.id, label: u.nameTh })),
  }
}

export type PickerData = NonNullable<Awaited<ReturnType<typeof pickFromLibrary>>>
