/**
 * Preview benchmark: how soon a 150 MiB scanned PDF starts showing in the item page's preview. The preview is the
 * browser's PDF viewer on /evidence/<id>/file, which asks for byte ranges; this measures, on loopback, through the
 * app as `npm start` runs it (production build, real FerretDB and S3 gateway started for the run), as a signed-in
 * assessor: the time to the first byte of the answer and to the first MiB of `Range: bytes=0-1048575`, the last MiB
 * (a viewer reads a PDF's cross-reference table at its end next), and as the baseline in the same run the whole
 * file's GET (its first MiB and its end). Medians of RUNS runs each.
 * Run: npm run bench:preview (BENCH_PREVIEW_MIB sets the size; BENCH_BUILD_DIR reuses a build of the app).
 * Prints figures, and as its LAST line one JSON object { fileMiB, firstByteMs, firstMiBMs, fullMs, … }; never
 * pass/fail (the target, under 2 s to start showing, is reported).
 */
import { createReadStream, createWriteStream, rmSync } from 'node:fs'
import { once } from 'node:events'
import http from 'node:http'
import { randomBytes } from 'node:crypto'
import path from 'node:path'
import { performance } from 'node:perf_hooks'
import { newObjectKey } from '#evidence/storage/keys'
import { putHashedStream } from '#evidence/storage/objects.server'
import { createStorage, ensureBucket } from '#evidence/storage/storage.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { createFileEvidence } from '#models/evidence/records.server'
import { ROOT, startServices, scratchDir } from '#scripts/services'
import { buildApp, runBuiltApp, type RunningApp } from '#test/support/app-server'
import { createTestOrg, TEST_PASSWORD } from '#test/support/fixtures'
import { median } from '#test/bench/stats'

const MiB = 1024 * 1024
const FILE_MIB = Number(process.env.BENCH_PREVIEW_MIB ?? 150)
const RUNS = 7
const TARGET_MS = 2000
const say = (line: string) => process.stdout.write(`${line}\n`)
const ms = (v: number) => Number(v.toFixed(1))

/**
 * Writes a real PDF of about `mib` MiB, as a scanner makes them: one page per scanned sheet, each an uncompressed
 * grey picture (noise, so nothing on the way can compress it) under a line of text, with a correct cross-reference
 * table, so that a browser's viewer opens it. Resolves with its size in bytes and its pages.
 */
