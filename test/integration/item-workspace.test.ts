/**
 * The item page as the coordinator's workspace, through the route modules (real FerretDB and S3 gateway, real
 * sessions): a file dropped on an element is uploaded and linked in one request (JSON for the uploader, a redirect
 * back for a plain form post), library evidence is linked several at once, a link and a text are added inline,
 * evidence is unlinked and reordered; an element of an item not assigned to the person's units is refused with 403
 * beside its controls and nothing is linked or stored; bad input names the field; submitting with a gap in the
 * period grid needs a confirmation, which is audited. The library picker filters by words, issuing unit and date,
 * names each result's date and unit, and never offers another organization's evidence.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3'
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { listAuditEvents } from '#models/tenancy/audit.server'
import {
  createTextEvidence,
  deleteEvidence,
  getEvidence,
  listEvidence,
  restoreEvidence,
  updateEvidenceMetadata,
} from '#models/evidence/records.server'
import { formatDate } from '#models/dates'
import { getStorage } from '#app/services.server'
import { newObjectKey } from '#evidence/storage/keys'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import { receiveEvidenceUpload } from '#evidence/uploads/upload.server'
import { resolveOrganizationTarget as resolveTarget } from '#models/evidence/targets.server'
import { getItemReview } from '#models/work/review.server'
import { isGridRule } from '#models/evidence/coverage'
import { addPerson, type Person } from '#models/tenancy/user.server'
import { minimalPdf, multipartRequest } from '#test/support/evidence-files'
import type { TestOrg } from '#test/support/fixtures'
import { actorOf, type Handler, provide, publishAndAssign, release, sessionCookie } from '#test/support/kit'

type Route = { action: Handler; loader?: Handler }

let org: TestOrg
let other: TestOrg
let ita: string
let itemPage: Route
let uploadRoute: Route
let pickerRoute: Required<Pick<Route, 'loader'>>
let finance: Person
let pr: Person
const cookies = new Map<string, string>()

beforeAll(async () => {
  // the inline link points at a loopback page, as the local demo's do
  ;({ org, other } = await provide({
    org: 'workspace',
    other: 'workspace-other',
    bucket: true,
    env: { EVIDENCE_LINK_ALLOW_PRIVATE: 'true' },
  }))
  // O12 and O11 are the finance unit's (the fixture's coordinator); O2 the PR unit's
  ita = (
    await publishAndAssign(
      org,
      'ita-nacc-2569',
      { itemCodes: ['O12', 'O11'] },
      { itemCodes: ['O2'], unitIds: [org.units[1].id] },
    )
  ).id
  finance = org.people.coordinator
  pr = await addPerson(org.actor, {
    email: `pr-${finance.email}`,
    nameTh: 'ผู้ประสาน ประชาสัมพันธ์',
    role: 'coordinator',
    unitIds: [org.units[1].id],
  })
  for (const p of [finance, pr]) cookies.set(p.id, await sessionCookie(org.organization.id, p.id))
  itemPage = (await import('#app/routes/items.$catalogId.$itemCode')) as unknown as Route
  uploadRoute = (await import('#app/routes/items.$catalogId.$itemCode_.upload')) as unknown as Route
  pickerRoute = (await import('#app/routes/items.$catalogId.$itemCode_.picker')) as unknown as typeof pickerRoute
})
afterAll(release)

/** Posts a form as the person; tells whether the action answered (page kept) or threw (error page). */
async function post(who: Person, itemCode: string, form: Record<string, string | string[]>) {
  const body = new URLSearchParams()
  for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one)
  const request = new Request('http://localhost/form', {
    method: 'POST',
    headers: { Cookie: cookies.get(who.id)! },
    body,
  })
  try {
    const response = await itemPage.action({ request, params: { catalogId: ita, itemCode }, context: {} })
    return { thrown: false, status: response.status, data: (await response.json()) as Record<string, any> }
  } catch (error) {
    if (!(error instanceof Response)) throw error
    return { thrown: true, status: error.status, data: null }
  }
}

async function upload(who: Person, itemCode: string, elementId: string, fileName: string, html = false) {
  const request = multipartRequest(
    `http://localhost/items/${ita}/${itemCode}/upload?element=${elementId}`,
    fileName,
    minimalPdf(fileName),
    { headers: { Cookie: cookies.get(who.id)!, Accept: html ? 'text/html,*/*' : '*/*' } },
  )
  return uploadRoute.action({ request, params: { catalogId: ita, itemCode }, context: {} })
}

