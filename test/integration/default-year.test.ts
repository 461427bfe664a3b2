/**
 * Screens other than the catalog editor open on the fiscal year in progress (Bangkok date) and never on a draft:
 * an executive's completeness matrix, once the administrator has started next year's draft, still shows this
 * year's published catalog, and the draft is neither offered nor reachable by its id.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFromBuiltIn, startNextYearFromCatalog, type StoredCatalog } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import type { TestOrg } from '#test/support/fixtures'
import { provide, release } from '#test/support/kit'

let org: TestOrg
let y2569: StoredCatalog
let y2570: StoredCatalog
let draft2571: StoredCatalog
beforeAll(async () => {
  ;({ org } = await provide({ org: 'default-year' }))
  y2569 = await publishCatalog(org.actor, (await startFromBuiltIn(org.actor, 'ita-nacc-2569')).id)
  y2570 = await publishCatalog(org.actor, (await startFromBuiltIn(org.actor, 'ita-nacc-2570')).id)
  draft2571 = (await startNextYearFromCatalog(org.actor, y2570.id)).catalog
})
afterAll(release)

const matrix = (now: Date, query: Record<string, string> = {}) =>
  getCompleteness(org.organization.id, parseCompletenessFilters(new URLSearchParams(query)), now)

describe('the completeness matrix', () => {
  it('opens on the published catalog of the year in progress, not on next year’s draft', async () => {
    expect(draft2571.status).toBe('draft')
    expect((await matrix(new Date('2026-12-02T03:00:00Z')))!.catalog.id).toBe(y2570.id)
    expect((await matrix(new Date('2026-08-15T03:00:00Z')))!.catalog.id).toBe(y2569.id)
  })

  it('offers published catalogs only, and a draft asked for by its id is not found', async () => {
    const options = (await matrix(new Date('2026-12-02T03:00:00Z')))!.options.catalogs
    expect(options.map((c) => c.fiscalYear).sort()).toEqual([2569, 2570])
    await expect(matrix(new Date('2026-12-02T03:00:00Z'), { catalog: draft2571.id })).rejects.toMatchObject({
      status: 404,
    })
  })
})
