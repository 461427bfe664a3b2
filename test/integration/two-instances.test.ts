/**
 * Two app processes (production builds, as `npm start` runs them) on one database and one bucket, as behind a
 * load balancer: a session made on one works on the other, a file uploaded through one downloads through the other,
 * of two review decisions sent to both at once exactly one lands, a package is built by one runner and shown by
 * both, what an instance keeps of sessions, people and catalogs follows writes made elsewhere, and the background
 * jobs that both run (reminders every second here, evidence jobs) do each piece of work once. Then what operations
 * read: the JSON logs of both processes never hold a password, a session cookie or a one-time token, every request
 * has an id, and /metrics is refused without its token and lists route durations.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { ROOT, freePort } from '#scripts/services'
import {
  createLinkEvidence,
  createTextEvidence,
  deleteEvidence,
  getEvidence,
  updateEvidenceMetadata,
  updateEvidenceText,
} from '#models/evidence/records.server'
import { getPackageJob, listPackageJobs } from '#models/reporting/package-job.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { issuePasswordLink, setMembershipActive } from '#models/tenancy/user.server'
import { createNewVersion, removeDraft } from '#models/catalog/catalog.server'
import { getItemReview, submitItem } from '#models/work/review.server'
import { buildApp, runBuiltApp, type RunningApp } from '#test/support/app-server'
import { TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { actorsOf, giveEvidence, provide, publishAndAssign, release } from '#test/support/kit'
import { startSmtpSink, type SmtpSink } from '#test/support/smtp-sink'
import { minimalPdf } from '#test/support/evidence-files'

const ITEM_ROUTE = 'routes/items.$catalogId.$itemCode'
const METRICS_TOKEN = 'metrics-token-for-the-two-instance-test'
const NEW_PASSWORD = 'Lantern-Orchid-7351-river'
let buildDir: string
let apps: RunningApp[]
let sink: SmtpSink
let linkSite: Server
let org: TestOrg
let catalogId: string
// enough work that a run of the evidence jobs lasts longer than the second between runs: the runs of both
// instances overlap, and both meet the same pieces of work
const JOB_ITEMS = 12
const binnedIds: string[] = []
const linkIds: string[] = []
/** Secrets the logs must never show, added as the tests make them. */
const secrets = new Set<string>([TEST_PASSWORD])

/** The Bangkok calendar day `days` from now, as YYYY-MM-DD. */
const dayIn = (days: number) => new Date(Date.now() + days * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10)
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** Waits for `read` to give a truthy value: the state the test needs (each read answers at once). */
async function until<T>(what: string, read: () => Promise<T> | T, withinMs = 90_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + withinMs
  for (;;) {
    const value = await read()
    if (value) return value as NonNullable<T>
    if (Date.now() > deadline) throw new Error(`not reached within ${withinMs / 1000} s: ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** The JSON log lines of an app so far. */
const linesOf = (app: RunningApp) =>
  app.output
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>)

/** Waits until each app has logged `count` more "run finished" lines of `job` than it had when this was called. */
async function bothRunAgain(job: string, count = 2) {
  const finishedRuns = (app: RunningApp) => linesOf(app).filter((l) => l.job === job && l.msg === 'run finished')
  const before = apps.map((a) => finishedRuns(a).length)
  await until(`${count} more runs of ${job} in each instance`, () =>
    apps.every((a, i) => finishedRuns(a).length >= before[i] + count),
  )
}

async function signIn(app: RunningApp, email: string, password = TEST_PASSWORD): Promise<string> {
  const response = await fetch(`${app.baseUrl}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: app.baseUrl },
    body: new URLSearchParams({ email, password, redirectTo: '/' }),
    redirect: 'manual',
  })
  const cookie = response.headers.get('set-cookie')?.split(';')[0]
  if (response.status !== 302 || !cookie) throw new Error(`sign-in of ${email} failed: ${response.status}`)
  secrets.add(cookie.slice(cookie.indexOf('=') + 1))
  return cookie
}

