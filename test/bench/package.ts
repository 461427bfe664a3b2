/**
 * Package benchmark: 2 000 objects totalling 2 GiB archived S3-to-S3 by the package builder,
 * against copying the same objects S3-to-S3 with the SDK (GetObject streamed into an Upload),
 * in the same run on the same embedded S3 server. Prints figures and ratios; never pass/fail.
 * Last line: one JSON object { files, bytes, peakRssMiB, throughputRatio, … }.
 */
import { randomBytes } from 'node:crypto'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import { buildArchiveToS3, type ArchiveEntry } from '#evidence/package/archive.server'
import { createStorage, ensureBucket } from '#evidence/storage/storage.server'
import { startServices, scratchDir } from '#scripts/services'

const FILES = Number(process.env.BENCH_FILES ?? 2000)
const TOTAL = Number(process.env.BENCH_BYTES ?? 2 * 1024 ** 3)
const MiB = 1024 * 1024

function vmHwmMiB(): number {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'))
  return m ? Number(m[1]) / 1024 : process.memoryUsage().rss / MiB
}

async function main() {
  const dir = scratchDir('bench-package-')
  const services = await startServices(dir)
  try {
    const storage = createStorage({ ...services.s3, bucket: 'bench-package', forcePathStyle: true })
    await ensureBucket(storage)

    // sizes vary around the mean like real evidence (a few large scans, many small documents)
    const weights = Array.from({ length: FILES }, (_, i) => 0.2 + ((i * 7919) % 1000) / 500)
    const sum = weights.reduce((a, b) => a + b, 0)
    const sizes = weights.map((w) => Math.max(1024, Math.floor((w / sum) * TOTAL)))
    const bytes = sizes.reduce((a, b) => a + b, 0)
    process.stdout.write(`seeding ${FILES} objects, ${(bytes / MiB).toFixed(0)} MiB…\n`)
    const block = randomBytes(8 * MiB)
    const entries: ArchiveEntry[] = []
    for (let i = 0; i < FILES; i += 8) {
      await Promise.all(
        sizes.slice(i, i + 8).map(async (size, j) => {
          const key = `evidence/${String(i + j).padStart(5, '0')}`
          const offset = ((i + j) * 4099) % (block.length - Math.min(size, block.length))
          // distinct bytes per object without generating 2 GiB of randomness
          const body =
            size <= block.length
              ? block.subarray(offset, offset + size)
              : Buffer.concat(Array.from({ length: Math.ceil(size / block.length) }, () => block)).subarray(0, size)
          await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: body }))
          entries.push({
            path: `OIT/09-การเปิดเผยข้อมูล/O${(i + j) % 43}/หลักฐาน ${i + j}.pdf`,
            source: { kind: 'object', key, size },
          })
        }),
      )
    }

    const rssBefore = process.memoryUsage().rss / MiB
    process.stdout.write('baseline: SDK copy S3-to-S3 (GetObject streamed into Upload), one object at a time…\n')
    let t = performance.now()
    for (const e of entries) {
      if (e.source.kind !== 'object') continue
      const got = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: e.source.key }))
      await new Upload({
        client: storage.client,
        params: { Bucket: storage.bucket, Key: `copy/${e.source.key}`, Body: got.Body as Readable },
        queueSize: 2,
        partSize: 8 * MiB,
      }).done()
    }
    const baselineMs = performance.now() - t

    process.stdout.write('package builder: one ZIP streamed into a multipart upload…\n')
    global.gc?.()
    // reset the kernel's peak-RSS mark so that VmHWM covers the package phase only
    try {
      writeFileSync('/proc/self/clear_refs', '5')
    } catch {
      // not Linux, or not allowed: the polled RSS below still gives the peak
    }
    let peak = 0
    const poll = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / MiB)), 50)
    t = performance.now()
    const built = await buildArchiveToS3(storage, entries, 'packages/bench.zip', {
      date: new Date('2026-09-30T17:00:00Z'),
    })
    const packageMs = performance.now() - t
    clearInterval(poll)
    peak = Math.max(peak, vmHwmMiB())

    const mbps = (ms: number) => bytes / MiB / (ms / 1000)
    const result = {
      files: FILES,
      bytes,
      archiveBytes: built.size,
      packageMs: Math.round(packageMs),
      baselineMs: Math.round(baselineMs),
      packageMiBps: Number(mbps(packageMs).toFixed(1)),
      baselineMiBps: Number(mbps(baselineMs).toFixed(1)),
      throughputRatio: Number((baselineMs / packageMs).toFixed(3)),
      rssBeforeMiB: Math.round(rssBefore),
      peakRssMiB: Math.round(peak),
    }
    process.stdout.write(
      `package: ${result.packageMiBps} MiB/s, baseline copy: ${result.baselineMiBps} MiB/s, ratio ` +
        `${result.throughputRatio}; peak RSS ${result.peakRssMiB} MiB (before ${result.rssBeforeMiB} MiB)\n`,
    )
    process.stdout.write(`${JSON.stringify(result)}\n`)
  } finally {
    await services.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

void main()
