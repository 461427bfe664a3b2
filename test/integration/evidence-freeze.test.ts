/**
 * Changing evidence that items depend on, through the routes' actions (real FerretDB and S3
 * gateway, real sessions): a coordinator changes only evidence whose linked items are all their
 * units'; evidence in a submitted or approved item's answer is frozen until the item is returned;
 * refusals come back as action data next to the control (the page and its menu stay). Evidence
 * links to KPI, plan and measures elements as to ITA criteria, and those items can be submitted.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '#evidence/storage/storage.server'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import { receiveEvidenceUpload } from '#evidence/uploads/upload.server'
import type { Actor } from '#models/tenancy/audit.server'
import { createTextEvidence, getEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { approveItem, getItemReview, returnItem } from '#models/work/review.server'
import { addPerson, type Person } from '#models/tenancy/user.server'
import { minimalPdf, multipartRequest } from '#test/support/evidence-files'
import type { TestOrg } from '#test/support/fixtures'
import { actorOf, actorsOf, type Handler, provide, publishAndAssign, release, sessionCookie } from '#test/support/kit'

type Route = { action: Handler; loader?: Handler }

let storage: Storage
let org: TestOrg
let ita: string
let evidencePage: Route
let itemPage: Route
let uploadRoute: Route
const cookies = new Map<string, string>()
let finance: { person: Person; actor: Actor }
let pr: { person: Person; actor: Actor }
let assessor: Actor

beforeAll(async () => {
  // the routes read their configuration from the environment; the connection made here is reused
  // the upload route stores into the bucket of the environment: this test's own
  ;({ org, storage } = await provide({ org: 'freeze', bucket: true, env: true }))
  // O1 is the finance unit's (the fixture's coordinator), O2 the PR unit's
  ita = (
    await publishAndAssign(
      org,
      'ita-nacc-2569',
      { itemCodes: ['O1'] },
      { itemCodes: ['O2'], unitIds: [org.units[1].id] },
    )
  ).id
  const prPerson = await addPerson(org.actor, {
    email: `pr-${org.people.coordinator.email}`,
    nameTh: 'ผู้ประสาน ประชาสัมพันธ์',
    role: 'coordinator',
    unitIds: [org.units[1].id],
  })
  finance = { person: org.people.coordinator, actor: actorOf(org, org.people.coordinator) }
  pr = { person: prPerson, actor: actorOf(org, prPerson) }
  assessor = actorsOf(org).assessor
  for (const p of [finance.person, pr.person]) cookies.set(p.id, await sessionCookie(org.organization.id, p.id))
  evidencePage = (await import('#app/routes/evidence.$evidenceId')) as unknown as Route
  itemPage = (await import('#app/routes/items.$catalogId.$itemCode')) as unknown as Route
  uploadRoute = (await import('#app/routes/evidence.upload')) as unknown as Route
})
afterAll(release)

/** Posts a form as the person; tells whether the action answered (page kept) or threw (error page). */
async function post(
  route: Route,
  who: Person,
  params: Record<string, string>,
  form: Record<string, string>,
  url = 'http://localhost/form',
) {
  const request = new Request(url, {
    method: 'POST',
    headers: { Cookie: cookies.get(who.id)! },
    body: new URLSearchParams(form),
  })
  try {
    const response = await route.action({ request, params, context: {} })
    return {
      thrown: false,
      status: response.status,
      data: response.headers.get('Content-Type')?.includes('json')
        ? ((await response.json()) as Record<string, any>)
        : null,
    }
  } catch (error) {
    if (!(error instanceof Response)) throw error
    return { thrown: true, status: error.status, data: null }
  }
}

async function load(route: Route, who: Person, params: Record<string, string>) {
  const response = await route.loader!({
    request: new Request('http://localhost/page', { headers: { Cookie: cookies.get(who.id)! } }),
    params,
    context: {},
  })
  return (await response.json()) as Record<string, any>
}

const onEvidence = (who: Person, evidenceId: string, form: Record<string, string>) =>
  post(evidencePage, who, { evidenceId }, form)
const onItem = (who: Person, catalogId: string, itemCode: string, form: Record<string, string>) =>
  post(itemPage, who, { catalogId, itemCode }, form)

async function uploadPdf(who: Actor, text: string, replaceEvidenceId?: string, membership?: Person['membership']) {
  const request = multipartRequest('http://localhost/evidence/upload', `${text}.pdf`, minimalPdf(text))
  return receiveEvidenceUpload(storage, who, request, {
    parse: parseMultipart,
    maxFileBytes: 1 << 20,
    replaceEvidenceId,
    membership,
  })
}

async function replaceThroughRoute(who: Person, evidenceId: string, text: string) {
  const request = multipartRequest(
    `http://localhost/evidence/upload?replace=${evidenceId}`,
    `${text}.pdf`,
    minimalPdf(text),
    { headers: { Cookie: cookies.get(who.id)! } },
  )
  const response = await uploadRoute.action({ request, params: {}, context: {} })
  return { status: response.status, data: (await response.json()) as Record<string, any> }
}

async function text(who: Actor, title: string) {
  return (await createTextEvidence(who, { title, html: `<p>${title}</p>` })).id
}