const titlesOf = async (itemCode: string, elementId: string) =>
  (await getItemReview(org.organization.id, ita, itemCode))!.elements
    .find((e) => e.id === elementId)!
    .evidence.map((x) => x.title)
const libraryCount = async () => (await listEvidence(org.organization.id, {}, 1000)).length
const en = (message: string) => message.split(' / ').at(-1) ?? message

describe('reading the item page', () => {
  it("writes nothing, and keeps an item's links by key from its first link on", async () => {
    const kept = () => mongoose.connection.collection('evidence_item_links').countDocuments()
    const before = await kept()
    const request = new Request('http://localhost/page', { headers: { Cookie: cookies.get(finance.id)! } })
    const response = await itemPage.loader!({ request, params: { catalogId: ita, itemCode: 'O11' }, context: {} })
    expect(response.status).toBe(200)
    expect(await kept()).toBe(before)
    const e = await createTextEvidence(actorOf(org, finance), { title: 'แรก', html: '<p>x</p>' })
    await post(finance, 'O11', { intent: 'link-existing', elementId: 'e2', evidenceId: e.id })
    expect(await kept()).toBe(before + 1)
    await post(finance, 'O11', { intent: 'unlink', elementId: 'e2', evidenceId: e.id })
    expect(await titlesOf('O11', 'e2')).toEqual([])
  })
})

describe("an element's long list", () => {
  it('shows its first 25 evidence with the count of all, and all of them on asking', async () => {
    const item = (await getItemReview(org.organization.id, ita, 'O11'))!
    const element = item.elements.find((e) => !isGridRule(e.periodRule))!
    const made = []
    for (let i = 0; i < 27; i++)
      made.push(await createTextEvidence(actorOf(org, finance), { title: `คำสั่งที่ ${i + 1}`, html: '<p>x</p>' }))
    const linked = await post(finance, 'O11', {
      intent: 'link-existing',
      elementId: element.id,
      evidenceId: made.map((e) => e.id),
    })
    expect(linked.data).toMatchObject({ done: 'link-existing' })
    const page = async (query: string) => {
      const request = new Request(`http://localhost/page${query}`, { headers: { Cookie: cookies.get(finance.id)! } })
      const response = await itemPage.loader!({ request, params: { catalogId: ita, itemCode: 'O11' }, context: {} })
      type Shown = { id: string; evidence: unknown[]; evidenceTotal: number }
      const data = (await response.json()) as { item: { elements: Shown[] } }
      return data.item.elements.find((e) => e.id === element.id)!
    }
    const total = element.evidence.length + 27
    expect(await page('')).toMatchObject({ evidence: expect.any(Array), evidenceTotal: total })
    expect((await page('')).evidence).toHaveLength(25)
    expect((await page(`?all=${element.id}`)).evidence).toHaveLength(total)
    for (const e of made) await post(finance, 'O11', { intent: 'unlink', elementId: element.id, evidenceId: e.id })
    expect(await titlesOf('O11', element.id)).toHaveLength(element.evidence.length)
  })
})

