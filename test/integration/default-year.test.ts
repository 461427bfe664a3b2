/**
 * Screens other than the catalog editor open on the fiscal year in progress (Bangkok date) and never on a draft:
 * an executive's completeness matrix, once the administrator has started next year's draft, still shows this
 * year's published catalog, and the draft is neither offered nor reachable by its id. The progress, clarification
 * and assignment screens open on this year's catalog too, not on next year's published ahead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFromBuiltIn, startNextYearFromCatalog, type StoredCatalog } from '#models/catalog/catalog.server'
import { fiscalYearOf } from '#models/dates'
import { createTextEvidence } from '#models/evidence/records.server'
import { assignItems } from '#models/work/assignment.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, release, sessionCookie, type Handler } from '#test/support/kit'

let org: TestOrg
let other: TestOrg
let y2569: StoredCatalog
let y2570: StoredCatalog
let draft2571: StoredCatalog
beforeAll(async () => {
  ;({ org, other } = await provide({ org: 'default-year', other: 'default-year-screens', env: true }))
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

/** A built-in catalog published, then each next year started from it and published, up to `last`: newest last. */
async function yearsUpTo(owner: TestOrg, builtIn: string, last: number): Promise<StoredCatalog[]> {
  const out = [await publishCatalog(owner.actor, (await startFromBuiltIn(owner.actor, builtIn)).id)]
  while (out.at(-1)!.fiscalYear < last) {
    const next = (await startNextYearFromCatalog(owner.actor, out.at(-1)!.id)).catalog
    out.push(await publishCatalog(owner.actor, next.id))
  }
  return out
}

describe('the progress, clarification and evidence screens', () => {
  // the screens read the clock: the catalogs are made around the year in progress, up to the one after it
  const today = fiscalYearOf(new Date())
  let plans: StoredCatalog[]
  let itas: StoredCatalog[]
  let cookie: string
  beforeAll(async () => {
    plans = await yearsUpTo(other, 'integrity-policy-plan', today + 1)
    itas = await yearsUpTo(other, 'ita-nacc-2570', today + 1)
    cookie = await sessionCookie(other.organization.id, other.people.admin.id)
  }, 240_000)

  const load = async (route: string, path: string, params: Record<string, string> = {}, as = cookie) => {
    const { loader } = (await import(route)) as { loader: Handler }
    const response = await loader({
      request: new Request(`http://127.0.0.1${path}`, { headers: { cookie: as } }),
      params,
      context: {},
    })
    return (await response.json()) as Record<string, unknown>
  }

  it('/progress opens on the plan of the year in progress while next year’s is published ahead', async () => {
    expect(plans.at(-1)!.fiscalYear).toBe(today + 1)
    const plan = plans.find((c) => c.fiscalYear === today)!
    expect((await load('#app/routes/progress', '/progress')).catalogId).toBe(plan.id)
    // the catalog asked for still wins
    expect((await load('#app/routes/progress', `/progress?catalog=${plans.at(-1)!.id}`)).catalogId).toBe(
      plans.at(-1)!.id,
    )
  })

  it('/clarifications opens on the ITA catalog of the year in progress, the one asked for when asked', async () => {
    expect(itas.at(-1)!.fiscalYear).toBe(today + 1)
    const ita = itas.find((c) => c.fiscalYear === today)!
    const screenOf = async (path: string) =>
      ((await load('#app/routes/clarifications._index', path)) as { screen: { catalog: { id: string } } | null }).screen
        ?.catalog.id
    expect(await screenOf('/clarifications')).toBe(ita.id)
    expect(await screenOf(`/clarifications?catalog=${itas.at(-1)!.id}`)).toBe(itas.at(-1)!.id)
  })

  it('/assignments opens on a catalog of the year in progress, the one asked for when asked', async () => {
    type Board = { catalog: { id: string; fiscalYear: number } }
    expect(((await load('#app/routes/assignments', '/assignments')) as Board).catalog.fiscalYear).toBe(today)
    const asked = itas.at(-1)!
    const board = (await load('#app/routes/assignments', `/assignments?catalogId=${asked.id}`)) as Board
    expect(board.catalog.id).toBe(asked.id)
  })

  it('the evidence page offers the catalogs of the year in progress first to a first link', async () => {
    // a coordinator links to the items of their unit: one of each ITA year
    for (const ita of itas)
      await assignItems(other.actor, {
        catalogId: ita.id,
        unitIds: [other.units[0].id],
        itemCodes: ['O1'],
        dueDate: '2026-03-31',
      })
    const coordinator = actorsOf(other).coordinator
    const evidence = await createTextEvidence(coordinator, { title: 'คำสั่งแต่งตั้ง', html: '<p>คำสั่ง</p>' })
    const page = (await load(
      '#app/routes/evidence.$evidenceId',
      `/evidence/${evidence.id}`,
      { evidenceId: evidence.id },
      await sessionCookie(other.organization.id, other.people.coordinator.id),
    )) as { targets: { group: string; items: { label: string }[] }[] }
    const years = page.targets.map((g) => Number(g.items[0].label.split(' · ')[0]))
    expect(years).toContain(today + 1)
    // this year's catalogs, then the others newest first
    expect(years).toEqual([
      ...years.filter((y) => y === today),
      ...years.filter((y) => y !== today).sort((a, b) => b - a),
    ])
    expect(years[0]).toBe(today)
  })
})
