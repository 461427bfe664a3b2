/**
 * Load test: BENCH_PEOPLE (50) people signed in at once (30 coordinators, 10 assessors, 8 executives, 2
 * administrators, in that proportion) for BENCH_SECONDS (60), each pausing about BENCH_THINK_MS (0: never) before
 * their first request and between requests, against the production build, on loopback, in an
 * organization with BENCH_EVIDENCE (50 000) evidence items, 60 criteria × 30 units and three fiscal years of
 * history. Each person repeats the pages of their role: home, inbox, my work, the item page, a small file
 * uploaded to an element, library evidence linked to an element, an item submitted (coordinators); the review
 * decision on a submitted item (assessors: they return it, so it can be submitted again); completeness and the
 * dashboard (assessors, executives, administrators). Every page is the document a browser navigation gets;
 * actions are sent as the app's own forms send them. Generation is bulk (test/bench/bench-data.ts).
 * First each page is sent ten times alone, one after the other (its median, size and the app's CPU time per request:
 * what a request costs with no queue). Prints requests, throughput, median and p95 per page (and the p95 of the
 * requests after the first minute), errors, the app's RSS at start and end and its CPU time per request, and from the
 * app's own metrics its event loop's delay (p99, max) and its garbage collection during the run; the last line is one
 * JSON object { people, evidence, requests, errors, worstP95Ms, rssGrowthMiB, pages }.
 * BENCH_INSTANCES (1) app processes run on the same database and store, each person sent to one of them (person i
 * to instance i mod n), as a load balancer with sticky sessions would; the RSS is their sum.
 * LOCAL_DB picks the embedded database as everywhere. Never pass/fail.
 */
import { type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import mongoose from 'mongoose'
import { createStorage, ensureBucket } from '#evidence/storage/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { fiscalYearOf } from '#models/dates'
import { createSession } from '#models/tenancy/auth.server'
import type { Role } from '#models/tenancy/permissions'
import { addPerson } from '#models/tenancy/user.server'
import { assignItems } from '#models/work/assignment.server'
import { ReviewModel } from '#models/work/review-store.server'
import { ROOT, startServices, scratchDir } from '#scripts/services'
import { buildApp, startBuiltApp } from '#test/support/app-server'
import { rng } from '#test/support/random'
import { minimalPdf } from '#test/support/evidence-files'
import { insertEvidence, seedOrganization } from '#test/bench/bench-data'
import { quantile } from '#test/bench/stats'

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 50)
const EVIDENCE = Number(process.env.BENCH_EVIDENCE ?? 50_000)
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60)
/**
 * A person's pause between two requests, as someone reading a page does (random, up to twice this); 0 (the default)
 * sends the next request as soon as the last is answered, a stress far beyond what 50 people make.
 */
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 0)
/** App processes on the same services (one app process uses one core for JavaScript). */
const INSTANCES = Math.max(1, Number(process.env.BENCH_INSTANCES ?? 1))
const UNITS = 30
const CRITERIA = 60
const SESSION_SECRET = 'bench-load-session-secret-long-enough-0123456789'
/** The app's /metrics token: the run's event-loop delay and garbage collection are read from there. */
const METRICS_TOKEN = 'bench-load-metrics-token-0123456789'
/** A request still unanswered after this counts as an error (and the person goes on). */
const TIMEOUT_MS = 30_000
/**
 * The run's first minute: people's first requests, on a process that has read nothing of theirs yet (sessions, items'
 * records). Each page's p95 is also printed for the requests sent after it, the service as it runs most of the time.
 */
const FIRST_MINUTE_MS = 60_000

const say = (line: string) => process.stdout.write(`${line}\n`)
const ms = (v: number) => Number(v.toFixed(1))

const PAGES = [
  'home',
  'inbox',
  'my work',
  'item page',
  'upload',
  'link',
  'submit',
  'review decision',
  'completeness',
  'dashboard',
] as const
type Page = (typeof PAGES)[number]

const SCRIPTS: Record<Role, Page[]> = {
  coordinator: ['home', 'inbox', 'my work', 'item page', 'upload', 'link', 'submit'],
  assessor: ['home', 'inbox', 'item page', 'review decision', 'completeness', 'dashboard'],
  executive: ['home', 'dashboard', 'completeness', 'item page'],
  admin: ['home', 'inbox', 'completeness', 'dashboard'],
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : 0
}