describe('files dropped on an element', () => {
  it('uploads and links each file to the element in one request', async () => {
    const response = await upload(finance, 'O12', 'e2', 'สขร1-ตุลาคม-2568.pdf')
    expect(response.status).toBe(201)
    const answer = (await response.json()) as { ok: boolean; evidence: { id: string }; linked: string }
    expect(answer).toMatchObject({ ok: true, linked: 'e2' })
    expect(await titlesOf('O12', 'e2')).toContain('สขร1-ตุลาคม-2568')
    const links = (await getEvidence(org.organization.id, answer.evidence.id))!.links
    expect(links.map((l) => `${l.itemCode} ${l.elementId}`)).toEqual(['O12 e2'])
    // recorded linked, and audited as an upload and then a link (the trail lists the newest first)
    const trail = await listAuditEvents(org.organization.id, { targetId: answer.evidence.id })
    expect(trail.events.map((e) => e.action)).toEqual(['evidence.link', 'evidence.upload'])
  })

  it('records nothing and removes the file when its link is refused once the file is read', async () => {
    const storage = getStorage()
    const objects = async () =>
      (
        await storage.client.send(
          new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: newObjectKey(org.organization.id).slice(0, -36) }),
        )
      ).KeyCount ?? 0
    const [library, stored] = [await libraryCount(), await objects()]
    const request = multipartRequest('http://localhost/upload', 'late.pdf', minimalPdf('late'))
    const answer = await receiveEvidenceUpload(storage, actorOf(org, finance), request, {
      parse: parseMultipart,
      maxFileBytes: 1_000_000,
      // as when the item left the person's units between the page's check and the file's end
      link: { target: { catalogId: ita, itemCode: 'O12', elementId: 'e2' }, resolveTarget, mayLink: () => false },
    })
    expect(answer).toMatchObject({ ok: false, status: 403, fileName: 'late.pdf' })
    expect(await libraryCount()).toBe(library)
    expect(await objects()).toBe(stored)
    expect(await titlesOf('O12', 'e2')).not.toContain('late')
    const refused = await listAuditEvents(org.organization.id, { action: 'evidence.upload-refused' })
    expect(refused.events.map((e) => e.targetLabel)).toContain('late.pdf')
  })

  it('without JavaScript, a plain form post goes back to the item page with the file linked', async () => {
    const response = await upload(finance, 'O12', 'e2', 'สขร1-พฤศจิกายน-2568.pdf', true)
    expect(response.status).toBe(303)
    expect(response.headers.get('Location')).toMatch(new RegExp(`^/items/${ita}/O12\\?element=e2#element-e2$`))
    expect(await titlesOf('O12', 'e2')).toContain('สขร1-พฤศจิกายน-2568')
  })

  it('refuses an element of an item assigned to another unit: 403, nothing stored or linked', async () => {
    const before = await libraryCount()
    const response = await upload(finance, 'O2', 'e1', 'forced.pdf')
    expect(response.status).toBe(403)
    const answer = (await response.json()) as { ok: boolean; reason: string }
    expect(answer.ok).toBe(false)
    expect(en(answer.reason)).toContain('not of an item assigned to your units')
    expect(await libraryCount()).toBe(before)
    expect(await titlesOf('O2', 'e1')).toEqual([])
  })

  it('names an element that is not in the item', async () => {
    const response = await upload(finance, 'O12', 'e9', 'x.pdf')
    expect(response.status).toBe(400)
    expect(en(((await response.json()) as { reason: string }).reason)).toContain('element: not in this item')
  })
})

describe('inline link, text and library picks', () => {
  it('links several library items at once', async () => {
    const a = await createTextEvidence(actorOf(org, finance), { title: 'สรุป ธ.ค. 68', html: '<p>ธ.ค.</p>' })
    const b = await createTextEvidence(actorOf(org, finance), { title: 'สรุป ม.ค. 69', html: '<p>ม.ค.</p>' })
    const answer = await post(finance, 'O12', { intent: 'link-existing', elementId: 'e2', evidenceId: [a.id, b.id] })
    expect(answer).toMatchObject({ thrown: false, status: 200, data: { done: 'link-existing' } })
    expect(await titlesOf('O12', 'e2')).toEqual(expect.arrayContaining(['สรุป ธ.ค. 68', 'สรุป ม.ค. 69']))
  })

  it('a forced POST for an unassigned element gets 403 beside the element and links nothing', async () => {
    const e = await createTextEvidence(actorOf(org, finance), { title: 'ไม่ควรเชื่อม', html: '<p>x</p>' })
    const answer = await post(finance, 'O2', { intent: 'link-existing', elementId: 'e1', evidenceId: e.id })
    expect(answer.thrown).toBe(false) // the page and its menu stay
    expect(answer.status).toBe(403)
    expect(en(answer.data!.fieldErrors['element.e1'])).toContain('not of an item assigned to your units')
    expect((await getEvidence(org.organization.id, e.id))!.links).toEqual([])
    // the PR unit's coordinator may
    expect((await post(pr, 'O2', { intent: 'link-existing', elementId: 'e1', evidenceId: e.id })).status).toBe(200)
    expect(await titlesOf('O2', 'e1')).toEqual(['ไม่ควรเชื่อม'])
  })

  it('adds a link and a text inside the element', async () => {
    const link = await post(finance, 'O11', {
      intent: 'add-link',
      elementId: 'link',
      url: 'http://127.0.0.1:9/procurement',
      title: 'หน้าเผยแพร่',
    })
    expect(link, JSON.stringify(link.data)).toMatchObject({ status: 200, data: { done: 'add-link' } })
    const text = await post(finance, 'O11', {
      intent: 'add-text',
      elementId: 'e1',
      title: 'คำอธิบาย',
      text: 'บรรทัด <1>',
    })
    expect(text).toMatchObject({ status: 200, data: { done: 'add-text' } })
    const item = (await getItemReview(org.organization.id, ita, 'O11'))!
    expect(item.elements.find((e) => e.id === 'link')!.evidence.map((x) => x.url)).toEqual([
      'http://127.0.0.1:9/procurement',
    ])
    const added = item.elements.find((e) => e.id === 'e1')!.evidence[0]
    expect(added.html).toBe('<p>บรรทัด &lt;1&gt;</p>')
    // each recorded with its link, and audited as a creation and then a link (the trail lists the newest first)
    const trail = await listAuditEvents(org.organization.id, { targetId: added.id })
    expect(trail.events.map((e) => e.action)).toEqual(['evidence.link', 'evidence.create-text'])
  })

  it('names the field of bad input and changes nothing', async () => {
    const before = await libraryCount()
    const cases: [Record<string, string>, string, string][] = [
      [{ intent: 'add-link', elementId: 'link', url: '' }, 'element.link', 'link address: required'],
      [{ intent: 'add-link', elementId: 'link', url: 'ftp://example.org/x' }, 'element.link', 'http'],
      [{ intent: 'add-text', elementId: 'e1', title: 'ชื่อ', text: ' ' }, 'element.e1', 'text: required'],
      [{ intent: 'link-existing', elementId: 'e1' }, 'element.e1', 'library evidence: required'],
      [{ intent: 'add-text', elementId: 'nope', title: 'a', text: 'b' }, 'element.nope', 'element: not in this item'],
      [{ intent: 'unlink', elementId: 'e1', evidenceId: '0'.repeat(24) }, 'element.e1', 'not linked to this element'],
    ]
    for (const [form, field, rule] of cases) {
      const answer = await post(finance, 'O11', form)
      expect(answer.status, JSON.stringify(form)).toBe(400)
      expect(en(answer.data!.fieldErrors[field]).toLowerCase()).toContain(rule.toLowerCase())
    }
    expect(await libraryCount()).toBe(before)
  })
})

