/**
 * Library search benchmark: 10 000 file evidence items with extracted Thai and English text (about 1 000 characters
 * each) in one organization, and 1 000 more in each of two other organizations with the same words, in a real
 * FerretDB started for the run. Times `searchLibrary` (the function the /evidence loader calls, in this process,
 * without HTTP) for queries from one matching document to thousands (the most recently indexed 200 are read),
 * with and without filters. Baseline in the same run: a regular-expression search of the evidence collection (how
 * the library searched titles and file names before the index). Prints figures; never pass/fail.
 * Last line: one JSON object { medianMs, p95Ms, items, … }.
 *
 * `benchSearch(options)` runs the same on an already connected database (test/bench/item.ts calls it).
 */
import { rmSync } from 'node:fs'
import { loadavg } from 'node:os'
import { performance } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import mongoose from 'mongoose'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { listEvidence } from '#models/evidence/records.server'
import { bulkIndexEvidence, type BulkIndexEntry } from '#models/evidence/search-index.server'
import { parseLibraryQuery, searchLibrary } from '#models/evidence/search.server'
import type { Actor } from '#models/tenancy/audit.server'
import { upsertOrganization } from '#models/tenancy/organization.server'
import { createUnit } from '#models/tenancy/unit.server'
import { startServices, scratchDir } from '#scripts/services'
import { rng } from '#test/support/random'
import { quantile } from '#test/bench/stats'

const TARGET_MS = 200
const ms = (v: number) => Number(v.toFixed(1))
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

// words of procurement and administration reports, most frequent first (picked with a Zipf-like skew)
const VOCABULARY = (
  'การ ของ และ ที่ ใน ให้ ได้ เป็น มี จาก โดย เพื่อ ตาม ราย งาน ผล ดำเนิน จัด ซื้อ จ้าง หน่วย สำนัก กอง ฝ่าย กลุ่ม ' +
  'ประจำ เดือน ปี ไตรมาส รายงาน สรุป แผน โครงการ กิจกรรม ประกาศ คำสั่ง ระเบียบ ประกวด ราคา สัญญา ผู้ ขาย ผู้ รับ ' +
  'วัสดุ สำนักงาน ค่า ใช้จ่าย เบิก จ่าย ตรวจ รับ พัสดุ คณะ กรรมการ อนุมัติ เห็นชอบ ลงนาม เลขที่ วันที่ หนังสือ ' +
  'ข้อมูล สาธารณะ เปิดเผย ความ โปร่งใส คุณธรรม ป้องกัน ทุจริต ประพฤติ มิชอบ ผลประโยชน์ ทับซ้อน ร้องเรียน ' +
  'บริการ ประชาชน ช่องทาง ออนไลน์ เว็บไซต์ ติดตาม ประเมิน ผลสัมฤทธิ์ ตัวชี้วัด เป้าหมาย บุคลากร อบรม พัฒนา ' +
  'report summary plan contract budget quarterly annual office unit review'
).split(' ')
/** Words placed in a known share of the main organization's documents, for queries of known breadth. */
const MARKED: [string, number][] = [
  ['กระเบื้อง', 0.01],
  ['ครุภัณฑ์', 0.05],
  ['คอมพิวเตอร์', 0.3],
  ['procurement', 0.1],
  ['งบประมาณ', 0.4],
]
const MONTHS = ['ตุลาคม', 'พฤศจิกายน', 'ธันวาคม', 'มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม']

export interface SearchBenchOptions {
  /** Evidence items of the measured organization (default 10 000, or BENCH_EVIDENCE). */
  evidence?: number
  /** Runs of each query (default 10). */
  runs?: number
  /** An organization already in the database: left as it is, it counts as one of the others. */
  organizationId?: string
  log?: (line: string) => void
}