const link = (who: Actor, evidenceId: string, catalogId: string, itemCode: string, elementId: string) =>
  linkEvidence(who, evidenceId, { catalogId, itemCode, elementId }, { resolveTarget: resolveOrganizationTarget })

describe('changing evidence that other units’ items depend on', () => {
  let shared: string
  let file: string

  it('is refused to a coordinator of another unit, next to the control, and nothing changes', async () => {
    shared = await text(finance.actor, 'คำสั่งแต่งตั้ง กองคลัง')
    await link(finance.actor, shared, ita, 'O1', 'e1')
    const uploaded = await uploadPdf(finance.actor, 'โครงสร้าง กองคลัง')
    if (!uploaded.ok) throw new Error(uploaded.reason)
    file = uploaded.evidence.id
    await link(finance.actor, file, ita, 'O1', 'e2')
    const before = {
      shared: await getEvidence(org.organization.id, shared),
      file: await getEvidence(org.organization.id, file),
    }

    const attempts: [string, Record<string, string>, string][] = [
      [shared, { intent: 'unlink', target: `${ita}|O1|e1` }, `unlink.${ita}|O1|e1`],
      [shared, { intent: 'metadata', title: 'แก้โดยหน่วยอื่น' }, 'metadata'],
      [shared, { intent: 'text', html: '<p>แก้โดยหน่วยอื่น</p>' }, 'html'],
      [shared, { intent: 'delete' }, 'delete'],
      [file, { intent: 'delete' }, 'delete'],
    ]
    for (const [id, form, control] of attempts) {
      const answer = await onEvidence(pr.person, id, form)
      expect(answer).toMatchObject({ thrown: false, status: 403 })
      expect(answer.data!.fieldErrors[control]).toMatch(
        /ไม่มีสิทธิ์.*ข้อ O1 ".+".*ไม่ได้มอบหมายให้หน่วยของท่าน \/ you may not .* O1 /,
      )
    }
    // a new version, through the upload route and through the upload itself: refused when the
    // version is written (a check made earlier could pass before the evidence is linked further)
    const replaced = await replaceThroughRoute(pr.person, file, 'แทนที่โดยหน่วยอื่น')
    expect(replaced.status).toBe(403)
    expect(replaced.data).toMatchObject({ ok: false, reason: expect.stringMatching(/แทนที่ไฟล์ของหลักฐานนี้.*ข้อ O1/) })
    const direct = await uploadPdf(pr.actor, 'แทนที่โดยหน่วยอื่น', file, pr.person.membership)
    expect(direct).toMatchObject({ ok: false, status: 403, reason: expect.stringMatching(/แทนที่ไฟล์ของหลักฐานนี้.*ข้อ O1/) })

    expect(await getEvidence(org.organization.id, shared)).toEqual(before.shared)
    expect(await getEvidence(org.organization.id, file)).toEqual(before.file)
    // the unit whose item it is still may
    expect(await onEvidence(finance.person, shared, { intent: 'metadata', title: 'คำสั่งแต่งตั้งคณะทำงาน' })).toMatchObject({
      thrown: false,
      status: 200,
    })
    expect((await getEvidence(org.organization.id, shared))!.title).toBe('คำสั่งแต่งตั้งคณะทำงาน')
  })

  it(
    'offers only the coordinator’s own items in the picker, and answers another unit’s element next to the ' + 'picker',
    async () => {
      const mine = await text(pr.actor, 'ข่าวประชาสัมพันธ์')
      const page = await load(evidencePage, pr.person, { evidenceId: mine })
      const offered: string[] = page.targets.flatMap((g: { items: { value: string }[] }) => g.items.map((i) => i.value))
      expect(offered.length).toBeGreaterThan(0)
      expect(new Set(offered.map((v) => v.split('|')[1]))).toEqual(new Set(['O2']))

      const refused = await onEvidence(pr.person, mine, { intent: 'link', target: `${ita}|O1|e1` })
      expect(refused).toMatchObject({ thrown: false, status: 403 })
      expect(refused.data!.fieldErrors.target).toMatch(/ไม่ได้รับมอบหมายให้หน่วยของท่าน/)
      expect((await getEvidence(org.organization.id, mine))!.links).toEqual([])
      // the item page answers in place too
      const submit = await onItem(pr.person, ita, 'O1', { intent: 'submit' })
      expect(submit).toMatchObject({ thrown: false, status: 403 })
      expect(submit.data!.fieldErrors.submit).toMatch(/ไม่มีสิทธิ์/)
    },
  )

  it('freezes evidence in a submitted item’s answer, even for its own unit, until the item is returned', async () => {
    await link(finance.actor, await text(finance.actor, 'อำนาจหน้าที่'), ita, 'O1', 'e3')
    await link(finance.actor, await text(finance.actor, 'ลิงก์เว็บไซต์'), ita, 'O1', 'link')
    expect(await onItem(finance.person, ita, 'O1', { intent: 'submit' })).toMatchObject({
      thrown: false,
      status: 200,
      data: { done: 'submit' },
    })
    const title = (await getItemReview(org.organization.id, ita, 'O1'))!.titleTh
    const before = {
      shared: await getEvidence(org.organization.id, shared),
      file: await getEvidence(org.organization.id, file),
    }
    const names = new RegExp(`ข้อ O1 "${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}".*ส่งตรวจแล้ว.*ส่งกลับ`)

    for (const [id, form, control] of [
      [shared, { intent: 'delete' }, 'delete'],
      [file, { intent: 'unlink', target: `${ita}|O1|e2` }, `unlink.${ita}|O1|e2`],
      [shared, { intent: 'metadata', title: 'เปลี่ยนหลังส่งตรวจ' }, 'metadata'],
    ] as const) {
      const answer = await onEvidence(finance.person, id, form)
      expect(answer).toMatchObject({ thrown: false, status: 409 })
      expect(answer.data!.fieldErrors[control]).toMatch(names)
    }
    // a new version, through the route and through the upload itself
    const viaRoute = await replaceThroughRoute(finance.person, file, 'ฉบับแก้หลังส่งตรวจ')
    expect(viaRoute).toMatchObject({ status: 409, data: { ok: false, reason: expect.stringMatching(names) } })
    const direct = await uploadPdf(finance.actor, 'ฉบับแก้หลังส่งตรวจ', file)
    expect(direct).toMatchObject({ ok: false, status: 409, reason: expect.stringMatching(names) })
    expect(await getEvidence(org.organization.id, shared)).toEqual(before.shared)
    expect(await getEvidence(org.organization.id, file)).toEqual(before.file)
    expect(
      (await getItemReview(org.organization.id, ita, 'O1'))!.elements.map((e) => [e.id, e.evidence.length]),
    ).toEqual([
      ['e1', 1],
      ['e2', 1],
      ['e3', 1],
      ['link', 1],
    ])

    // returned: the unit may change it again
    await returnItem(assessor, ita, 'O1', { comment: 'แผนผังไม่เป็นปัจจุบัน' })
    const replaced = await uploadPdf(finance.actor, 'โครงสร้าง ฉบับแก้', file)
    expect(replaced).toMatchObject({ ok: true, evidence: { version: 2 } })
    expect(
      await onEvidence(finance.person, shared, { intent: 'metadata', title: 'คำสั่งแต่งตั้ง ฉบับปรับปรุง' }),
    ).toMatchObject({ status: 200 })
  })

  it('keeps the evidence of an approved answer out of the bin', async () => {
    expect(await onItem(finance.person, ita, 'O1', { intent: 'submit' })).toMatchObject({ status: 200 })
    const ticks = (await getItemReview(org.organization.id, ita, 'O1'))!.elements.map((e) => ({
      elementId: e.id,
      ticked: true,
    }))
    await approveItem(assessor, ita, 'O1', { ticks })
    const answer = await onEvidence(finance.person, file, { intent: 'delete' })
    expect(answer).toMatchObject({ thrown: false, status: 409 })
    expect(answer.data!.fieldErrors.delete).toMatch(/ข้อ O1 ".+".*อนุมัติแล้ว/)
    expect((await getEvidence(org.organization.id, file))!.deletedAt).toBeNull()
    // the page says so before anyone tries, and offers no delete
    const page = await load(evidencePage, finance.person, { evidenceId: file })
    expect(page.frozen).toEqual([expect.objectContaining({ itemCode: 'O1', frozen: 'approved' })])
  })
})