describe('the library picker', () => {
  interface Picked {
    results: { id: string; date: string; dated: boolean; unitName: string | null }[]
    units: { value: string }[]
  }
  const pick = async (query: string) => {
    const request = new Request(`http://localhost/items/${ita}/O12/picker?${query}`, {
      headers: { Cookie: cookies.get(finance.id)! },
    })
    const response = await pickerRoute.loader({ request, params: { catalogId: ita, itemCode: 'O12' }, context: {} })
    expect(response.status).toBe(200)
    return (await response.json()) as Picked
  }
  const ids = async (query: string) => (await pick(query)).results.map((r) => r.id).sort()

  it("filters by unit and date, shows each one's date and unit, offers nothing of another organization", async () => {
    const actor = actorOf(org, finance)
    const dated = async (title: string, documentDate: string, issuingUnitId: string) => {
      const e = await createTextEvidence(actor, { title, html: '<p>สรุปผลการจัดซื้อจัดจ้าง</p>' })
      await updateEvidenceMetadata(actor, e.id, { title, documentDate, issuingUnitId })
      return e.id
    }
    // monthly summaries of the same name: only their date and issuing unit tell them apart
    const december = await dated('สรุปผลการจัดซื้อจัดจ้าง', '2025-12-10', org.units[0].id)
    const january = await dated('สรุปผลการจัดซื้อจัดจ้าง', '2026-01-12', org.units[0].id)
    const januaryPr = await dated('สรุปผลการจัดซื้อจัดจ้าง', '2026-01-20', org.units[1].id)
    const stranger = await createTextEvidence(other.actor, {
      title: 'สรุปผลการจัดซื้อจัดจ้าง',
      html: '<p>สรุปผลการจัดซื้อจัดจ้าง</p>',
    })
    const words = 'q=สรุปผลการจัดซื้อจัดจ้าง'
    expect(await ids(words)).toEqual([december, january, januaryPr].sort())
    expect(await ids(`${words}&unit=${org.units[0].id}`)).toEqual([december, january].sort())
    expect(await ids(`${words}&from=2026-01-01&to=2026-01-31`)).toEqual([january, januaryPr].sort())
    expect(await ids(`${words}&unit=${org.units[0].id}&from=2026-01-01`)).toEqual([january])
    // without words, the same filters over the whole library
    expect(await ids(`unit=${org.units[1].id}&from=2026-01-01&to=2026-01-31`)).toEqual([januaryPr])
    expect(await ids(`to=2025-12-31&from=2025-12-01`)).toEqual([december])

    const shown = (await pick(`${words}&unit=${org.units[1].id}`)).results
    expect(shown).toMatchObject([{ id: januaryPr, dated: true, unitName: org.units[1].nameTh }])
    expect(formatDate(shown[0].date, 'en')).toBe(formatDate('2026-01-20T00:00:00+07:00', 'en'))

    // another organization's evidence and units are never offered, whatever the filters
    const all = await pick('')
    expect(all.results.map((r) => r.id)).not.toContain(stranger.id)
    expect(all.units.map((u) => u.value).sort()).toEqual(org.units.map((u) => u.id).sort())
    expect(await ids(`${words}&unit=${other.units[0].id}`)).toEqual([])
  })
})

