/**
 * Item page benchmark: the loader of /items/<catalog>/<code> (loadItemPage, the function the route's loader calls
 * once the session is read, in this process, without HTTP) for O12 of the built-in ITA 2570 catalog with 12 evidence
 * per element, linked through the evidence module as the app links them, in an organization holding 10 000 other
 * evidence items linked to the other criteria, in a real FerretDB started for the run. Baseline in the same run:
 * the former reader, one search of the evidence collection per element (listEvidenceForTarget). Then the library
 * search's figures (benchSearch of test/bench/search.ts, on the same database). Prints figures; never pass/fail.
 * Last line: one JSON object { medianMs, p95Ms, items, … }.
 */
import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import mongoose from 'mongoose'
import { loadItemPage } from '#app/components/items/workspace.server'
import { assignItems } from '#models/work/assignment.server'
import type { Actor } from '#models/tenancy/audit.server'
import { startFromBuiltIn } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { listCriteria, type ItaCatalog } from '#models/catalog/schema'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { createTextEvidence, linkEvidence, listEvidenceForTarget } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { upsertOrganization } from '#models/tenancy/organization.server'
import { createUnit } from '#models/tenancy/unit.server'
import type { Member } from '#app/utils/session.server'
import { startServices, scratchDir } from '#scripts/services'
import { rng } from '#test/support/random'
import { benchSearch } from '#test/bench/search'
import { quantile } from '#test/bench/stats'

const EVIDENCE = Number(process.env.BENCH_EVIDENCE ?? 10_000)
const PER_ELEMENT = 12
const RUNS = 30
const TARGET_MS = 150
const ITEM = 'O12'

const rand = rng(20261202)
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]
const ms = (v: number) => Number(v.toFixed(1))
const out = (line: string) => process.stdout.write(`${line}\n`)

