/**
 * Network view benchmark: a province with 1 000 organizations beneath it, each with a published 60-criterion ITA
 * catalog, every criterion assigned, reviews in mixed states and IIT/EIT survey values, in a real FerretDB started
 * for the run. Four template organizations are built through the models (catalog import and publication,
 * assignments, survey results; review states written as the review store keeps them); the other 996 are bulk copies
 * of a template's documents (new ids, references remapped), so each has exactly its template's figures, and their
 * summaries are stored from the template's (the same inputs give the same figures). Then it times getNetworkView
 * (what the /network loader calls, in process, without HTTP; it also writes the 1 000 audit events of a read) 20
 * times with current summaries, and the first load after a change in one child (an assignment's due date moved
 * through the models: that child's summary is rebuilt from its collections). Prints figures; never pass/fail.
 * Last line: one JSON object { organizations, medianMs, p95Ms, coldMs, … }.
 */
import { readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import mongoose from 'mongoose'
import { assignItems } from '#models/work/assignment.server'
import type { Actor } from '#models/tenancy/audit.server'
import { importCatalog } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { listCriteria, type ItaCatalog } from '#models/catalog/schema'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { bangkokDayValue } from '#models/dates'
import {
  figuresOf,
  getNetworkView,
  listDescendants,
  parseNetworkQuery,
  storeFigures,
} from '#models/reporting/network.server'
import { recordReads } from '#models/tenancy/audit.server'
import { saveSurveyResults } from '#models/reporting/survey.server'
import { upsertOrganization } from '#models/tenancy/organization.server'
import { createUnit } from '#models/tenancy/unit.server'
import { ROOT, startServices, scratchDir } from '#scripts/services'
import { rng } from '#test/support/random'
import { quantile } from '#test/bench/stats'

const CHILDREN = Number(process.env.BENCH_CHILDREN ?? 1000)
const TEMPLATES = 4
const CRITERIA = 60
const RUNS = 20
const COLLECTIONS = ['catalogs', 'assignments', 'reviews', 'units', 'survey_results']

const rand = rng(20261202)
const ms = (v: number) => Number(v.toFixed(1))

/** ITA 2570 with its OIT criteria repeated under new codes up to 60 (as the dashboard benchmark does). */
function benchCatalog(): unknown {
  const base = JSON.parse(
    readFileSync(path.join(ROOT, 'models', 'catalog', 'built-in', 'ita-nacc-2570.json'), 'utf8'),
  ) as ItaCatalog
  const originals = listCriteria(base).map((x) => x.criterion)
  const oit = base.tools.find((t) => t.code === 'OIT')!
  const checklist = oit.indicators.find((i) => i.kind === 'checklist')!
  if (checklist.kind !== 'checklist') throw new Error('no OIT checklist')
  for (const tool of base.tools)
    for (const ind of tool.indicators)
      if (ind.kind === 'checklist') for (const sub of ind.subIndicators) sub.criteria = []
  checklist.subIndicators = Array.from({ length: 6 }, (_, s) => ({
    code: `${checklist.number}.${s + 1}`,
    name: { th: `ตัวชี้วัดย่อยทดสอบ ${s + 1}`, en: `Bench sub-indicator ${s + 1}` },
    criteria: Array.from({ length: CRITERIA / 6 }, (_, k) => {
      const n = s * (CRITERIA / 6) + k + 1
      const o = originals[(n - 1) % originals.length]
      return {
        ...o,
        placeholder: false,
        code: `B${n}`,
        title: { th: `${o.title.th} (${n})`, en: `${o.title.en} (${n})` },
      }
    }),
  }))
  for (const tool of base.tools)
    tool.indicators = tool.indicators.filter(
      (i) => i.kind !== 'checklist' || i.subIndicators.some((s) => s.criteria.length > 0),
    )
  return { ...base, key: 'bench-ita', status: 'draft', version: 1 }
}

/** A copy of a document with every id in `ids` (and the organization) replaced, new _id included. */
function remap(value: unknown, ids: Map<string, mongoose.Types.ObjectId>): unknown {
  if (value instanceof mongoose.Types.ObjectId) return ids.get(value.toString()) ?? value
  if (typeof value === 'string' && ids.has(value)) return ids.get(value)!.toString()
  if (Array.isArray(value)) return value.map((v) => remap(v, ids))
  if (value && typeof value === 'object' && !(value instanceof Date))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remap(v, ids)]))
  return value
}