describe('unlink and reorder', () => {
  it('moves an evidence up, keeps the order, and unlinks', async () => {
    const before = await titlesOf('O12', 'e2')
    const item = (await getItemReview(org.organization.id, ita, 'O12'))!
    const last = item.elements.find((e) => e.id === 'e2')!.evidence.at(-1)!
    expect(
      (await post(finance, 'O12', { intent: 'move', elementId: 'e2', evidenceId: last.id, direction: 'up' })).status,
    ).toBe(200)
    const moved = await titlesOf('O12', 'e2')
    expect(moved).toEqual([...before.slice(0, -2), before.at(-1), before.at(-2)])
    const events = await listAuditEvents(org.organization.id, { action: 'item.evidence-order' })
    expect(events.events.length).toBe(1)

    const unlinked = await post(finance, 'O12', { intent: 'unlink', elementId: 'e2', evidenceId: last.id })
    expect(unlinked).toMatchObject({ status: 200, data: { done: 'unlink' } })
    expect(await titlesOf('O12', 'e2')).toEqual(moved.filter((t) => t !== last.title))
    expect((await getEvidence(org.organization.id, last.id))!.deletedAt).toBeNull() // still in the library
  })

  it('puts evidence restored from the bin back in its place in the order', async () => {
    const item = (await getItemReview(org.organization.id, ita, 'O12'))!
    const [first, second] = item.elements.find((e) => e.id === 'e2')!.evidence
    // as the page's list form sends it: the element's field, and the button's fields as one value
    const row = new URLSearchParams({ intent: 'move', direction: 'up', evidenceId: second.id }).toString()
    expect((await post(finance, 'O12', { elementId: 'e2', row })).status).toBe(200)
    const ordered = await titlesOf('O12', 'e2')
    expect(ordered.slice(0, 2)).toEqual([second.title, first.title])
    await deleteEvidence(actorOf(org, finance), second.id, 30)
    expect(await titlesOf('O12', 'e2')).toEqual(ordered.slice(1))
    await restoreEvidence(org.actor, second.id)
    expect(await titlesOf('O12', 'e2')).toEqual(ordered)
  })
})

describe('submitting with a gap in the period grid', () => {
  it('asks for a confirmation, then records it', async () => {
    // O11 (first half of the year, one evidence each) has its text and link; e2 gets one month: gaps remain
    const october = await createTextEvidence(actorOf(org, finance), { title: 'สรุป ต.ค. 68', html: '<p>x</p>' })
    await post(finance, 'O11', { intent: 'link-existing', elementId: 'e2', evidenceId: october.id })
    const unconfirmed = await post(finance, 'O11', { intent: 'submit' })
    expect(unconfirmed.status).toBe(409)
    expect(en(unconfirmed.data!.fieldErrors.submit)).toContain('confirm')
    expect((await getItemReview(org.organization.id, ita, 'O11'))!.status).not.toBe('submitted')
    const confirmed = await post(finance, 'O11', { intent: 'submit', confirmGaps: 'on' })
    expect(confirmed).toMatchObject({ status: 200, data: { done: 'submit' } })
    const audit = await listAuditEvents(org.organization.id, { action: 'review.gaps-confirmed' })
    expect(audit.events.length).toBe(1)
    expect(audit.events[0].changes).toMatchObject({ gaps: { after: { e1: [1, 2, 3, 4, 5, 6], e2: [2, 3, 4, 5, 6] } } })

    // nothing joins a submitted item inline: refused beside the element, nothing linked
    const e = await createTextEvidence(actorOf(org, finance), { title: 'หลังส่งตรวจ', html: '<p>x</p>' })
    const late = await post(finance, 'O11', { intent: 'link-existing', elementId: 'e2', evidenceId: e.id })
    expect(late.status).toBe(409)
    expect(en(late.data!.fieldErrors['element.e2'])).toContain('submitted or approved')
    expect((await getEvidence(org.organization.id, e.id))!.links).toEqual([])
  })
})
