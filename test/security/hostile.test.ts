/**
 * Replays the hostile corpus (corpus.ts) against the running app of the e2e set-up: for every
 * case, the named refusal (status and a Thai or English fragment of the message), and every
 * collection of the database and every object of the bucket unchanged (state.ts), apart from
 * what the case names with its reason. One organization (A) with its four roles signed in once,
 * and a second (B) whose ids A must not reach.
 */
import { appendFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import mongoose from 'mongoose'
import { parseConfig } from '#app/config.server'
import { createStorage, type Storage } from '#evidence/storage/storage.server'
import { issueLink } from '#models/tenancy/auth.server'
import { startFromBuiltIn } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import type { ItaCatalog } from '#models/catalog/schema'
import { assignItems } from '#models/work/assignment.server'
import { createLinkEvidence, createTextEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { getItemReview, submitItem } from '#models/work/review.server'
import type { Role } from '#models/tenancy/permissions'
import { surveyIndicators } from '#models/reporting/survey.server'
import { addPerson, setPassword } from '#models/tenancy/user.server'
import { useE2eDatabase, signInCookie } from '#test/support/e2e-db'
import { minimalPdf } from '#test/support/evidence-files'
import { createTestOrg, TEST_PASSWORD } from '#test/support/fixtures'
import { CORPUS, sameSite, type Ctx, type HostileCase } from './corpus'
import { multipartBody, send, startTrap } from './http'
import { changedParts, EXCLUDED_COLLECTIONS, readState, type State } from './state'

const baseUrl = inject('baseUrl')

/** The app runs package jobs in the background: wait until none of an earlier test file is still writing. */
async function packageJobsSettled() {
  const jobs = mongoose.connection.db!.collection('package_jobs')
  for (let i = 0; i < 300; i++) {
    if ((await jobs.countDocuments({ status: { $in: ['queued', 'running'] } })) === 0) return
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error('package jobs of earlier tests are still running')
}

let disconnect: () => Promise<void>
let trap: Awaited<ReturnType<typeof startTrap>>
let storage: Storage
let ctx: Ctx
let state: State
const timing = { hashes: 0, hashMs: 0, cases: 0, startedAt: 0 }

async function measuredState(): Promise<State> {
  const t = performance.now()
  const s = await readState(storage)
  timing.hashMs += performance.now() - t
  timing.hashes++
  return s
}

beforeAll(async () => {
  timing.startedAt = performance.now()
  disconnect = await useE2eDatabase()
  const services = inject('services')
  storage = createStorage({ ...services.s3, bucket: 'e2e-evidence', forcePathStyle: true })
  trap = await startTrap()

  const a = await createTestOrg('sec')
  const b = await createTestOrg('sec-b')
  const coordinatorA = { ...a.actor, userId: a.people.coordinator.id }
  const catalogA = await startFromBuiltIn(a.actor, 'ita-nacc-2569')
  await publishCatalog(a.actor, catalogA.id)
  const catalogB = await startFromBuiltIn(b.actor, 'ita-nacc-2569')
  const textA = await createTextEvidence(coordinatorA, { title: 'คำอธิบายของหน่วยงาน ก', html: '<p>หลักฐาน</p>' })
  const textB = await createTextEvidence(
    { ...b.actor, userId: b.people.coordinator.id },
    { title: 'คำอธิบายของหน่วยงาน ข', html: '<p>หลักฐาน</p>' },
  )
  // links stored as if private addresses were allowed then (an operator's earlier setting): a later check must still
  // refuse them
  const trapLinkA = await createLinkEvidence(
    coordinatorA,
    { url: `http://127.0.0.1:${trap.port}/page` },
    { allowPrivate: true, domains: [] },
  )
  const redirectLinkA = await createLinkEvidence(
    coordinatorA,
    { url: `http://localhost:${trap.port}/moved` },
    { allowPrivate: true, domains: [] },
  )
  const { token: resetToken } = await issueLink('reset', a.people.executive.id, a.organization.id, 'security test')

  const throttleVictims = []
  for (const n of [1, 2]) {
    const email = `throttle-${n}-${a.organization.code}@sec.saisaat.test`
    const person = await addPerson(a.actor, { email, nameTh: `บัญชีทดสอบ ${n}`, role: 'executive', unitIds: [] })
    await setPassword(a.actor, person.id, TEST_PASSWORD)
    throttleVictims.push({ email, password: TEST_PASSWORD })
  }

  const cookies = Object.fromEntries(
    await Promise.all((Object.keys(a.people) as Role[]).map(async (r) => [r, await signInCookie(a.people[r].email)])),
  ) as Record<Role, string>
  const otherAdmin = await signInCookie(b.people.admin.email)

  // a real file of A, uploaded through the app (the Range cases read it)
  const pdf = minimalPdf('security fixture')
  const { body, contentType } = multipartBody([
    { name: 'file', filename: 'fixture.pdf', data: pdf, type: 'application/pdf' },
  ])
  const uploaded = await send(baseUrl, {
    method: 'POST',
    path: '/evidence/upload',
    headers: { 'Content-Type': contentType, Origin: baseUrl, Cookie: cookies.coordinator },
    body,
  })
  if (uploaded.status !== 201) throw new Error(`fixture upload: ${uploaded.status} ${uploaded.text}`)
  const fileA = (JSON.parse(uploaded.text) as { evidence: { id: string } }).evidence.id

  // item O1 submitted by the coordinator's unit, with fileA on element e2 and texts on the others: its answer is frozen
  await assignItems(a.actor, {
    catalogId: catalogA.id,
    itemCodes: ['O1'],
    unitIds: [a.units[0].id],
    dueDate: '2026-03-31',
  })
  let frozenText = ''
  for (const element of (await getItemReview(a.organization.id, catalogA.id, 'O1'))!.elements) {
    const id =
      element.id === 'e2'
        ? fileA
        : (await createTextEvidence(coordinatorA, { title: `คำตอบ ${element.id}`, html: '<p>คำตอบ</p>' })).id
    await linkEvidence(
      coordinatorA,
      id,
      { catalogId: catalogA.id, itemCode: 'O1', elementId: element.id },
      { resolveTarget: resolveOrganizationTarget },
    )
    if (id !== fileA) frozenText ||= id
  }
  await submitItem(coordinatorA, catalogA.id, 'O1')

  // the app's own rule for the per-address limit, read from the same environment the app was started with
  const perAddressLimit = parseConfig({
    ...process.env,
    MONGODB_URI: 'mongodb://127.0.0.1/x',
    S3_BUCKET: 'e2e-evidence',
  }).signInMaxFailuresPerAddress

  ctx = {
    baseUrl,
    cookies,
    otherAdmin,
    a,
    b,
    ids: {
      catalogA: catalogA.id,
      catalogB: catalogB.id,
      textA: textA.id,
      fileA,
      fileASize: pdf.length,
      textB: textB.id,
      unitB: b.units[0].id,
      trapLinkA: trapLinkA.id,
      redirectLinkA: redirectLinkA.id,
      resetToken,
      frozenText,
      surveyIndicators: surveyIndicators(catalogA.content as ItaCatalog).map((d) => d.number),
    },
    trap,
    perAddressLimit,
    throttleVictims,
  }
  await packageJobsSettled()
  state = await measuredState()
})

afterAll(async () => {
  const total = (performance.now() - timing.startedAt) / 1000
  console.log(
    `hostile corpus: ${timing.cases} cases in ${total.toFixed(1)} s; ${timing.hashes} state reads (database ` +
      `+ bucket), ${(timing.hashMs / Math.max(1, timing.hashes)).toFixed(0)} ms each; excluded collections: ` +
      `${Object.keys(EXCLUDED_COLLECTIONS).join(', ')}`,
  )
  await trap?.close()
  await disconnect?.()
})

/** The answer in one line, for failure messages: the form's message when the page carries one, else its text. */
function gist(text: string): string {
  const message = /"formError":"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? /"fieldErrors":(\{[^}]*\})/.exec(text)?.[1]
  if (message) return message.slice(0, 400)
  const body = /<body[\s\S]*$/.exec(text)?.[0] ?? text
  return body
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 400)
}

/**
 * Replays one case. After every request that may change something (any method but GET, or a case
 * that declares changes) the whole state is read and compared. GET cases skip the read to keep the
 * run short: a change they made would still show in the next comparison, and every area ends with
 * one (see 'changes nothing with its read-only requests').
 */
async function replay(c: HostileCase) {
  let failure: unknown
  let method = 'GET'
  try {
    const answer = await c.send(ctx)
    method = answer.method
    // SECURITY_CORPUS_DUMP=file writes every answer down, to review what each case really got
    if (process.env.SECURITY_CORPUS_DUMP)
      appendFileSync(process.env.SECURITY_CORPUS_DUMP, `${c.name}\t${answer.status}\t${gist(answer.text)}\n`)
    const statuses = [c.status].flat()
    expect(statuses, `answered ${answer.status}: ${gist(answer.text)}`).toContain(answer.status)
    if (c.message) expect(answer.text, `answer without the named rule: ${gist(answer.text)}`).toMatch(c.message)
    if (c.sameOriginLocation)
      expect(sameSite(ctx, answer.headers.location), `Location: ${JSON.stringify(answer.headers.location)}`).toBe(true)
    await c.check?.(answer, ctx)
  } catch (error) {
    failure = error
  }
  timing.cases++
  if (method === 'GET' && !c.changes) {
    if (failure) throw failure
    return
  }
  // read the state even after a failed expectation, so that the next case starts from what is there now
  const after = await measuredState()
  const allowed = new Set([...(c.changes?.collections ?? []), ...(c.changes?.bucket ? ['bucket'] : [])])
  const changed = changedParts(state, after).filter((p) => !allowed.has(p))
  state = after
  if (failure) throw failure
  expect(changed, 'changed by a refused request').toEqual([])
}

describe('the hostile corpus', () => {
  it('the state check sees a change when there is one (control: a valid unit and a valid upload)', async () => {
    const unit = await send(baseUrl, {
      method: 'POST',
      path: '/admin/units',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl, Cookie: ctx.cookies.admin },
      body: new URLSearchParams({ nameTh: 'หน่วยควบคุมของชุดทดสอบ', kind: 'group' }).toString(),
    })
    expect(unit.status).toBe(200)
    const { body, contentType } = multipartBody([
      { name: 'file', filename: 'control.pdf', data: minimalPdf('control'), type: 'application/pdf' },
    ])
    const upload = await send(baseUrl, {
      method: 'POST',
      path: '/evidence/upload',
      headers: { 'Content-Type': contentType, Origin: baseUrl, Cookie: ctx.cookies.coordinator },
      body,
    })
    expect(upload.status).toBe(201)
    const after = await measuredState()
    expect(changedParts(state, after)).toEqual(expect.arrayContaining(['units', 'audit_events', 'evidence', 'bucket']))
    state = after
  })

  it('has at least 150 cases, each named once', () => {
    const names = CORPUS.flatMap((g) => g.cases.map((c) => `${g.area}: ${c.name}`))
    expect(names.length).toBeGreaterThanOrEqual(150)
    expect(new Set(names).size).toBe(names.length)
  })
  for (const { area, cases } of CORPUS) {
    describe(area, () => {
      for (const c of cases) it(c.name, () => replay(c))
      it(`changes nothing with its read-only requests (${area})`, async () => {
        const after = await measuredState()
        const changed = changedParts(state, after)
        state = after
        expect(changed).toEqual([])
      })
    })
  }
})