/** Seeds an organization with `count` file evidence items and their extracted text, indexed; returns its id. */
async function seedOrganization(code: string, count: number, rand: () => number, log: (line: string) => void) {
  const began = performance.now()
  const organization = await upsertOrganization({
    code,
    nameTh: `หน่วยงานทดสอบการค้นหา ${code}`,
    nameEn: `Search bench ${code}`,
    agencyType: 'department',
  })
  const actor: Actor = { organizationId: organization.id, userId: null, userName: 'bench' }
  const units = []
  for (let i = 0; i < 5; i++)
    units.push(await createUnit(actor, { nameTh: `กองทดสอบ ${i + 1}`, nameEn: `Unit ${i + 1}`, kind: 'division' }))
  const pickWord = () => VOCABULARY[Math.floor(VOCABULARY.length * rand() ** 2)]
  const Evidence = mongoose.model('Evidence')
  const orgId = new mongoose.Types.ObjectId(organization.id)
  const start = new Date('2024-10-01T00:00:00+07:00').getTime()
  const entries: BulkIndexEntry[] = []
  for (let i = 0; i < count; i += 500) {
    const docs: Record<string, unknown>[] = []
    const texts: string[] = []
    for (let n = i; n < Math.min(count, i + 500); n++) {
      const words = Array.from({ length: 90 + Math.floor(rand() * 60) }, pickWord)
      for (const [w, share] of MARKED) if (rand() < share) words.splice(Math.floor(rand() * words.length), 0, w)
      // Thai text runs words together; spaces fall between phrases
      let text = ''
      for (const w of words) text += rand() < 0.25 || /^[a-z]/.test(w) ? ` ${w} ` : w
      texts.push(`${text} เลขที่หนังสือ สขร.${n} ปีงบประมาณ ${2567 + (n % 2)}`)
      const uploadedAt = new Date(start + Math.floor(rand() * 300) * 86_400_000)
      const month = String((n % 12) + 1).padStart(2, '0')
      const fileName = `สขร1-${month}-${MONTHS[n % MONTHS.length]}-${2567 + (n % 2)}-${n}.pdf`
      docs.push({
        _id: new mongoose.Types.ObjectId(),
        organizationId: orgId,
        type: 'file',
        title: `ผลการจัดซื้อจัดจ้าง ${MONTHS[n % MONTHS.length]} ลำดับ ${n}`,
        issuingUnitId: new mongoose.Types.ObjectId(units[n % units.length].id),
        documentDate: uploadedAt,
        versions: [
          {
            number: 1,
            key: `evidence/${organization.id}/bench-${n}`,
            size: 100_000,
            sha256: n.toString(16).padStart(64, '0'),
            mimeType: 'application/pdf',
            fileName,
            uploadedAt,
            uploadedByName: 'bench',
          },
        ],
        sha256: n.toString(16).padStart(64, '0'),
        createdByName: 'bench',
      })
    }
    await Evidence.insertMany(docs)
    entries.push(
      ...docs.map((d, k): BulkIndexEntry => {
        const v = (d.versions as { number: number; key: string; mimeType: string; fileName: string; size: number }[])[0]
        return {
          evidence: {
            id: String(d._id),
            title: String(d.title),
            description: '',
            tags: [],
            url: null,
            html: null,
            fileNames: [v.fileName],
            live: true,
            file: { version: 1, key: v.key, mimeType: v.mimeType, fileName: v.fileName, size: v.size },
          },
          text: { state: 'done', text: texts[k] },
        }
      }),
    )
  }
  const inserted = performance.now()
  await bulkIndexEvidence(organization.id, entries)
  log(
    `  ${code}: ${count} evidence inserted in ${ms((inserted - began) / 1000)} s, ` +
      `indexed in ${ms((performance.now() - inserted) / 1000)} s`,
  )
  return { id: organization.id, units: units.map((u) => u.id) }
}

