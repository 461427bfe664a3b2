/**
 * What every demo seeding step shares: when the demo is seeded (its clock), the system actor that writes it, and
 * the published catalog of a kind and year. Kept apart from seed.ts so that the KPI and survey steps can use it
 * without importing the script that calls them.
 */
import type { Actor } from '#models/tenancy/audit.server'
import {
  builtInCatalogs,
  importCatalog,
  listCatalogs,
  startFromBuiltIn,
  startNextYearFromCatalog,
  type CatalogSummary,
} from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import type { CatalogKind } from '#models/catalog/schema'
import { yearShiftedGuess } from '#models/catalog/next-year'
import { bangkokDayValue, fiscalYearOf } from '#models/dates'
import type { Organization } from '#models/tenancy/organization.server'

export const systemActor = (org: Organization): Actor => ({
  organizationId: org.id,
  userId: null,
  userName: 'ระบบ (ข้อมูลตัวอย่าง) / system (demo data)',
})

/** When the demo is seeded, by the Bangkok date of `now`: the fiscal year in progress and the one that ended. */
export interface DemoClock {
  now: Date
  /** The fiscal year (BE) of `now`: in progress, due dates relative to `now`. */
  current: number
  /** The fiscal year before: finished, nearly every item approved, survey results entered. */
  previous: number
}

export function demoClock(now: Date = new Date()): DemoClock {
  const current = fiscalYearOf(now)
  return { now, current, previous: current - 1 }
}

/** The Bangkok calendar day `days` after that of `now`, as "YYYY-MM-DD". */
export function demoDayFrom(now: Date, days: number): string {
  return bangkokDayValue(new Date(now.getTime() + days * 86_400_000))
}

// ---- catalogs of any year -------------------------------------------------------------------

/** The organization's catalog of a kind for a fiscal year (not archived), if it has one. */
export async function findDemoCatalog(
  org: Organization,
  kind: CatalogKind,
  fiscalYear: number,
): Promise<CatalogSummary | null> {
  return (
    (await listCatalogs(org.id)).find(
      (c) => c.kind === kind && c.fiscalYear === fiscalYear && c.status !== 'archived',
    ) ?? null
  )
}

/**
 * The published catalog of a kind for a fiscal year, made when missing: the built-in of that year when there is
 * one; else by the year shift from the organization's catalog of the year before (`previousId`), as an
 * administrator would start the year; else from the nearest built-in (the latest before the year, or the
 * earliest after it), year-shifted to it.
 */
export async function ensureDemoCatalog(
  org: Organization,
  kind: CatalogKind,
  fiscalYear: number,
  previousId: string | null = null,
): Promise<CatalogSummary> {
  const actor = systemActor(org)
  let catalog: CatalogSummary | null = await findDemoCatalog(org, kind, fiscalYear)
  if (!catalog) {
    const builtIns = builtInCatalogs().filter((c) => c.kind === kind)
    const exact = builtIns.find((c) => c.fiscalYear === fiscalYear)
    if (exact) catalog = await startFromBuiltIn(actor, exact.key)
    else if (previousId) catalog = (await startNextYearFromCatalog(actor, previousId)).catalog
    else {
      const before = builtIns.filter((c) => c.fiscalYear < fiscalYear).sort((a, b) => b.fiscalYear - a.fiscalYear)[0]
      const base = before ?? builtIns.sort((a, b) => a.fiscalYear - b.fiscalYear)[0]
      if (!base) throw new Error(`demo: no built-in ${kind} catalog to start ${fiscalYear} from`)
      const { catalog: shifted, changes } = yearShiftedGuess(base, fiscalYear - base.fiscalYear)
      catalog = await importCatalog(actor, {
        ...shifted,
        version: 1,
        provenance: {
          th:
            `${base.provenance.th} · เลื่อนปีจาก ${base.key} ไปเป็นปีงบประมาณ ${fiscalYear} (ข้อมูลตัวอย่าง): ` +
            `ข้อความที่มีปี พ.ศ. เปลี่ยน ${changes.length} แห่ง`,
          en:
            `${base.provenance.en} · Year-shifted from ${base.key} to fiscal year ${fiscalYear} (demo data): ` +
            `${changes.length} text(s) with a Buddhist-era year changed`,
        },
      })
    }
  }
  if (catalog.status === 'draft') catalog = await publishCatalog(actor, catalog.id)
  return catalog
}