const post = (app: RunningApp, url: string, cookie: string, form: Record<string, string>, requestId?: string) =>
  fetch(`${app.baseUrl}${url}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      Origin: app.baseUrl,
      Cookie: cookie,
      ...(requestId ? { 'X-Request-Id': requestId } : {}),
    },
    body: new URLSearchParams(form),
    redirect: 'manual',
  })

beforeAll(async () => {
  sink = await startSmtpSink()
  linkSite = createServer((_req, res) => res.end('<html><body>ประกาศของหน่วยงาน</body></html>'))
  const linkPort = await freePort()
  await new Promise<void>((resolve) => linkSite.listen(linkPort, '127.0.0.1', resolve))
  const provided = await provide({ org: 'twoapps', bucket: true })
  org = provided.org
  const { coordinator } = actorsOf(org)
  const unitIds = [org.units[0].id]
  // O1 falls due in 7 days (a reminder to the coordinator); O2 is submitted, waiting for a decision
  catalogId = (
    await publishAndAssign(
      org,
      'ita-nacc-2569',
      { itemCodes: ['O1'], unitIds, dueDate: dayIn(7) },
      { itemCodes: ['O2'], unitIds, dueDate: dayIn(60) },
    )
  ).id
  const o2 = (await getItemReview(org.organization.id, catalogId, 'O2'))!
  await giveEvidence(
    coordinator,
    catalogId,
    'O2',
    o2.elements.map((e) => e.id),
  )
  await submitItem(coordinator, catalogId, 'O2')
  // for the evidence jobs: links never checked, and evidence whose time in the bin is over
  for (let i = 0; i < JOB_ITEMS; i++) {
    const url = `http://127.0.0.1:${linkPort}/notice-${i}`
    linkIds.push((await createLinkEvidence(coordinator, { url, title: `ประกาศ ${i}` }, { allowPrivate: true })).id)
    const draft = await createTextEvidence(coordinator, { title: `ร่างที่ไม่ใช้ ${i}`, html: '<p>ร่าง</p>' })
    await deleteEvidence(coordinator, draft.id, 0)
    binnedIds.push(draft.id)
  }

  mkdirSync(path.join(ROOT, '.cache'), { recursive: true })
  buildDir = mkdtempSync(path.join(ROOT, '.cache', 'two-instances-build-'))
  buildApp(buildDir)
  const { s3 } = inject('services')
  const env = {
    MONGODB_URI: provided.uri,
    S3_ENDPOINT: s3.endpoint,
    S3_REGION: s3.region,
    S3_BUCKET: provided.storage.bucket,
    S3_ACCESS_KEY_ID: s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    SESSION_SECRET: 'two-instances-session-secret-long-enough-0123456789',
    SMTP_URL: sink.url,
    METRICS_TOKEN,
    BACKGROUND_JOBS_EVERY_SECONDS: '1',
    EVIDENCE_LINK_ALLOW_PRIVATE: 'true',
  }
  apps = await Promise.all([runBuiltApp(buildDir, env), runBuiltApp(buildDir, env)])
  await Promise.all(apps.map((a) => a.healthy()))
}, 900_000)

afterAll(async () => {
  await Promise.all((apps ?? []).map((a) => a.stop()))
  await sink?.close()
  await new Promise((r) => linkSite?.close(r))
  await release()
  if (buildDir) rmSync(buildDir, { recursive: true, force: true })
})