async function main() {
  const dir = scratchDir('bench-item-')
  const services = await startServices(dir)
  // the loader reads the app's configuration (the upload limit): the run's own services
  Object.assign(process.env, {
    MONGODB_URI: `${services.mongoUri}${services.mongoUri.endsWith('/') ? '' : '/'}bench`,
    S3_ENDPOINT: services.s3.endpoint,
    S3_REGION: services.s3.region,
    S3_BUCKET: 'bench-item',
    S3_ACCESS_KEY_ID: services.s3.accessKeyId,
    S3_SECRET_ACCESS_KEY: services.s3.secretAccessKey,
  })
  let extra: Record<string, unknown> = {}
  try {
    await connectDatabase(services.mongoUri, { dbName: 'bench' })
    const organization = await upsertOrganization({
      code: 'bench-item',
      nameTh: 'หน่วยงานทดสอบความเร็วหน้าข้อ',
      nameEn: 'Item page bench agency',
      agencyType: 'department',
    })
    const actor: Actor = { organizationId: organization.id, userId: null, userName: 'bench' }
    const unit = await createUnit(actor, { nameTh: 'กองคลัง', nameEn: 'Finance Division', kind: 'division' })
    const catalog = await publishCatalog(actor, (await startFromBuiltIn(actor, 'ita-nacc-2570')).id)
    const criteria = listCriteria(catalog.content as ItaCatalog).map((x) => x.criterion)
    await assignItems(actor, {
      catalogId: catalog.id,
      itemCodes: criteria.map((c) => c.code),
      unitIds: [unit.id],
      dueDate: '2027-06-30',
    })
    const o12 = criteria.find((c) => c.code === ITEM)!
    const others = criteria.filter((c) => c.code !== ITEM)

    // O12's evidence first: each link through the app reads collections that the 10 000 items would slow down
    out(`linking ${PER_ELEMENT} evidence to each of ${ITEM}'s ${o12.elements.length} elements through the app…`)
    for (const element of o12.elements)
      for (let k = 0; k < PER_ELEMENT; k++) {
        const month = ['ต.ค.', 'พ.ย.', 'ธ.ค.', 'ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.', 'ก.ค.', 'ส.ค.', 'ก.ย.'][
          k
        ]
        const year = k < 3 ? 69 : 70
        const e = await createTextEvidence(actor, {
          title: `สขร.1 ${element.id} ${month} ${year}`,
          html: `<p>${element.id} ${month}</p>`,
        })
        await linkEvidence(
          actor,
          e.id,
          { catalogId: catalog.id, itemCode: ITEM, elementId: element.id },
          { resolveTarget: resolveOrganizationTarget },
        )
      }

    out(`seeding ${EVIDENCE} evidence items on ${others.length} other criteria…`)
    const orgId = new mongoose.Types.ObjectId(organization.id)
    const Evidence = mongoose.model('Evidence')
    const now = new Date()
    for (let i = 0; i < EVIDENCE; i += 500) {
      await Evidence.insertMany(
        Array.from({ length: Math.min(500, EVIDENCE - i) }, (_, j) => {
          const n = i + j
          const c = pick(others)
          const e = pick(c.elements)
          return {
            organizationId: orgId,
            type: 'text',
            title: `หลักฐานทดสอบ ${n}`,
            html: `<p>หลักฐานทดสอบลำดับที่ ${n}</p>`,
            links: [
              {
                catalogId: catalog.id,
                itemCode: c.code,
                elementId: e.id,
                fiscalYear: catalog.fiscalYear,
                periodRule: e.period,
                label: '',
                linkedAt: now,
                linkedByName: 'bench',
              },
            ],
            createdByName: 'bench',
            deletedAt: n % 20 === 0 ? now : null,
          }
        }),
      )
    }
    const member = {
      organization,
      membership: {
        id: 'bench',
        userId: 'bench',
        organizationId: organization.id,
        role: 'coordinator',
        unitIds: [unit.id],
        active: true,
        pending: false,
      },
    } as unknown as Member
    const load = () => loadItemPage(member, catalog.id, ITEM)
    // the first read after seeding (the item's links are kept by key since its first link)
    let t0 = performance.now()
    const first = await load()
    const firstMs = performance.now() - t0
    const counts = first!.item.elements.map((e) => e.evidence.length)
    if (counts.some((c) => c !== PER_ELEMENT)) throw new Error(`expected ${PER_ELEMENT} per element, got ${counts}`)
    await load()
    const times: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now()
      await load()
      times.push(performance.now() - t)
    }
    const sorted = [...times].sort((a, b) => a - b)
    const medianMs = (sorted[RUNS / 2 - 1] + sorted[RUNS / 2]) / 2
    const p95Ms = quantile(sorted, 0.95)
    out(
      `item page loader (loadItemPage, in process): median ${ms(medianMs)} ms, p95 ${ms(p95Ms)} ms, ` +
        `min ${ms(sorted[0])} ms, max ${ms(sorted[RUNS - 1])} ms over ${RUNS} runs ` +
        `(target < ${TARGET_MS} ms: ${medianMs < TARGET_MS ? 'met' : 'NOT met'})`,
    )
    out(`  first read after seeding: ${ms(firstMs)} ms`)

    // baseline: the former reader, one search of the evidence collection per element, once
    t0 = performance.now()
    for (const element of o12.elements)
      await listEvidenceForTarget(organization.id, { catalogId: catalog.id, itemCode: ITEM, elementId: element.id })
    const baselineMs = performance.now() - t0
    out(
      `baseline: one evidence search per element (${o12.elements.length} elements): ${ms(baselineMs)} ms, ` +
        `${(baselineMs / medianMs).toFixed(1)}× the new loader's median`,
    )

    // the library search over 10 000 evidence items with extracted text (test/bench/search.ts), in the same run:
    // its own organizations, beside this one
    out('library search (benchSearch of test/bench/search.ts):')
    const search = await benchSearch({ log: (line) => out(`  ${line}`) })
    extra = { search: { medianMs: search.medianMs, p95Ms: search.p95Ms, items: search.items } }
    out(`  library search: median ${String(search.medianMs)} ms, p95 ${String(search.p95Ms)} ms`)

    out(
      `load average during the run: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (2 cores)`,
    )
    out(
      JSON.stringify({
        medianMs: ms(medianMs),
        p95Ms: ms(p95Ms),
        items: EVIDENCE,
        perElement: PER_ELEMENT,
        elements: o12.elements.length,
        runs: RUNS,
        firstMs: ms(firstMs),
        baselineMs: ms(baselineMs),
        loadAverage: Number(loadavg()[0].toFixed(1)),
        ...extra,
      }),
    )
  } finally {
    await disconnectDatabase()
    await services.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
