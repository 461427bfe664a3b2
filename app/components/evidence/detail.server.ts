/**
 * The evidence page's data, gathered for the route's loader: kept here so that the route stays a thin list of
 * what it answers.
 */
import { getConfig } from '#app/config.server'
import type { Member } from '#app/utils/session.server'
import { ALLOWED_TYPES_LABEL } from '#evidence/uploads/sniff.server'
import { bangkokDayValue, byFiscalYear } from '#models/dates'
import { linkedItems, mayChangeFor } from '#models/evidence/guard.server'
import { getEvidence } from '#models/evidence/records.server'
import { evidenceTexts } from '#models/evidence/search-index.server'
import { listOrganizationTargets, type TargetOption } from '#models/evidence/targets.server'
import { can } from '#models/tenancy/permissions'
import { listUnits } from '#models/tenancy/unit.server'

/** An instant stored for a day (Bangkok midnight) back to the picker's "YYYY-MM-DD". */
const dayOf = (iso: string | null) => (iso ? bangkokDayValue(iso) : null)

/**
 * Picker options grouped by catalog, without the elements already linked; the default year's catalogs first (the year
 * in progress, as the other screens open on), then the others newest first.
 */
function targetGroups(targets: TargetOption[], fiscalYear: number | null, linked: Set<string>) {
  const groups = new Map<string, { value: string; label: string }[]>()
  for (const x of byFiscalYear(targets)) {
    const value = `${x.catalogId}|${x.itemCode}|${x.elementId}`
    if ((fiscalYear !== null && x.fiscalYear !== fiscalYear) || linked.has(value)) continue
    groups.set(x.catalogName, [...(groups.get(x.catalogName) ?? []), { value, label: `${x.fiscalYear} · ${x.label}` }])
  }
  return [...groups].map(([group, items]) => ({ group, items }))
}

/** What the evidence page shows: the evidence, the units, the link picker and what the person may not change. */
export async function evidenceDetail(member: Member, evidenceId: string) {
  const evidence = await getEvidence(member.organization.id, evidenceId)
  if (!evidence) return null
  const organizationId = member.organization.id
  const canUpload = can(member.membership, 'evidence.upload') && !evidence.deletedAt
  const linked = new Set(evidence.links.map((l) => `${l.catalogId}|${l.itemCode}|${l.elementId}`))
  // what the person may not change, said before they try: items of other units, answers under review
  const items = canUpload ? await linkedItems(organizationId, evidence) : []
  const describe = (i: (typeof items)[number]) => ({
    catalogId: i.catalogId,
    itemCode: i.itemCode,
    titleTh: i.titleTh,
    titleEn: i.titleEn,
    frozen: i.frozen,
  })
  const foreign = items.filter((i) => !mayChangeFor(organizationId, member.membership, i)).map(describe)
  const frozen = items.filter((i) => i.frozen).map(describe)
  return {
    evidence: {
      ...evidence,
      documentDay: dayOf(evidence.documentDate),
      periodFromDay: dayOf(evidence.periodFrom),
      periodToDay: dayOf(evidence.periodTo),
    },
    units: (await listUnits(member.organization.id)).filter((u) => !u.retired || u.id === evidence.issuingUnitId),
    // the picker: elements of the catalogs of the evidence's fiscal year (any year before the first link),
    // of the items the person may link to (a coordinator: assigned to one of their units)
    targets: canUpload
      ? targetGroups(
          await listOrganizationTargets(organizationId, {
            mayLink: (unitIds) => can(member.membership, 'evidence.upload', { organizationId, unitIds: unitIds ?? [] }),
          }),
          evidence.fiscalYear,
          linked,
        )
      : [],
    canUpload,
    foreign,
    frozen,
    // whether the file's content can be searched (a scan cannot), said on the page
    text: (await evidenceTexts(organizationId, [evidence.id])).get(evidence.id) ?? null,
    retentionDays: getConfig().evidence.retentionDays,
    maxBytes: getConfig().evidence.maxFileBytes,
    typesLabel: ALLOWED_TYPES_LABEL,
  }
}