/** Seeds and measures; returns the figures (the last line of the command is this object). */
export async function benchSearch(options: SearchBenchOptions = {}): Promise<Record<string, unknown>> {
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`))
  const count = options.evidence ?? Number(process.env.BENCH_EVIDENCE ?? 10_000)
  const runs = options.runs ?? Number(process.env.BENCH_RUNS ?? 5)
  const rand = rng(20261202)
  const suffix = Date.now().toString(36)
  log(`seeding ${count} evidence items with extracted text (and 2 × 1 000 in other organizations)…`)
  let t = performance.now()
  for (const k of [1, 2]) await seedOrganization(`bench-search-other-${k}-${suffix}`, 1000, rand, log)
  const org = await seedOrganization(`bench-search-${suffix}`, count, rand, log)
  log(`  seeded and indexed in ${ms((performance.now() - t) / 1000)} s`)

  const queries: [string, string][] = [
    ['one document (its number)', `q=${encodeURIComponent(`สขร.${Math.floor(count / 2)}`)}`],
    ['rare Thai word (~1 %)', `q=${encodeURIComponent('กระเบื้อง')}`],
    ['two Thai words (~1.5 %)', `q=${encodeURIComponent('ครุภัณฑ์ คอมพิวเตอร์')}`],
    ['English word, any case (~10 %)', 'q=PROCUREMENT'],
    ['broad Thai words (~40 %, capped at 200)', `q=${encodeURIComponent('งบประมาณ ดำเนิน')}`],
    [
      'Thai word + unit + date filters',
      `q=${encodeURIComponent('ครุภัณฑ์')}&unit=${org.units[2]}&from=2025-01-01&to=2025-06-30`,
    ],
  ]
  const all: number[] = []
  const perQuery: Record<string, { medianMs: number; found: number | null }> = {}
  for (const [label, params] of queries) {
    const query = parseLibraryQuery(new URLSearchParams(params))
    const first = await searchLibrary(org.id, query) // warms the connection pool
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      t = performance.now()
      await searchLibrary(org.id, query)
      times.push(performance.now() - t)
    }
    all.push(...times)
    perQuery[label] = { medianMs: ms(median(times)), found: first.total }
    log(
      `  ${label}: median ${ms(median(times))} ms, max ${ms(Math.max(...times))} ms; ` +
        `${first.total} found${first.capped ? ' (capped)' : ''}`,
    )
  }
  const sorted = [...all].sort((a, b) => a - b)
  const medianMs = median(all)
  const p95Ms = quantile(sorted, 0.95)
  log(
    `search (searchLibrary, in process): median ${ms(medianMs)} ms, p95 ${ms(p95Ms)} ms over ${all.length} runs ` +
      `(target median < ${TARGET_MS} ms: ${medianMs < TARGET_MS ? 'met' : 'NOT met'})`,
  )
  // baseline: what the library did before the index, a regular expression over titles and file names
  const base: number[] = []
  for (let i = 0; i < 3; i++) {
    t = performance.now()
    await listEvidence(org.id, { q: 'กระเบื้อง' })
    base.push(performance.now() - t)
  }
  const baselineMs = median(base)
  log(
    `baseline: regular-expression search of the evidence collection (titles and file names only): ` +
      `${ms(baselineMs)} ms median of 3, ${(baselineMs / medianMs).toFixed(1)}× the indexed search's median`,
  )
  return {
    medianMs: ms(medianMs),
    p95Ms: ms(p95Ms),
    items: count,
    runs: all.length,
    queries: perQuery,
    baselineMs: ms(baselineMs),
  }
}

async function main() {
  const dir = scratchDir('bench-search-')
  const services = await startServices(dir)
  try {
    await connectDatabase(services.mongoUri, { dbName: 'bench' })
    const result = await benchSearch()
    process.stdout.write(
      `load average during the run: ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} (2 cores)\n`,
    )
    process.stdout.write(`${JSON.stringify({ ...result, loadAverage: Number(loadavg()[0].toFixed(1)) })}\n`)
  } finally {
    await disconnectDatabase()
    await services.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) void main()