/** CPU time (user + system, ms) a process has used so far. */
function cpuMs(pid: number): number {
  // the fields after the command's name: state is the 1st, utime the 12th, stime the 13th (in clock ticks of 10 ms)
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10
}

/**
 * What the app's own metrics say of one instance's process: the event loop's delay since the last read (p99 and max:
 * a request arriving then waited that long before its first line ran; reading starts a new window), and the time spent
 * in garbage collection so far, with the count of pauses over 100 ms.
 */
async function processFigures(base: string) {
  const text = await fetch(`${base}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } }).then((r) =>
    r.text(),
  )
  const value = (name: string, labels = '') => {
    const line = text.split('\n').find((l) => l.startsWith(`${name}${labels} `))
    return line ? Number(line.split(' ').at(-1)) : 0
  }
  const gc = (kind: string) => {
    const count = value('saisaat_nodejs_gc_duration_seconds_count', `{kind="${kind}"}`)
    return {
      s: value('saisaat_nodejs_gc_duration_seconds_sum', `{kind="${kind}"}`),
      over100ms: count - value('saisaat_nodejs_gc_duration_seconds_bucket', `{le="0.1",kind="${kind}"}`),
    }
  }
  return {
    loopP99Ms: value('saisaat_nodejs_eventloop_lag_p99_seconds') * 1000,
    loopMaxMs: value('saisaat_nodejs_eventloop_lag_max_seconds') * 1000,
    gc: { minor: gc('minor'), major: gc('major'), incremental: gc('incremental') },
  }
}

/** A small valid PDF (its text is read as a real one's is), as a browser's multipart form sends it. */
function multipartPdf(n: number): { body: Buffer; contentType: string } {
  const boundary = `----saisaatbench${n}`
  const pdf = minimalPdf(`bench upload ${n}`)
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="bench-${n}.pdf"\r\n` +
        'Content-Type: application/pdf\r\n\r\n',
    ),
    pdf,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return { body, contentType: `multipart/form-data; boundary=${boundary}` }
}