describe('KPI, plan and measures elements', () => {
  it('take evidence from the evidence page like ITA criteria, and their items can be submitted', async () => {
    const cases: { builtIn: string; itemCode: string }[] = [
      { builtIn: 'kpi-agreement-integrity-template', itemCode: '7.2' },
      { builtIn: 'integrity-policy-plan', itemCode: '1/1.1' },
      { builtIn: 'improvement-measures-template', itemCode: '1/1' },
    ]
    for (const { builtIn, itemCode } of cases) {
      const catalog = await publishAndAssign(org, builtIn, { itemCodes: [itemCode] })
      const elements = (await getItemReview(org.organization.id, catalog.id, itemCode))!.elements
      expect(elements.length).toBeGreaterThan(0)
      for (const e of elements) {
        for (let n = 0; n < e.minCount; n++) {
          const id = await text(finance.actor, `${itemCode} ${e.id} ${n + 1}`)
          const value = `${catalog.id}|${itemCode}|${e.id}`
          // the picker offers the element, and the link is made
          const offered: string[] = (await load(evidencePage, finance.person, { evidenceId: id })).targets.flatMap(
            (g: { items: { value: string }[] }) => g.items.map((i) => i.value),
          )
          expect(offered).toContain(value)
          expect(await onEvidence(finance.person, id, { intent: 'link', target: value })).toMatchObject({
            thrown: false,
            status: 200,
            data: { saved: true },
          })
        }
      }
      expect(await onItem(finance.person, catalog.id, itemCode, { intent: 'submit' })).toMatchObject({
        thrown: false,
        status: 200,
        data: { done: 'submit' },
      })
      expect((await getItemReview(org.organization.id, catalog.id, itemCode))!.status).toBe('submitted')
    }
  })
})