async function writeScanPdf(file: string, mib: number): Promise<{ size: number; pages: number }> {
  const [width, height] = [1280, 1228] // 1 571 840 bytes a page: 100 pages ≈ 150 MiB
  const pages = Math.max(1, Math.round((mib * MiB) / (width * height)))
  const noise = randomBytes(width * height)
  const out = createWriteStream(file)
  const offsets: number[] = []
  let at = 0
  const write = async (chunk: string | Buffer) => {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk
    at += b.length
    if (!out.write(b)) await once(out, 'drain')
  }
  const object = async (n: number, body: string, stream?: Buffer) => {
    offsets[n] = at
    await write(`${n} 0 obj\n${body}\n`)
    if (stream) {
      await write('stream\n')
      await write(stream)
      await write('\nendstream\n')
    }
    await write('endobj\n')
  }
  // objects: 1 catalog, 2 page tree, 3 font, then per page: the page, its content, its picture
  const pageObject = (i: number) => 4 + i * 3
  await write('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n')
  await object(1, '<< /Type /Catalog /Pages 2 0 R >>')
  const kids = Array.from({ length: pages }, (_, i) => `${pageObject(i)} 0 R`).join(' ')
  await object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`)
  await object(3, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>')
  for (let i = 0; i < pages; i++) {
    const p = pageObject(i)
    await object(
      p,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${p + 1} 0 R ` +
        `/Resources << /Font << /F1 3 0 R >> /XObject << /Scan ${p + 2} 0 R >> >> >>`,
    )
    const content = Buffer.from(
      `q 515 0 0 742 40 40 cm /Scan Do Q BT /F1 14 Tf 40 800 Td (Scanned sheet ${i + 1} of ${pages}) Tj ET`,
    )
    await object(p + 1, `<< /Length ${content.length} >>`, content)
    noise.writeUInt32LE(i, (i * 4099) % (noise.length - 4)) // every sheet differs
    await object(
      p + 2,
      `<< /Type /XObject /Subtype /Image /Width ${width} /Height ${height} /ColorSpace /DeviceGray ` +
        `/BitsPerComponent 8 /Length ${noise.length} >>`,
      noise,
    )
  }
  const count = pageObject(pages)
  const xref = at
  await write(`xref\n0 ${count}\n0000000000 65535 f \n`)
  for (let n = 1; n < count; n++) await write(`${String(offsets[n]).padStart(10, '0')} 00000 n \n`)
  await write(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`)
  out.end()
  await once(out, 'finish')
  return { size: at, pages }
}

interface Timing {
  status: number
  contentRange: string | null
  /** Until the answer's first byte (its status line) arrived. */
  firstByteMs: number
  /** Until the first MiB of the body (or the whole body, if shorter) arrived. */
  firstMiBMs: number
  /** Until the body ended. */
  endMs: number
  bytes: number
}

/** One GET on a fresh connection (as a viewer opening the file), timed as its bytes arrive. */
function timedGet(url: string, headers: Record<string, string>): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const started = performance.now()
    let firstByteMs = 0
    const request = http.get(url, { headers, agent: false }, (response) => {
      let bytes = 0
      let firstMiBMs = 0
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length
        if (!firstMiBMs && bytes >= MiB) firstMiBMs = performance.now() - started
      })
      response.on('end', () => {
        const endMs = performance.now() - started
        resolve({
          status: response.statusCode ?? 0,
          contentRange: (response.headers['content-range'] as string | undefined) ?? null,
          firstByteMs,
          firstMiBMs: firstMiBMs || endMs,
          endMs,
          bytes,
        })
      })
      response.on('error', reject)
    })
    // the first byte of the answer: the socket's first data event, before the headers are parsed
    request.on('socket', (socket) => socket.once('data', () => (firstByteMs = performance.now() - started)))
    request.on('error', reject)
  })
}

async function main() {
  const work = scratchDir('bench-preview-')
  const ownBuild = !process.env.BENCH_BUILD_DIR
  const buildDir = process.env.BENCH_BUILD_DIR ?? scratchDir('bench-build-', path.join(ROOT, '.cache'))
  const services = await startServices(path.join(work, 'services'))
  let app: RunningApp | undefined
  try {
    // ---- the file, stored as an upload stores it, in the organization of a signed-in assessor
    const pdf = path.join(work, 'scan.pdf')
    say(`writing a ${FILE_MIB} MiB scanned PDF…`)
    const { size, pages } = await writeScanPdf(pdf, FILE_MIB)
    await connectDatabase(services.mongoUri, { dbName: 'bench' })
    const org = await createTestOrg('bench-preview')
    const s3 = { ...services.s3, forcePathStyle: true }
    const storage = createStorage({ ...s3, bucket: 'bench-preview' })
    await ensureBucket(storage)
    const fileName = 'สแกนรายงานผลการจัดซื้อจัดจ้าง-ปีงบประมาณ-2569.pdf'
    const stored = await putHashedStream(
      storage,
      newObjectKey(org.organization.id),
      createReadStream(pdf, { highWaterMark: MiB }),
      { contentType: 'application/pdf', maxBytes: size + MiB, fileName },
    )
    const evidence = await createFileEvidence(org.actor, { ...stored, mimeType: 'application/pdf', fileName })
    await disconnectDatabase()
    rmSync(pdf, { force: true })

    // ---- the app, as `npm start` runs it
    if (ownBuild) {
      say('building the app…')
      buildApp(buildDir)
    }
    app = await runBuiltApp(buildDir, {
      MONGODB_URI: `${services.mongoUri}${services.mongoUri.endsWith('/') ? '' : '/'}bench`,
      S3_ENDPOINT: s3.endpoint,
      S3_REGION: s3.region,
      S3_BUCKET: storage.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
      SESSION_SECRET: 'bench-session-secret-that-is-long-enough-0123456789',
    })
    await app.healthy()
    const base = app.baseUrl
    const login = await fetch(`${base}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
      body: new URLSearchParams({ email: org.people.assessor.email, password: TEST_PASSWORD }),
    })
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]
    if (login.status !== 302 || !cookie) throw new Error(`sign-in failed (HTTP ${login.status})`)

    // ---- the preview's requests
    const url = `${base}/evidence/${evidence.id}/file`
    const ranged = { Cookie: cookie, Range: `bytes=0-${MiB - 1}` }
    const whole = { Cookie: cookie }
    // warm up (the first request loads the route module and opens the S3 connection)
    const warm = await timedGet(url, ranged)
    const expectRange = `bytes 0-${MiB - 1}/${size}`
    if (warm.status !== 206 || warm.contentRange !== expectRange || warm.bytes !== MiB)
      throw new Error(`ranged GET answered ${warm.status} ${warm.contentRange} with ${warm.bytes} bytes`)
    const tail = { Cookie: cookie, Range: `bytes=${size - MiB}-${size - 1}` }
    const rangedRuns: Timing[] = []
    const tailRuns: Timing[] = []
    const wholeRuns: Timing[] = []
    for (let i = 0; i < RUNS; i++) {
      rangedRuns.push(await timedGet(url, ranged))
      const last = await timedGet(url, tail)
      if (last.status !== 206 || last.bytes !== MiB) throw new Error(`tail GET: ${last.status}, ${last.bytes} bytes`)
      tailRuns.push(last)
      const full = await timedGet(url, whole)
      if (full.status !== 200 || full.bytes !== size) throw new Error(`full GET: ${full.status}, ${full.bytes} bytes`)
      wholeRuns.push(full)
    }
    const result = {
      fileMiB: Number((size / MiB).toFixed(1)),
      firstByteMs: ms(median(rangedRuns.map((r) => r.firstByteMs))),
      firstMiBMs: ms(median(rangedRuns.map((r) => r.firstMiBMs))),
      fullMs: ms(median(wholeRuns.map((r) => r.endMs))),
      lastMiBMs: ms(median(tailRuns.map((r) => r.endMs))),
      fullFirstByteMs: ms(median(wholeRuns.map((r) => r.firstByteMs))),
      fullFirstMiBMs: ms(median(wholeRuns.map((r) => r.firstMiBMs))),
      fullMiBps: Number((size / MiB / (median(wholeRuns.map((r) => r.endMs)) / 1000)).toFixed(1)),
      runs: RUNS,
      targetMs: TARGET_MS,
    }
    say(`file: ${result.fileMiB} MiB PDF, ${pages} scanned pages`)
    say(
      `ranged GET bytes=0-${MiB - 1} (206 ${expectRange}): first byte ${result.firstByteMs} ms, first MiB ` +
        `${result.firstMiBMs} ms (median of ${RUNS}; target: starts showing in under ${TARGET_MS} ms)`,
    )
    say(`ranged GET of the last MiB (where a viewer reads the cross-reference table): ${result.lastMiBMs} ms`)
    say(
      `whole-file GET (baseline): first byte ${result.fullFirstByteMs} ms, first MiB ${result.fullFirstMiBMs} ms, ` +
        `all ${result.fullMs} ms (${result.fullMiBps} MiB/s; median of ${RUNS})`,
    )
    say(JSON.stringify(result))
  } finally {
    await app?.stop()
    await services.stop()
    rmSync(work, { recursive: true, force: true })
    if (ownBuild) rmSync(buildDir, { recursive: true, force: true })
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`)
    process.exit(1)
  },
)