async function main() {
  const dir = scratchDir('bench-load-')
  const buildDir = scratchDir('bench-build-', path.join(ROOT, '.cache'))
  const services = await startServices(dir, { ephemeral: true })
  const servers: ChildProcess[] = []
  try {
    const env = {
      MONGODB_URI: `${services.mongoUri}bench`,
      S3_ENDPOINT: services.s3.endpoint,
      S3_REGION: services.s3.region,
      S3_BUCKET: 'bench-load',
      S3_ACCESS_KEY_ID: services.s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: services.s3.secretAccessKey,
      S3_FORCE_PATH_STYLE: 'true',
      SESSION_SECRET,
      METRICS_TOKEN,
    }
    // the session cookies are signed here with the app's secret
    Object.assign(process.env, env)
    await connectDatabase(env.MONGODB_URI)
    await ensureBucket(createStorage({ ...services.s3, bucket: env.S3_BUCKET, forcePathStyle: true }))

    // ---- data --------------------------------------------------------------------------------
    const t0 = performance.now()
    const fy = fiscalYearOf(new Date())
    const dueSoon = new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)
    say(
      `seeding: ${CRITERIA} criteria × ${UNITS} units × 3 fiscal years (${fy - 2}–${fy}), ${EVIDENCE} evidence ` +
        `items, ${PEOPLE} people (${services.db})…`,
    )
    const org = await seedOrganization({
      code: 'bench-load',
      units: UNITS,
      criteria: CRITERIA,
      years: [fy - 2, fy - 1, fy],
      dueDate: (year) => (year === fy ? dueSoon : `${year - 543}-08-31`),
    })
    const current = org.catalogs.at(-1)!
    // past years are done: every item approved
    await ReviewModel.insertMany(
      org.catalogs.slice(0, -1).flatMap((c) =>
        c.criteria.map((x) => ({
          organizationId: new mongoose.Types.ObjectId(org.id),
          catalogId: new mongoose.Types.ObjectId(c.id),
          itemCode: x.code,
          status: 'approved',
          version: 1,
        })),
      ),
    )
    const rand = rng(20261202)
    /** A person's pause: random, up to twice BENCH_THINK_MS. */
    const pause = () => new Promise((r) => setTimeout(r, rand() * 2 * THINK_MS))
    await insertEvidence(org, EVIDENCE, rand, (n) => process.stdout.write(`\r  ${n} evidence items`))
    say('')
    // this year's second half of the criteria: one unit each, submitted and returned over and over by that
    // unit's coordinator and the assessors; the first half: every unit, evidence added to it all the time
    const half = CRITERIA / 2
    const cycled = current.criteria.slice(half)
    for (const [i, c] of cycled.entries())
      await assignItems(org.actor, {
        catalogId: current.id,
        itemCodes: [c.code],
        unitIds: [org.units[i % UNITS].id],
        dueDate: dueSoon,
      })
    const open = current.criteria.slice(0, half)
    // library evidence waiting to be linked (not linked to anything yet)
    const library = Array.from({ length: 20_000 }, () => new mongoose.Types.ObjectId())
    for (let i = 0; i < library.length; i += 1000)
      await mongoose.model('Evidence').collection.insertMany(
        library.slice(i, i + 1000).map((_id, j) => ({
          _id,
          organizationId: new mongoose.Types.ObjectId(org.id),
          type: 'text',
          title: `หลักฐานในคลัง ${i + j}`,
          description: '',
          tags: [],
          versions: [],
          snapshots: [],
          html: '<p>หลักฐานในคลังรอเชื่อม</p>',
          links: [],
          linksRevision: 0,
          createdByName: 'bench',
          deletedAt: null,
          purgeAfter: null,
          purgedAt: null,
          createdAt: new Date(),
          updatedAt: new Date(),
        })),
      )
    const roles: Role[] = Array.from({ length: PEOPLE }, (_, i) => {
      const k = (i * 50) / PEOPLE
      return k < 30 ? 'coordinator' : k < 40 ? 'assessor' : k < 48 ? 'executive' : 'admin'
    })
    const { commitSession } = await import('#app/utils/session.server')
    const people: { role: Role; cookie: string; unit: number }[] = []
    for (const [i, role] of roles.entries()) {
      const unit = i % UNITS
      const person = await addPerson(org.actor, {
        email: `${role}-${i}@bench-load.saisaat.test`,
        nameTh: `ผู้ทดสอบ ${i + 1}`,
        role,
        unitIds: role === 'coordinator' ? [org.units[unit].id] : [],
      })
      const { token } = await createSession({ userId: person.id, organizationId: org.id })
      people.push({ role, cookie: (await commitSession(token)).split(';')[0], unit })
    }
    const seedS = (performance.now() - t0) / 1000
    say(`seeded in ${seedS.toFixed(0)} s`)
    await disconnectDatabase()

    // ---- the app, as `npm start` runs it -----------------------------------------------------------
    say('building the app…')
    buildApp(buildDir)
    // the app's JSON log (slow requests name their route and timings) is kept for reading after the run
    const bases: string[] = []
    for (let n = 0; n < INSTANCES; n++) {
      const appLog = path.join(dir, n === 0 ? 'app.log' : `app-${n}.log`)
      const app = await startBuiltApp(buildDir, env, ['ignore', openSync(appLog, 'w'), 'inherit'])
      servers.push(app.server)
      bases.push(app.baseUrl)
      for (
        let i = 0;
        !(await fetch(`${app.baseUrl}/healthz`).then(
          (r) => r.ok,
          () => false,
        ));
        i++
      ) {
        if (i > 480 || app.server.exitCode !== null) throw new Error('the app did not start')
        await new Promise((r) => setTimeout(r, 250))
      }
    }
    const baseOf = (person: (typeof people)[number]) => bases[people.indexOf(person) % INSTANCES]
    const appRss = () => servers.reduce((sum, s) => sum + rssMiB(s.pid!), 0)

    // ---- the work -----------------------------------------------------------------------------
    const itemPath = (code: string) => `/items/${current.id}/${encodeURIComponent(code)}`
    const dataOf = (code: string) =>
      `${itemPath(code)}?_data=${encodeURIComponent('routes/items.$catalogId.$itemCode')}`
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
    /** Items of the submit cycle: open (the coordinator may submit) or submitted (an assessor may decide). */
    const cycle = new Map(
      cycled.map((c, i) => [c.code, { state: 'open' as 'open' | 'submitted' | 'busy', unit: i % UNITS }]),
    )
    let nextLibrary = 0
    let uploads = 0
    const times = new Map<Page, number[]>(PAGES.map((p) => [p, []]))
    /** The times of requests sent after the run's first minute, when each person's first requests are done. */
    const later = new Map<Page, number[]>(PAGES.map((p) => [p, []]))
    const errors = new Map<Page, string[]>(PAGES.map((p) => [p, []]))

    const post = (person: (typeof people)[number], url: string, body: BodyInit, contentType: string) =>
      fetch(`${baseOf(person)}${url}`, {
        method: 'POST',
        redirect: 'manual',
        headers: {
          Cookie: person.cookie,
          Origin: baseOf(person),
          'Content-Type': contentType,
          Accept: 'application/json',
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      })
    const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
    const FORM = 'application/x-www-form-urlencoded'

    /** One request of `page` as `person`; null when there is nothing to do right now (nothing submitted yet). */
    function request(page: Page, person: (typeof people)[number]): (() => Promise<Response>) | null {
      const get = (url: string) => () =>
        fetch(`${baseOf(person)}${url}`, {
          headers: { Cookie: person.cookie },
          redirect: 'manual',
          signal: AbortSignal.timeout(TIMEOUT_MS),
        })
      switch (page) {
        case 'home':
          return get('/')
        case 'inbox':
          return get('/inbox')
        case 'my work':
          return get('/my-work')
        case 'item page':
          return get(itemPath(pick(current.criteria).code))
        case 'completeness':
          return get('/completeness')
        case 'dashboard':
          return get('/dashboard')
        case 'upload': {
          const c = pick(open)
          const m = multipartPdf(uploads++)
          const url = `${itemPath(c.code)}/upload?element=${encodeURIComponent(c.elements[0].id)}`
          return () => post(person, url, new Uint8Array(m.body), m.contentType)
        }
        case 'link': {
          const c = pick(open)
          const evidenceId = library[nextLibrary++ % library.length].toString()
          const body = form({ intent: 'link-existing', evidenceId, elementId: pick(c.elements).id })
          return () => post(person, dataOf(c.code), body, FORM)
        }
        case 'submit': {
          const mine = [...cycle].find(([, s]) => s.unit === person.unit && s.state === 'open')
          if (!mine) return null
          mine[1].state = 'busy'
          const body = form({ intent: 'submit', confirmGaps: 'on', comment: '' })
          return async () => {
            const r = await post(person, dataOf(mine[0]), body, FORM)
            mine[1].state = r.ok ? 'submitted' : 'open'
            return r
          }
        }
        case 'review decision': {
          const waiting = [...cycle].find(([, s]) => s.state === 'submitted')
          if (!waiting) return null
          waiting[1].state = 'busy'
          const body = form({ intent: 'return', comment: 'ขอเอกสารเพิ่มเติม (ทดสอบภาระ)' })
          return async () => {
            const r = await post(person, dataOf(waiting[0]), body, FORM)
            waiting[1].state = r.ok ? 'open' : 'submitted'
            return r
          }
        }
      }
    }

    async function timed(page: Page, send: () => Promise<Response>) {
      const t = performance.now()
      try {
        const r = await send()
        await r.arrayBuffer()
        times.get(page)!.push(performance.now() - t)
        if (t - started >= FIRST_MINUTE_MS) later.get(page)!.push(performance.now() - t)
        if (r.status >= 400) errors.get(page)!.push(`HTTP ${r.status}`)
      } catch (error) {
        errors.get(page)!.push((error as Error).message)
      }
    }

    // warm up: each page once on each instance (compiles nothing in production, but opens connections and fills
    // caches)
    for (let n = 0; n < INSTANCES; n++)
      for (const page of PAGES) {
        const person = people.find((p, i) => i % INSTANCES === n && SCRIPTS[p.role].includes(page))
        const send = person && request(page, person)
        if (send)
          await send()
            .then((r) => r.arrayBuffer())
            .catch(() => undefined)
      }
    // alone: each page QUIET times one after the other on an idle app, what a request costs without a queue
    const QUIET = 10
    const alone = new Map<Page, { ms: number[]; bytes: number; cpuMs: number }>()
    for (const page of PAGES) {
      const person = people.find((p, i) => i % INSTANCES === 0 && SCRIPTS[p.role].includes(page))!
      const entry = { ms: [] as number[], bytes: 0, cpuMs: 0 }
      // the app's CPU time over these requests (nothing else asks it anything meanwhile): what one costs it
      const cpuBefore = cpuMs(servers[0].pid!)
      for (let k = 0; k < QUIET; k++) {
        const send = request(page, person)
        if (!send) break
        const t = performance.now()
        const body = await send().then((r) => r.arrayBuffer())
        entry.ms.push(performance.now() - t)
        entry.bytes = body.byteLength
      }
      entry.cpuMs = (cpuMs(servers[0].pid!) - cpuBefore) / Math.max(1, entry.ms.length)
      alone.set(page, entry)
    }
    for (const page of PAGES) {
      times.set(page, [])
      errors.set(page, [])
    }

    const figuresBefore = await Promise.all(bases.map(processFigures))
    const rssStart = appRss()
    const appCpu = () => servers.reduce((sum, s) => sum + cpuMs(s.pid!), 0)
    const cpuStart = appCpu()
    say(
      `running: ${PEOPLE} people for ${SECONDS} s, pausing ${THINK_MS ? `about ${THINK_MS} ms` : 'never'} between ` +
        `requests, against ${bases.join(', ')} (app RSS ${rssStart.toFixed(0)} MiB)…`,
    )
    const started = performance.now()
    const end = started + SECONDS * 1000
    await Promise.all(
      people.map(async (person, i) => {
        const script = SCRIPTS[person.role]
        // with pauses, people also start at their own moment, as people who signed in do, not all in one instant
        if (THINK_MS > 0) await pause()
        for (let step = i; performance.now() < end; step++) {
          const page = script[step % script.length]
          const send = request(page, person)
          if (send) await timed(page, send)
          if (THINK_MS > 0) await pause()
        }
      }),
    )
    const elapsedS = (performance.now() - started) / 1000
    const rssEnd = appRss()
    const cpuUsedMs = appCpu() - cpuStart
    const figuresAfter = await Promise.all(bases.map(processFigures))
    // of the worst instance: its event loop's delay, and its garbage collection during the run
    const loopP99Ms = Math.max(...figuresAfter.map((f) => f.loopP99Ms))
    const loopMaxMs = Math.max(...figuresAfter.map((f) => f.loopMaxMs))
    const gcOf = (kind: 'minor' | 'major' | 'incremental') =>
      figuresAfter.reduce(
        (sum, f, n) => ({
          s: sum.s + f.gc[kind].s - figuresBefore[n].gc[kind].s,
          over100ms: sum.over100ms + f.gc[kind].over100ms - figuresBefore[n].gc[kind].over100ms,
        }),
        { s: 0, over100ms: 0 },
      )
    const gc = { minor: gcOf('minor'), major: gcOf('major'), incremental: gcOf('incremental') }

    // ---- figures -------------------------------------------------------------------------------
    type Figures = {
      requests: number
      medianMs: number
      p95Ms: number
      laterP95Ms: number
      errors: number
      aloneMs: number
      aloneCpuMs: number
      kB: number
    }
    const pages: Record<string, Figures> = {}
    say('')
    say(
      `| page | requests | median | p95 | p95 after the first minute | errors | alone (median of ${QUIET}) | ` +
        'app CPU alone | size |',
    )
    say('|---|--:|--:|--:|--:|--:|--:|--:|--:|')
    for (const page of PAGES) {
      const sorted = [...times.get(page)!].sort((a, b) => a - b)
      const quiet = alone.get(page)!
      pages[page] = {
        requests: sorted.length,
        medianMs: ms(quantile(sorted, 0.5)),
        p95Ms: ms(quantile(sorted, 0.95)),
        laterP95Ms: ms(
          quantile(
            [...later.get(page)!].sort((a, b) => a - b),
            0.95,
          ),
        ),
        errors: errors.get(page)!.length,
        aloneMs: ms(
          quantile(
            [...quiet.ms].sort((a, b) => a - b),
            0.5,
          ),
        ),
        aloneCpuMs: ms(quiet.cpuMs),
        kB: ms(quiet.bytes / 1024),
      }
      const p = pages[page]
      const afterFirstMinute = later.get(page)!.length ? `${p.laterP95Ms} ms` : '–'
      say(
        `| ${page} | ${p.requests} | ${p.medianMs} ms | ${p.p95Ms} ms | ${afterFirstMinute} | ${p.errors} | ` +
          `${p.aloneMs} ms | ${p.aloneCpuMs} ms | ${p.kB} kB |`,
      )
    }
    const requests = Object.values(pages).reduce((n, p) => n + p.requests, 0)
    const errorCount = Object.values(pages).reduce((n, p) => n + p.errors, 0)
    for (const page of PAGES) {
      const e = errors.get(page)!
      if (e.length) say(`  ${page} errors: ${[...new Set(e)].slice(0, 3).join('; ')}`)
    }
    const worstP95Ms = Math.max(...Object.values(pages).map((p) => p.p95Ms))
    say(
      `${requests} requests in ${elapsedS.toFixed(1)} s: ${(requests / elapsedS).toFixed(1)} requests/s; ` +
        `${errorCount} errors; worst p95 ${worstP95Ms} ms; ` +
        `app RSS ${rssStart.toFixed(0)} → ${rssEnd.toFixed(0)} MiB (${INSTANCES} app process(es)); ` +
        `app CPU ${(cpuUsedMs / 1000).toFixed(1)} s, ${(cpuUsedMs / Math.max(1, requests)).toFixed(0)} ms a request; ` +
        `event loop delay p99 ${ms(loopP99Ms)} ms, max ${ms(loopMaxMs)} ms; garbage collection ` +
        `${ms(gc.minor.s + gc.major.s + gc.incremental.s)} s (major ${ms(gc.major.s)} s, ` +
        `${gc.minor.over100ms + gc.major.over100ms + gc.incremental.over100ms} pauses over 100 ms); ` +
        `database ${services.db}; load average ${loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')} (2 cores, the load generator on the same machine)`,
    )
    say(
      JSON.stringify({
        people: PEOPLE,
        evidence: EVIDENCE,
        requests,
        errors: errorCount,
        worstP95Ms,
        rssGrowthMiB: ms(rssEnd - rssStart),
        pages: Object.fromEntries(
          Object.entries(pages).map(([k, p]) => [
            k,
            {
              medianMs: p.medianMs,
              p95Ms: p.p95Ms,
              p95AfterFirstMinuteMs: p.laterP95Ms,
              aloneMs: p.aloneMs,
              aloneCpuMs: p.aloneCpuMs,
            },
          ]),
        ),
        appCpuMsPerRequest: ms(cpuUsedMs / Math.max(1, requests)),
        loopP99Ms: ms(loopP99Ms),
        loopMaxMs: ms(loopMaxMs),
        gcS: ms(gc.minor.s + gc.major.s + gc.incremental.s),
        gcPausesOver100ms: gc.minor.over100ms + gc.major.over100ms + gc.incremental.over100ms,
        seconds: SECONDS,
        thinkMs: THINK_MS,
        instances: INSTANCES,
        throughputPerS: ms(requests / elapsedS),
        db: services.db,
        seedS: ms(seedS),
        loadAverage: Number(loadavg()[0].toFixed(1)),
      }),
    )
  } finally {
    await Promise.all(
      servers
        .filter((server) => server.exitCode === null)
        .map((server) => {
          const exited = new Promise((r) => server.once('exit', r))
          server.kill('SIGTERM')
          return exited
        }),
    )
    await disconnectDatabase().catch(() => undefined)
    await services.stop()
    for (let n = 0; n < INSTANCES; n++) {
      const name = n === 0 ? 'app.log' : `app-${n}.log`
      const keptLog = path.join(ROOT, '.cache', `bench-load-${name}`)
      if (existsSync(path.join(dir, name))) {
        copyFileSync(path.join(dir, name), keptLog)
        say(`the app's log: ${path.relative(ROOT, keptLog)}`)
      }
    }
    rmSync(dir, { recursive: true, force: true })
    rmSync(buildDir, { recursive: true, force: true })
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exitCode = 1
})