describe('two app instances on the same services', () => {
  it('a session made on one instance works on the other', async () => {
    const [a, b] = apps
    const cookie = await signIn(a, org.people.coordinator.email)
    const page = await fetch(`${b.baseUrl}/my-work`, { headers: { Cookie: cookie }, redirect: 'manual' })
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(org.people.coordinator.nameTh)
  })

  it('a file uploaded through one instance downloads through the other', async () => {
    const [a, b] = apps
    const cookie = await signIn(a, org.people.coordinator.email)
    const pdf = minimalPdf('uploaded through instance A')
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(pdf)], { type: 'application/pdf' }), 'คำสั่ง.pdf')
    const uploaded = await fetch(`${a.baseUrl}/evidence/upload`, {
      method: 'POST',
      headers: { Origin: a.baseUrl, Cookie: cookie },
      body: form,
    })
    expect(uploaded.status).toBe(201)
    const { evidence } = (await uploaded.json()) as { evidence: { id: string } }
    const download = await fetch(`${b.baseUrl}/evidence/${evidence.id}/file`, { headers: { Cookie: cookie } })
    expect(download.status).toBe(200)
    expect(sha256(new Uint8Array(await download.arrayBuffer()))).toBe(sha256(pdf))
  })

  it('an item page and the completeness matrix read on one instance show evidence changed elsewhere', async () => {
    const [a] = apps
    const { coordinator } = actorsOf(org)
    const cookie = await signIn(a, org.people.coordinator.email)
    const admin = await signIn(a, org.people.admin.email)
    const element = (await getItemReview(org.organization.id, catalogId, 'O1'))!.elements[0].id
    const page = async () => {
      const r = await fetch(`${a.baseUrl}/items/${catalogId}/O1?_data=${encodeURIComponent(ITEM_ROUTE)}`, {
        headers: { Cookie: cookie },
      })
      expect(r.status).toBe(200)
      return r.text()
    }
    const count = async () => {
      const r = await fetch(`${a.baseUrl}/completeness?catalog=${catalogId}&_data=routes%2Fcompleteness`, {
        headers: { Cookie: admin },
      })
      expect(r.status).toBe(200)
      const { data } = (await r.json()) as { data: { rows: { itemCode: string; evidenceCount: number }[] } }
      return data.rows.find((row) => row.itemCode === 'O1')!.evidenceCount
    }
    // each read twice: the second is served from what the instance kept
    const before = await count()
    expect(await count()).toBe(before)
    const [id] = await giveEvidence(coordinator, catalogId, 'O1', [element])
    expect(await count()).toBe(before + 1)
    expect(await page()).toContain(`O1 ${element}`)
    expect(await page()).toContain(`O1 ${element}`)
    // changed by another process (this one): a new title, a new text, then the bin
    await updateEvidenceMetadata(coordinator, id, { title: 'คำสั่งแต่งตั้งฉบับแก้ไข' })
    expect(await page()).toContain('คำสั่งแต่งตั้งฉบับแก้ไข')
    await updateEvidenceText(coordinator, id, '<p>ข้อความที่แก้แล้ว</p>')
    expect(await page()).toContain('ข้อความที่แก้แล้ว')
    await deleteEvidence(coordinator, id, 30)
    expect(await page()).not.toContain('คำสั่งแต่งตั้งฉบับแก้ไข')
    expect(await count()).toBe(before)
  })

  it('what an instance keeps of sessions, people and catalogs follows writes made elsewhere', async () => {
    const [a, b] = apps
    const { admin } = actorsOf(org)
    const home = async (cookie: string) =>
      (await fetch(`${b.baseUrl}/inbox`, { headers: { Cookie: cookie }, redirect: 'manual' })).status
    // each read twice on b: the second is served from what b kept
    const executive = await signIn(a, org.people.executive.email)
    expect([await home(executive), await home(executive)]).toEqual([200, 200])
    await setMembershipActive(admin, org.people.executive.id, false)
    expect(await home(executive)).toBe(302)
    await setMembershipActive(admin, org.people.executive.id, true)

    const assessor = await signIn(a, org.people.assessor.email)
    expect([await home(assessor), await home(assessor)]).toEqual([200, 200])
    expect((await post(a, '/logout', assessor, {})).status).toBe(302)
    expect(await home(assessor)).toBe(302)

    const adminCookie = await signIn(a, org.people.admin.email)
    const listed = async () => {
      const r = await fetch(`${b.baseUrl}/catalogs?_data=routes%2Fcatalogs._index`, {
        headers: { Cookie: adminCookie },
      })
      expect(r.status).toBe(200)
      return ((await r.json()) as { catalogs: { id: string }[] }).catalogs.map((c) => c.id)
    }
    expect(await listed()).toEqual(await listed())
    const draft = await createNewVersion(admin, catalogId)
    expect(await listed()).toContain(draft.id)
    await removeDraft(admin, draft.id, async () => undefined)
    expect(await listed()).not.toContain(draft.id)
  })

  it('of two review decisions sent to both instances at once, exactly one lands', async () => {
    const [a, b] = apps
    const cookie = await signIn(b, org.people.assessor.email)
    const elements = (await getItemReview(org.organization.id, catalogId, 'O2'))!.elements
    const ticks = Object.fromEntries(elements.map((e) => [`tick.${e.id}`, 'on']))
    const url = `/items/${catalogId}/O2`
    const answers = await Promise.all([
      post(a, url, cookie, { intent: 'approve', ...ticks }),
      post(b, url, cookie, { intent: 'return', comment: 'ขอเอกสารเพิ่ม' }),
    ])
    expect(answers.map((r) => r.status).filter((s) => s === 200)).toHaveLength(1)
    const decisions = await Promise.all(
      ['review.approve', 'review.return'].map(
        async (action) => (await listAuditEvents(org.organization.id, { action })).total,
      ),
    )
    expect(decisions[0] + decisions[1]).toBe(1)
    const status = (await getItemReview(org.organization.id, catalogId, 'O2'))!.status
    expect(status).toBe(decisions[0] === 1 ? 'approved' : 'returned')
  })

  it('a package is built by one runner, and both instances show and serve it', async () => {
    const [a, b] = apps
    const cookie = await signIn(a, org.people.admin.email)
    const queued = await post(a, '/packages', cookie, { intent: 'generate', fiscalYear: '2569', round: '12' })
    expect(queued.status).toBe(302)
    const { id } = (await listPackageJobs(org.organization.id))[0]
    const job = await until('the package is done', async () => {
      const j = await getPackageJob(org.organization.id, id)
      return j?.status === 'done' ? j : null
    })
    // one runner started it: its lease names that process, and only that process logged the start
    const starters = apps.filter((app) =>
      linesOf(app).some((l) => l.job === 'package-jobs' && String(l.msg).startsWith(`started ${id}`)),
    )
    expect(starters).toHaveLength(1)
    expect(job.leaseOwner).toContain(`:${starters[0].server.pid}:`)
    for (const app of [a, b]) {
      const list = await fetch(`${app.baseUrl}/packages`, { headers: { Cookie: cookie } })
      expect(await list.text()).toContain(`/packages/${id}/download`)
      const zip = await fetch(`${app.baseUrl}/packages/${id}/download`, { headers: { Cookie: cookie } })
      expect(zip.status).toBe(200)
      expect(sha256(new Uint8Array(await zip.arrayBuffer()))).toBe(job.sha256)
    }
  })

  it('both instances run the reminders, and each reminder is mailed once', async () => {
    await sink.waitFor(1, 90_000)
    // two more runs of each instance after the first mail: the second began after it was sent
    await bothRunAgain('reminders')
    const toCoordinator = sink.messages.filter((m) => m.to.includes(org.people.coordinator.email))
    expect(toCoordinator).toHaveLength(1)
    expect(toCoordinator[0].text).toContain('O1')
  })

  it('both instances run the evidence jobs, and each purge and link check happens once', async () => {
    const counts = async (actions: string[], targetIds: string[]) => {
      const { events } = await listAuditEvents(org.organization.id, {}, { limit: 1000 })
      return targetIds.map((id) => events.filter((e) => e.targetId === id && actions.includes(e.action)).length)
    }
    const purges = () => counts(['evidence.purge'], binnedIds)
    const checks = () => counts(['evidence.snapshot', 'evidence.link-check'], linkIds)
    await until('every binned evidence is purged', async () => (await purges()).every((n) => n > 0))
    await until('every link is checked', async () => (await checks()).every((n) => n > 0))
    // two more runs of each instance: the second began after all the work was done
    await bothRunAgain('evidence-jobs')
    expect(await purges()).toEqual(binnedIds.map(() => 1))
    expect(await checks()).toEqual(linkIds.map(() => 1))
    for (const id of linkIds) expect((await getEvidence(org.organization.id, id))!.snapshots).toHaveLength(1)
  })
})

