/**
 * Where evidence can be linked: the required elements of the organization's own catalogs (not
 * archived) of every kind — ITA criteria, KPIs, and the activities of integrity-policy plans and
 * improvement measures — exactly as the item page lists them (`itemElements`), with the units
 * each item is assigned to, so that a coordinator links only within their units. linkEvidence
 * only knows the TargetResolver type.
 */
import { listAssignments } from '#models/work/assignment.server'
import { getCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { itemElements, listItems } from '#models/catalog/items'
import type { Catalog, RequirementElement } from '#models/catalog/schema'
import { evidenceTypeFor } from '#models/evidence/kinds'
import type { EvidenceTarget, ResolvedTarget, TargetResolver } from '#models/evidence/records.server'

export interface TargetOption extends EvidenceTarget {
  catalogName: string
  fiscalYear: number
  label: string
}

function label(code: string, element: RequirementElement) {
  return `${code} ${element.id}: ${element.text.th}`
}

function findElement(catalog: Catalog, target: EvidenceTarget) {
  return itemElements(catalog, target.itemCode)?.find((e) => e.id === target.elementId) ?? null
}

/** A resolver over catalog documents whose id is their key (tests and tools without a database). */
export function resolveFromCatalogs(list: Catalog[]): TargetResolver {
  return async (_organizationId, target): Promise<ResolvedTarget | null> => {
    const catalog = list.find((c) => c.key === target.catalogId)
    const element = catalog && findElement(catalog, target)
    if (!catalog || !element) return null
    return {
      fiscalYear: catalog.fiscalYear,
      periodRule: element.period,
      evidenceKind: evidenceTypeFor(element.evidenceKind),
      label: label(target.itemCode, element),
    }
  }
}

/** Resolves `{ catalogId, itemCode, elementId }` in the organization's stored catalogs. */
export const resolveOrganizationTarget: TargetResolver = async (organizationId, target) => {
  const stored = await getCatalog(organizationId, target.catalogId)
  if (!stored || stored.status === 'archived') return null
  const element = findElement(stored.content, target)
  if (!element) return null
  const assignment = (await listAssignments(organizationId, stored.id)).find((a) => a.itemCode === target.itemCode)
  return {
    fiscalYear: stored.fiscalYear,
    periodRule: element.period,
    evidenceKind: evidenceTypeFor(element.evidenceKind),
    label: label(target.itemCode, element),
    unitIds: assignment?.unitIds,
  }
}

/**
 * Every required element of the organization's catalogs that are not archived, for the picker.
 * `mayLink` (given the units the item is assigned to, undefined when unassigned) keeps only the
 * items the person may link to: a coordinator sees the items of their own units only.
 */
export async function listOrganizationTargets(
  organizationId: string,
  options: { mayLink?: (unitIds: string[] | undefined) => boolean } = {},
): Promise<TargetOption[]> {
  const summaries = (await listCatalogs(organizationId)).filter((c) => c.status !== 'archived')
  const out: TargetOption[] = []
  for (const summary of summaries) {
    const stored = await getCatalog(organizationId, summary.id)
    if (!stored) continue
    const assigned = new Map((await listAssignments(organizationId, stored.id)).map((a) => [a.itemCode, a.unitIds]))
    for (const item of listItems(stored.content)) {
      if (options.mayLink && !options.mayLink(assigned.get(item.code))) continue
      for (const e of itemElements(stored.content, item.code) ?? []) {
        out.push({
          catalogId: stored.id,
          catalogName: `${stored.nameTh} (ฉบับที่ ${stored.version})`,
          fiscalYear: stored.fiscalYear,
          itemCode: item.code,
          elementId: e.id,
          label: label(item.code, e),
        })
      }
    }
  }
  return out
}