async function main() {
  const dir = scratchDir('bench-network-')
  const services = await startServices(dir)
  const db = () => mongoose.connection.db!
  try {
    await connectDatabase(services.mongoUri, { dbName: 'bench' })
    const root = await upsertOrganization({
      code: 'bench-province',
      nameTh: 'จังหวัดทดสอบความเร็ว',
      nameEn: 'Bench province',
      agencyType: 'province',
    })
    const rootId = new mongoose.Types.ObjectId(root.id)
    const now = new Date()
    process.stdout.write(`seeding ${TEMPLATES} template organizations through the models…\n`)
    const templates: { id: string; catalogId: string }[] = []
    for (let t = 0; t < TEMPLATES; t++) {
      const org = await upsertOrganization({
        code: `bench-template-${t}`,
        nameTh: `องค์การบริหารส่วนตำบลต้นแบบ ${t + 1}`,
        nameEn: `Template ${t + 1}`,
        agencyType: 'local-administration',
      })
      await db()
        .collection('organizations')
        .updateOne({ _id: new mongoose.Types.ObjectId(org.id) }, { $set: { parentId: rootId } })
      const actor: Actor = { organizationId: org.id, userId: null, userName: 'bench' }
      const unit = await createUnit(actor, { nameTh: 'สำนักปลัด', nameEn: 'Office', kind: 'division' })
      const catalog = await publishCatalog(actor, (await importCatalog(actor, benchCatalog())).id)
      const criteria = listCriteria(catalog.content as ItaCatalog).map((x) => x.criterion)
      await assignItems(actor, {
        catalogId: catalog.id,
        itemCodes: criteria.map((c) => c.code),
        unitIds: [unit.id],
        dueDate: bangkokDayValue(new Date(now.getTime() + (t - 1) * 20 * 86_400_000)),
      })
      // review states: a template-specific share approved, some submitted, returned or in progress
      const approvedShare = [0.95, 0.8, 0.55, 0.2][t]
      const reviews = criteria.map((c) => {
        const r = rand()
        const status =
          r < approvedShare
            ? 'approved'
            : r < approvedShare + 0.1
              ? 'submitted'
              : r < approvedShare + 0.15
                ? 'returned'
                : 'in-progress'
        return {
          organizationId: new mongoose.Types.ObjectId(org.id),
          catalogId: new mongoose.Types.ObjectId(catalog.id),
          itemCode: c.code,
          status,
          ticks: [],
          comments: [],
          version: 1,
          createdAt: now,
          updatedAt: now,
        }
      })
      await db().collection('reviews').insertMany(reviews)
      await saveSurveyResults(
        actor,
        catalog.id,
        Object.fromEntries(Array.from({ length: 8 }, (_, i) => [String(i + 1), (75 + 20 * rand()).toFixed(2)])),
      )
      templates.push({ id: org.id, catalogId: catalog.id })
    }
    // the templates' summaries, stored at their current change counters while the collections are small
    const built = await figuresOf(
      templates.map((t) => t.id),
      2570,
      now,
    )
    const templateFigures = templates.map((t) => built.figures.get(t.id)!)
    process.stdout.write(`copying them to ${CHILDREN - TEMPLATES} more organizations (bulk inserts)…\n`)
    const docsOf = new Map<string, Map<string, Record<string, unknown>[]>>()
    for (const t of templates) {
      const byCollection = new Map<string, Record<string, unknown>[]>()
      for (const c of COLLECTIONS)
        byCollection.set(
          c,
          await db()
            .collection(c)
            .find({ organizationId: new mongoose.Types.ObjectId(t.id) })
            .toArray(),
        )
      docsOf.set(t.id, byCollection)
    }
    const summaries: Parameters<typeof storeFigures>[0] = []
    const t0 = performance.now()
    for (let start = TEMPLATES; start < CHILDREN; start += 100) {
      const orgs: Record<string, unknown>[] = []
      const batch = new Map<string, Record<string, unknown>[]>(COLLECTIONS.map((c) => [c, []]))
      for (let i = start; i < Math.min(CHILDREN, start + 100); i++) {
        const k = i % TEMPLATES
        const template = templates[k]
        const id = new mongoose.Types.ObjectId()
        orgs.push({
          _id: id,
          code: `bench-lao-${i}`,
          nameTh: `องค์การบริหารส่วนตำบลทดสอบ ${i + 1}`,
          nameEn: `Bench LAO ${i + 1}`,
          agencyType: 'local-administration',
          linkDomains: [],
          parentId: rootId,
          suspendedAt: null,
          suspendedReason: '',
          createdAt: now,
          updatedAt: now,
        })
        const ids = new Map<string, mongoose.Types.ObjectId>([[template.id, id]])
        for (const docs of docsOf.get(template.id)!.values())
          for (const d of docs) ids.set(String(d._id), new mongoose.Types.ObjectId())
        for (const [c, docs] of docsOf.get(template.id)!)
          for (const d of docs) batch.get(c)!.push(remap(d, ids) as Record<string, unknown>)
        summaries.push({
          organizationId: id.toString(),
          version: 0,
          day: bangkokDayValue(now),
          figures: { ...templateFigures[k], catalogId: ids.get(template.catalogId)!.toString() },
        })
      }
      await db().collection('organizations').insertMany(orgs)
      for (const [c, docs] of batch) if (docs.length) await db().collection(c).insertMany(docs)
    }
    await storeFigures(summaries)
    const counts = Object.fromEntries(
      await Promise.all(COLLECTIONS.map(async (c) => [c, await db().collection(c).countDocuments()])),
    )
    process.stdout.write(`copied in ${ms((performance.now() - t0) / 1000)} s: ${JSON.stringify(counts)}\n`)

    const viewer: Actor = {
      organizationId: root.id,
      userId: new mongoose.Types.ObjectId().toString(),
      userName: 'ผู้บริหารทดสอบ',
    }
    const query = parseNetworkQuery(new URLSearchParams({ year: '2570', sort: 'total', dir: 'desc' }))
    const load = async () => {
      const s = performance.now()
      const view = await getNetworkView(viewer, root, query, new Date())
      if (!view || view.rows.length !== CHILDREN) throw new Error(`expected ${CHILDREN} rows, got ${view?.rows.length}`)
      return performance.now() - s
    }
    const first = await load() // the template summaries are built at version 1+ (their seeding was audited)
    const times: number[] = []
    for (let r = 0; r < RUNS; r++) times.push(await load())
    times.sort((a, b) => a - b)
    // where a warm load's time goes: the tree, the summaries with the change counters, the audit write
    const part = async (run: () => Promise<unknown>) => {
      const s = performance.now()
      await run()
      return ms(performance.now() - s)
    }
    const ids = (await listDescendants(root.id)).map((d) => d.id)
    const parts = {
      treeMs: await part(() => listDescendants(root.id)),
      summariesMs: await part(() => figuresOf(ids, 2570, new Date())),
      auditMs: await part(() =>
        recordReads(
          ids.map((id) => ({
            actor: { ...viewer, organizationId: id },
            event: { action: 'network.read', targetType: 'organization' },
          })),
        ),
      ),
    }
    process.stdout.write(`parts of a warm load: ${JSON.stringify(parts)}\n`)
    // a change in one child (audited: its change counter goes up), then the first load rebuilds that child only
    const changed = templates[2]
    await assignItems(
      { organizationId: changed.id, userId: null, userName: 'bench' },
      {
        catalogId: changed.catalogId,
        itemCodes: ['B1'],
        unitIds: [
          (await db()
            .collection('units')
            .findOne({ organizationId: new mongoose.Types.ObjectId(changed.id) }))!._id.toString(),
        ],
        dueDate: bangkokDayValue(new Date(now.getTime() + 90 * 86_400_000)),
      },
    )
    const cold = await load()
    const out = {
      organizations: CHILDREN,
      criteriaEach: CRITERIA,
      medianMs: ms(quantile(times, 0.5)),
      p95Ms: ms(quantile(times, 0.95)),
      coldMs: ms(cold),
      firstMs: ms(first),
      ...parts,
      reviews: counts.reviews,
      assignments: counts.assignments,
      load: loadavg().map((l) => Number(l.toFixed(1))),
    }
    process.stdout.write(
      `/network loader (getNetworkView), ${CHILDREN} organizations: ` +
        `median ${out.medianMs} ms, p95 ${out.p95Ms} ms (target < 500)\n`,
    )
    process.stdout.write(`first load after a change in one child: ${out.coldMs} ms (target < 2000)\n`)
    process.stdout.write(`${JSON.stringify(out)}\n`)
  } finally {
    await disconnectDatabase().catch(() => {})
    await services.stop()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
