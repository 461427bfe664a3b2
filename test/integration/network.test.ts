/**
 * The network view against the real services: a province with two agencies beneath it and one beneath the first.
 * Its executive sees every descendant with the numbers of that agency's own dashboard (and its Excel and PDF carry
 * the same), never an unrelated agency, never a child's evidence; a child sees only what is beneath itself; every
 * read lands in the child's audit trail; and a child's change rebuilds that child's summary only.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { setOrganizationParent } from '#models/tenancy/operator.server'
import { getItaDashboard } from '#models/reporting/projection.server'
import { getCompleteness, parseCompletenessFilters } from '#models/reporting/completeness.server'
import { figuresOf, type NetworkView } from '#models/reporting/network.server'
import { getItemReview } from '#models/work/review.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import {
  actorsOf,
  giveEvidence,
  type Handler,
  provide,
  publishAndAssign,
  release,
  sessionCookie,
  submitAndApprove,
} from '#test/support/kit'

const CLI = { userId: null, userName: 'test operator' }
const YEAR = 2570
let province: TestOrg, childA: TestOrg, childB: TestOrg, grandchild: TestOrg, outsider: TestOrg
let evidenceId: string
let routes: Record<'network' | 'child' | 'xlsx' | 'pdf' | 'file', Handler>

const get = (handler: Handler, url: string, cookie: string, params: Record<string, string> = {}) =>
  handler({
    request: new Request(`http://127.0.0.1${url}`, { headers: { Cookie: cookie } }),
    params,
    context: {},
  }).catch((thrown: unknown) => {
    if (thrown instanceof Response) return thrown
    throw thrown
  })
const cookieOf = (org: TestOrg, role: 'admin' | 'executive' | 'assessor' | 'coordinator') =>
  sessionCookie(org.organization.id, org.people[role].id)
async function viewOf(org: TestOrg, query = ''): Promise<NetworkView> {
  const res = await get(routes.network, `/network?year=${YEAR}${query}`, await cookieOf(org, 'executive'))
  expect(res.status).toBe(200)
  return ((await res.json()) as { view: NetworkView }).view
}

beforeAll(async () => {
  ;({ org: province, other: outsider } = await provide({ org: 'province', other: 'outsider', bucket: true, env: true }))
  childA = await createTestOrg('child-a')
  childB = await createTestOrg('child-b')
  grandchild = await createTestOrg('grandchild')
  await setOrganizationParent(CLI, childA.organization.code, province.organization.code)
  await setOrganizationParent(CLI, childB.organization.code, province.organization.code)
  await setOrganizationParent(CLI, grandchild.organization.code, childA.organization.code)
  // A: every criterion assigned, two approved, one with evidence; grandchild: assigned, nothing done; B: no catalog
  const a = await publishAndAssign(childA, 'ita-nacc-2570', { itemCodes: ['O1', 'O2', 'O3', 'O4', 'O5'] })
  for (const code of ['O1', 'O2']) {
    const elements = (await getItemReview(childA.organization.id, a.id, code))!.elements
    await giveEvidence(
      actorsOf(childA).coordinator,
      a.id,
      code,
      elements.map((e) => e.id),
    )
    await submitAndApprove(childA, a.id, code)
  }
  const e3 = (await getItemReview(childA.organization.id, a.id, 'O3'))!.elements
  ;[evidenceId] = await giveEvidence(actorsOf(childA).coordinator, a.id, 'O3', [e3[0].id])
  await publishAndAssign(grandchild, 'ita-nacc-2570', { itemCodes: ['O1', 'O2'] })
  await publishAndAssign(outsider, 'ita-nacc-2570', { itemCodes: ['O1'] })
  routes = {
    network: (await import('#app/routes/network._index')).loader as unknown as Handler,
    child: (await import('#app/routes/network.$organizationId')).loader as unknown as Handler,
    xlsx: (await import('#app/routes/network[.xlsx]')).loader as unknown as Handler,
    pdf: (await import('#app/routes/network[.pdf]')).loader as unknown as Handler,
    file: (await import('#app/routes/evidence.$evidenceId.file')).loader as unknown as Handler,
  }
}, 240_000)
afterAll(release)

describe('the network of a province', () => {
  it("shows every descendant with the numbers of that agency's own dashboard, and no one else", async () => {
    const view = await viewOf(province)
    const ids = view.rows.map((r) => r.id).sort()
    expect(ids).toEqual([childA, childB, grandchild].map((o) => o.organization.id).sort())
    expect(ids).not.toContain(outsider.organization.id)
    for (const row of view.rows) {
      const own = await getItaDashboard(row.id, YEAR)
      const p = own.current?.projection ?? null
      expect(row.figures.totals, row.code).toEqual(
        p
          ? {
              approvedOnly: p.approvedOnly.total,
              ifSubmittedApproved: p.ifSubmittedApproved.total,
              ifOverdueDelivered: p.ifOverdueDelivered.total,
            }
          : null,
      )
      expect(row.band?.code ?? null).toBe(p?.approvedOnly.band.code ?? null)
      expect(row.figures.tools).toEqual(p ? p.approvedOnly.tools.map((t) => ({ code: t.code, score: t.score })) : [])
      expect(row.figures.overdue).toBe(own.current?.criteria.filter((c) => c.overdue).length ?? 0)
      if (own.current) {
        const c = await getCompleteness(
          row.id,
          parseCompletenessFilters(new URLSearchParams({ catalog: own.current.catalog.id })),
        )
        expect(row.figures.approvedPct).toBe(c!.overall.approvedPct)
        expect(row.figures.evidencePct).toBe(c!.overall.evidencePct)
      }
    }
    const a = view.rows.find((r) => r.id === childA.organization.id)!
    expect(a.figures.approved).toBe(2)
    expect(view.rows.find((r) => r.id === childB.organization.id)!.figures.state).toBe('no-catalog')
    // the distribution counts every scored row once per scenario
    for (const s of ['approvedOnly', 'ifSubmittedApproved', 'ifOverdueDelivered'] as const)
      expect(Object.values(view.distribution.counts[s]).reduce((x, y) => x + y, 0)).toBe(2)
    expect(view.distribution.unscored).toBe(1)
    // the grandchild approved nothing: O1 fails in 1 of the 2 scored agencies, O3 in both that hold it
    expect(view.failing.find((f) => f.code === 'O1')).toMatchObject({ notApproved: 1, of: 2 })
    // nothing started in B and the grandchild; no person changed anything in B
    expect(view.attention.map((r) => r.id)).toContain(childB.organization.id)
  })

  it('sorts by projected total and filters by sub-network and rating through the query string', async () => {
    const byTotal = await viewOf(province, '&sort=total&dir=desc')
    const totals = byTotal.rows.map((r) => r.total ?? -1)
    expect(totals).toEqual([...totals].sort((x, y) => y - x))
    const branch = await viewOf(province, `&branch=${childA.organization.id}`)
    expect(branch.rows.map((r) => r.id).sort()).toEqual([childA, grandchild].map((o) => o.organization.id).sort())
    const none = await viewOf(province, '&band=none')
    expect(none.rows.map((r) => r.id)).toEqual([childB.organization.id])
    const bad = await get(routes.network, '/network?sort=colour', await cookieOf(province, 'executive'))
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { formError: string }).formError).toContain('sort: must be one of')
  })

  it("records each read in every child's trail", async () => {
    const before = (await listAuditEvents(childB.organization.id, { action: 'network.read' })).total
    await viewOf(province)
    const after = await listAuditEvents(childB.organization.id, { action: 'network.read' })
    expect(after.total).toBe(before + 1)
    expect(after.events[0]).toMatchObject({ actorId: province.people.executive.id, targetId: province.organization.id })
    const res = await get(routes.child, `/network/${grandchild.organization.id}`, await cookieOf(province, 'admin'), {
      organizationId: grandchild.organization.id,
    })
    expect(res.status).toBe(200)
    expect((await listAuditEvents(grandchild.organization.id, { action: 'network.dashboard' })).total).toBe(1)
  })

  it("refuses a child's evidence, a non-descendant's dashboard, and roles other than admin and executive", async () => {
    const exec = await cookieOf(province, 'executive')
    expect((await get(routes.file, `/evidence/${evidenceId}/file`, exec, { evidenceId })).status).toBe(404)
    for (const id of [outsider.organization.id, province.organization.id, 'x'])
      expect((await get(routes.child, `/network/${id}`, exec, { organizationId: id })).status).toBe(404)
    for (const role of ['assessor', 'coordinator'] as const)
      expect((await get(routes.network, '/network', await cookieOf(province, role))).status).toBe(404)
  })

  it('shows a child only what is beneath it: never its siblings or its parent', async () => {
    expect((await get(routes.network, '/network', await cookieOf(childB, 'admin'))).status).toBe(404)
    const view = await viewOf(childA)
    expect(view.rows.map((r) => r.id)).toEqual([grandchild.organization.id])
    const admin = await cookieOf(childA, 'admin')
    for (const id of [childB.organization.id, province.organization.id])
      expect((await get(routes.child, `/network/${id}`, admin, { organizationId: id })).status).toBe(404)
  })

  it("rebuilds a child's summary after its change only, and shows the new numbers", async () => {
    const ids = [childA, childB, grandchild].map((o) => o.organization.id)
    await figuresOf(ids, YEAR)
    expect((await figuresOf(ids, YEAR)).rebuilt).toBe(0)
    const g = await getItemReview(
      grandchild.organization.id,
      (await getItaDashboard(grandchild.organization.id, YEAR)).current!.catalog.id,
      'O1',
    )
    const catalogId = (await getItaDashboard(grandchild.organization.id, YEAR)).current!.catalog.id
    await giveEvidence(
      actorsOf(grandchild).coordinator,
      catalogId,
      'O1',
      g!.elements.map((e) => e.id),
    )
    await submitAndApprove(grandchild, catalogId, 'O1')
    const after = await figuresOf(ids, YEAR)
    expect(after.rebuilt).toBe(1)
    expect(after.figures.get(grandchild.organization.id)!.approved).toBe(1)
    const view = await viewOf(province)
    const row = view.rows.find((r) => r.id === grandchild.organization.id)!
    expect(row.figures.totals!.approvedOnly).toBe(
      (await getItaDashboard(grandchild.organization.id, YEAR)).current!.projection.approvedOnly.total,
    )
    expect(row.lastActivity).not.toBeNull()
  })

  it('exports the same numbers as Excel, and a Thai PDF brief naming every agency', async () => {
    const exec = await cookieOf(province, 'executive')
    const view = await viewOf(province, '&sort=total&dir=desc')
    const xlsx = await get(routes.xlsx, `/network.xlsx?year=${YEAR}&sort=total&dir=desc`, exec)
    expect(xlsx.status).toBe(200)
    const book = new ExcelJS.Workbook()
    await book.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ExcelJS.Buffer)
    const sheet = book.getWorksheet('หน่วยงาน')!
    expect(sheet.getRow(2).getCell(1).value).toBe('หน่วยงาน')
    const rows = view.rows.map((_, i) => sheet.getRow(3 + i))
    expect(rows.map((r) => r.getCell(1).value)).toEqual(view.rows.map((r) => r.name.th))
    expect(rows.map((r) => r.getCell(5).value ?? null)).toEqual(view.rows.map((r) => r.total))
    const pdf = await get(routes.pdf, `/network.pdf?year=${YEAR}`, exec)
    expect(pdf.status).toBe(200)
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'network-')), 'brief.pdf')
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()))
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ')
    for (const r of view.rows) expect(text.replace(/\s/g, '')).toContain(r.name.th.replace(/\s/g, ''))
    expect(text).toContain('การกระจายของระดับผลการประเมินที่คาดการณ์')
  }, 120_000)
})
