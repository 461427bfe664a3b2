/**
 * Where evidence can be linked: the required elements of the organization's own ITA catalogs
 * (not archived), with the units each item is assigned to, so that a coordinator links only
 * within their units. linkEvidence only knows the TargetResolver type.
 */
import { listAssignments } from '#models/assignment.server'
import { getCatalog, listCatalogs } from '#models/catalog.server'
import { listCriteria, type Catalog, type RequirementElement } from '#models/catalog-schema'
import type { EvidenceTarget, ResolvedTarget, TargetResolver } from '#models/evidence.server'

export interface TargetOption extends EvidenceTarget {
  catalogName: string
  fiscalYear: number
  label: string
}

function label(code: string, element: RequirementElement) {
  return `${code} ${element.id}: ${element.text.th}`
}

function findElement(catalog: Catalog, target: EvidenceTarget) {
  if (catalog.kind !== 'ita' && catalog.kind !== 'ita-variant') return null
  const criterion = listCriteria(catalog).find((x) => x.criterion.code === target.itemCode)?.criterion
  const element = criterion?.elements.find((e) => e.id === target.elementId)
  return criterion && element ? { criterion, element } : null
}

/** A resolver over catalog documents whose id is their key (tests and tools without a database). */
export function resolveFromCatalogs(list: Catalog[]): TargetResolver {
  return async (_organizationId, target): Promise<ResolvedTarget | null> => {
    const catalog = list.find((c) => c.key === target.catalogId)
    const found = catalog && findElement(catalog, target)
    if (!catalog || !found) return null
    return { fiscalYear: catalog.fiscalYear, periodRule: found.element.period, evidenceKind: found.element.evidenceKind, label: label(found.criterion.code, found.element) }
  }
}

/** Resolves `{ catalogId, itemCode, elementId }` in the organization's stored catalogs. */
export const resolveOrganizationTarget: TargetResolver = async (organizationId, target) => {
  const stored = await getCatalog(organizationId, target.catalogId)
  if (!stored || stored.status === 'archived') return null
  const found = findElement(stored.content, target)
  if (!found) return null
  const assignment = (await listAssignments(organizationId, stored.id)).find((a) => a.itemCode === target.itemCode)
  return {
    fiscalYear: stored.fiscalYear,
    periodRule: found.element.period,
    evidenceKind: found.element.evidenceKind,
    label: label(found.criterion.code, found.element),
    unitIds: assignment?.unitIds,
  }
}

/** Every required element of the organization's ITA catalogs that are not archived, for the picker. */
export async function listOrganizationTargets(organizationId: string): Promise<TargetOption[]> {
  const summaries = (await listCatalogs(organizationId)).filter((c) => c.status !== 'archived' && (c.kind === 'ita' || c.kind === 'ita-variant'))
  const options: TargetOption[] = []
  for (const summary of summaries) {
    const stored = await getCatalog(organizationId, summary.id)
    if (!stored || (stored.content.kind !== 'ita' && stored.content.kind !== 'ita-variant')) continue
    for (const { criterion } of listCriteria(stored.content)) {
      for (const e of criterion.elements) {
        options.push({ catalogId: stored.id, catalogName: `${stored.nameTh} (ฉบับที่ ${stored.version})`, fiscalYear: stored.fiscalYear, itemCode: criterion.code, elementId: e.id, label: label(criterion.code, e) })
      }
    }
  }
  return options
}