describe('logs and metrics', () => {
  it('logs each request with its id, and never a password, a session cookie or a one-time token', async () => {
    const [a, b] = apps
    const { admin } = actorsOf(org)
    const { token } = await issuePasswordLink(admin, 'reset', org.people.executive.id)
    secrets.add(token).add(NEW_PASSWORD)
    const requestId = `reset-${Date.now().toString(36)}-0001`
    const page = await fetch(`${a.baseUrl}/password/${token}`, { headers: { 'X-Request-Id': requestId } })
    expect(page.status).toBe(200)
    expect(page.headers.get('x-request-id')).toBe(requestId)
    const set = await fetch(`${b.baseUrl}/password/${token}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Origin: b.baseUrl,
        'X-Request-Id': `${requestId}-set`,
      },
      body: new URLSearchParams({ password: NEW_PASSWORD, confirm: NEW_PASSWORD }),
      redirect: 'manual',
    })
    expect(set.status).toBeLessThan(400)
    const invitation = await fetch(`${a.baseUrl}/invitations?token=${token}`, {
      headers: { 'X-Request-Id': `${requestId}-invite` },
      redirect: 'manual',
    })
    await signIn(b, org.people.executive.email, NEW_PASSWORD)
    // an id that could forge or break a log line is replaced by one of the app's own
    const forged = await fetch(`${a.baseUrl}/login`, { headers: { 'X-Request-Id': 'x"}{"level":"fatal"' } })
    expect(forged.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(invitation.headers.get('x-request-id')).toBe(`${requestId}-invite`)

    // a request's line is written as its answer ends: wait for the lines of the requests above
    const lineOf = (app: RunningApp, id: string) =>
      until(`the log line of ${id}`, () => linesOf(app).find((l) => l.reqId === id))
    const shown = await lineOf(a, requestId)
    expect(shown).toMatchObject({
      route: 'routes/password.$token',
      req: { method: 'GET', url: '/password/[redacted]', remoteAddress: expect.any(String) },
      res: { statusCode: 200 },
      responseTime: expect.any(Number),
      timings: { mongoCommands: expect.any(Number) },
    })
    expect(await lineOf(b, `${requestId}-set`)).toMatchObject({ req: { method: 'POST', url: '/password/[redacted]' } })
    expect(await lineOf(a, `${requestId}-invite`)).toMatchObject({ req: { url: '/invitations?token=[redacted]' } })
    for (const app of apps) {
      const lines = linesOf(app).filter((l) => l.req)
      expect(lines.length).toBeGreaterThan(5)
      for (const line of lines) expect(line.reqId).toEqual(expect.any(String))
      for (const secret of secrets) expect(app.output).not.toContain(secret)
    }
  })

  it('answers /metrics only with its token, with request durations by route and the services behind', async () => {
    const [a] = apps
    expect((await fetch(`${a.baseUrl}/metrics`)).status).toBe(401)
    const wrong = await fetch(`${a.baseUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}x` } })
    expect(wrong.status).toBe(401)
    const scrape = () => fetch(`${a.baseUrl}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })
    const scraped = await scrape()
    expect(scraped.status).toBe(200)
    const text = await scraped.text()
    const durations = text.split('\n').filter((l) => l.startsWith('saisaat_http_request_duration_seconds_count'))
    // each route by its pattern, never by the URL of one item or evidence
    expect(durations.some((l) => l.includes('route="routes/packages"'))).toBe(true)
    expect(durations.some((l) => l.includes('route="routes/evidence.upload"') && l.includes('status="201"'))).toBe(true)
    expect(durations.some((l) => l.includes('route="routes/items.$catalogId.$itemCode"'))).toBe(true)
    expect(durations.filter((l) => /[0-9a-f]{24}/.test(l))).toEqual([])
    expect(text).toMatch(/^saisaat_mongodb_command_duration_seconds_count\{command="find"\} [1-9]/m)
    expect(text).toMatch(/^saisaat_s3_request_duration_seconds_count\{command="PutObject"\} [1-9]/m)
    expect(text).toMatch(/^saisaat_stored_bytes_total\{kind="evidence"\} [1-9]/m)
    expect(text).toMatch(/^saisaat_job_queue_depth\{queue="package"\} 0$/m)
    expect(text).toMatch(/^saisaat_job_last_run_timestamp_seconds\{job="reminders"\} [1-9]/m)
    // the evidence queues as the last run of the evidence jobs left them, listed once a run has ended
    const afterRun = await until('a run of the evidence jobs in the metrics', async () => {
      const t = await (await scrape()).text()
      return /^saisaat_job_last_run_timestamp_seconds\{job="evidence-jobs"\} [1-9]/m.test(t) ? t : null
    })
    expect(afterRun).toMatch(/^saisaat_job_queue_depth\{queue="bin_purge"\} \d+$/m)
    expect(afterRun).toMatch(/^saisaat_job_queue_oldest_age_seconds\{queue="link_check"\} \d+$/m)
  })
})
