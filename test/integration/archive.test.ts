import { execFileSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { GetObjectCommand, HeadObjectCommand, ListMultipartUploadsCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ArchiveCancelled,
  ArchiveStoreError,
  archiveSegment,
  buildArchiveToS3,
  planArchive,
  sanitizeArchivePath,
  type ArchiveEntry,
} from '#evidence/package/archive.server'
import type { Storage } from '#evidence/storage/storage.server'
import { useTestBucket } from '#test/support/services'

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const DATE = new Date('2026-09-30T17:00:00Z')
let storage: Storage
let dir: string
const files: { key: string; path: string; body: Buffer }[] = []

async function download(key: string): Promise<Buffer> {
  const got = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }))
  return Buffer.from(await got.Body!.transformToByteArray())
}

beforeAll(async () => {
  storage = await useTestBucket()
  dir = mkdtempSync(path.join(tmpdir(), 'archive-test-'))
  const specs = [
    ['OIT/09-การเปิดเผยข้อมูล/O01-โครงสร้าง/แผนผังโครงสร้างองค์กร.pdf', 300_000],
    ['OIT/09-การเปิดเผยข้อมูล/O02-ผู้บริหาร/ข้อมูลผู้บริหาร ปี 2569.docx', 120_000],
    ['OIT/10-การป้องกันการทุจริต/O31-นโยบาย/รายงาน.csv', 5_000],
    ['KPI/7.1/หลักฐาน 1.jpg', 7 * 1024 * 1024], // larger than one part
  ] as const
  for (const [p, size] of specs) {
    const body = p.endsWith('.csv') ? Buffer.from('รหัส,ชื่อ\n'.repeat(size / 20)) : randomBytes(size)
    const key = `objects/${randomBytes(6).toString('hex')}`
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: key, Body: body }))
    files.push({ key, path: p, body })
  }
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const entries = (): ArchiveEntry[] => [
  ...files.map((f) => ({ path: f.path, source: { kind: 'object' as const, key: f.key, size: f.body.length } })),
  {
    path: 'manifest.json',
    source: { kind: 'bytes', data: JSON.stringify({ files: files.map((f) => [f.path, sha256(f.body)]) }) },
  },
]

describe('the submission archive', () => {
  it('streams S3 objects into a valid ZIP in S3 whose files equal the originals', async () => {
    const progress: number[] = []
    const built = await buildArchiveToS3(storage, entries(), 'packages/a.zip', {
      date: DATE,
      onProgress: (p) => progress.push(p.filesDone),
      partSize: 5 * 1024 * 1024,
    })
    const zip = await download('packages/a.zip')
    expect(built.size).toBe(zip.length)
    expect(built.sha256).toBe(sha256(zip))
    expect(progress).toEqual([1, 2, 3, 4, 5])
    const file = path.join(dir, 'a.zip')
    writeFileSync(file, zip)
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/)
    const out = path.join(dir, 'a')
    execFileSync('unzip', ['-q', file, '-d', out])
    for (const f of files) expect(sha256(readFileSync(path.join(out, f.path))), f.path).toBe(sha256(f.body))
  })

  it('flags Thai names as UTF-8 and writes entries sorted, with the fixed timestamp', async () => {
    await buildArchiveToS3(storage, entries(), 'packages/b.zip', { date: DATE })
    const file = path.join(dir, 'b.zip')
    writeFileSync(file, await download('packages/b.zip'))
    const listing = execFileSync(
      'python3',
      [
        '-c',
        `
import zipfile, sys, json
z = zipfile.ZipFile(sys.argv[1])
print(json.dumps([[i.filename, i.flag_bits & 0x800, list(i.date_time)] for i in z.infolist()], ensure_ascii=False))
`,
        file,
      ],
      { encoding: 'utf8' },
    )
    const rows = JSON.parse(listing) as [string, number, number[]][]
    const names = rows.map((r) => r[0])
    expect(names).toEqual([...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))))
    for (const [name, utf8, time] of rows) {
      if (/[^\x00-\x7f]/.test(name)) expect(utf8, name).toBe(0x800)
      expect(time).toEqual([2026, 9, 30, 17, 0, 0])
    }
  })

  it('gives byte-identical archives for the same state, whatever the order of the input', async () => {
    const a = await buildArchiveToS3(storage, entries(), 'packages/c1.zip', { date: DATE })
    const b = await buildArchiveToS3(storage, entries().reverse(), 'packages/c2.zip', { date: DATE })
    expect(b.sha256).toBe(a.sha256)
    expect(sha256(await download('packages/c2.zip'))).toBe(sha256(await download('packages/c1.zip')))
  })

  it('cancels cleanly: no archive object and no multipart upload left', async () => {
    const controller = new AbortController()
    const run = buildArchiveToS3(storage, entries(), 'packages/cancelled.zip', {
      date: DATE,
      signal: controller.signal,
      partSize: 5 * 1024 * 1024,
      onProgress: (p) => p.filesDone === 2 && controller.abort(),
    })
    await expect(run).rejects.toBeInstanceOf(ArchiveCancelled)
    await expect(
      storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: 'packages/cancelled.zip' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } })
    const uploads = await storage.client.send(
      new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: 'packages/cancelled' }),
    )
    expect(uploads.Uploads ?? []).toEqual([])
  })
})

describe('archive paths', () => {
  it('never escape the archive or break Windows and macOS', () => {
    expect(sanitizeArchivePath('../../etc/passwd')).toBe('etc/passwd')
    expect(sanitizeArchivePath('/absolute/ไฟล์.pdf')).toBe('absolute/ไฟล์.pdf')
    expect(sanitizeArchivePath('C:\\Users\\a\\..\\b.txt')).toBe('C_/Users/a/b.txt')
    // `..` never climbs, so no path reaches a folder above the one it was put in
    expect(sanitizeArchivePath('OIT/O1/E1-x/../../../../index.html')).toBe('OIT/O1/E1-x/index.html')
    expect(sanitizeArchivePath('bad\u0000name\u0007.pdf')).toBe('badname.pdf')
    expect(sanitizeArchivePath('a/CON.txt')).toBe('a/_CON.txt')
    expect(sanitizeArchivePath('what?<>|*".pdf')).toBe('what______.pdf')
    expect(sanitizeArchivePath('trailing dots... ')).toBe('trailing dots')
    const long = sanitizeArchivePath(`${'ก'.repeat(300)}.pdf`)
    expect(long.length).toBeLessThanOrEqual(80)
    expect(long.endsWith('.pdf')).toBe(true)
    expect(sanitizeArchivePath(`${'a/'.repeat(200)}x.pdf`).length).toBeLessThanOrEqual(240)
  })

  it('keeps two files that end up with one name apart', () => {
    const planned = planArchive([
      { path: 'O1/ไฟล์.pdf', source: { kind: 'bytes', data: 'a' } },
      { path: 'O1/ไฟล์.pdf', source: { kind: 'bytes', data: 'b' } },
      { path: 'O1/./ไฟล์.PDF', source: { kind: 'bytes', data: 'c' } },
    ])
    expect(planned.map((p) => p.path)).toEqual(['O1/ไฟล์ (2).pdf', 'O1/ไฟล์ (3).PDF', 'O1/ไฟล์.pdf'])
  })
})

describe('names people typed', () => {
  const hostile = [
    'x/../../../../index',
    '../manifest.json',
    'index.html',
    'a\u0000b',
    'report\u202Efdp.exe',
    '..',
    '\u202E',
    ' / ',
    'C:\\Windows\\..\\evil.txt',
    '.hidden',
  ]

  it('are always one segment: no separator, no `..`, no control or bidi character, never empty', () => {
    for (const raw of hostile) {
      const segment = archiveSegment(raw)
      expect(segment, JSON.stringify(raw)).not.toMatch(
        /[/\\]|\.\.|[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u202a-\u202e\u2066-\u2069]/,
      )
      expect(segment.length, JSON.stringify(raw)).toBeGreaterThan(0)
      expect(segment.startsWith('.'), JSON.stringify(raw)).toBe(false)
      // sanitising twice changes nothing: the second plan of a package keeps the first's names
      expect(archiveSegment(segment)).toBe(segment)
    }
    expect(archiveSegment('x/../../../../index')).toBe('x index')
    expect(archiveSegment('report\u202Efdp.exe')).toBe('reportfdp.exe')
    expect(archiveSegment('\u202E', 'ไม่มีชื่อ')).toBe('ไม่มีชื่อ')
    expect(archiveSegment('มาตรการ/แผนปฏิบัติการ')).toBe('มาตรการ แผนปฏิบัติการ')
  })

  it('stay inside their folder, leave the generated names to the generated files, and never repeat', () => {
    const folder = ['OIT', '09-การเปิดเผยข้อมูล', 'O01-โครงสร้าง']
    const planned = planArchive(
      [
        ...hostile.map((title, i) => ({
          path: [...folder, `E1-${title}`],
          source: { kind: 'bytes' as const, data: String(i) },
        })),
        // a user entry given at the root with a generated name, and two with the same title
        { path: ['index.html'], source: { kind: 'bytes', data: 'fake index' } },
        { path: ['manifest.json'], source: { kind: 'bytes', data: 'fake manifest' } },
        { path: [...folder, 'E2-สรุปผล.html'], source: { kind: 'bytes', data: 'one' } },
        { path: [...folder, 'E2-สรุปผล.html'], source: { kind: 'bytes', data: 'two' } },
        // a file named like a folder that holds other entries
        { path: ['OIT'], source: { kind: 'bytes', data: 'not a folder' } },
        { path: 'index.html', source: { kind: 'bytes', data: 'real index' }, reserved: true },
      ],
      { reserve: ['manifest.json', 'index.pdf'] },
    )
    const paths = planned.map((p) => p.path)
    expect(new Set(paths.map((p) => p.toLowerCase())).size).toBe(paths.length)
    for (const p of paths) expect(p).not.toMatch(/(^|\/)\.\.(\/|$)/)
    expect(planned.find((p) => p.path === 'index.html')?.source).toEqual({ kind: 'bytes', data: 'real index' })
    expect(paths).not.toContain('manifest.json')
    expect(paths).toContain('index (2).html')
    expect(paths).toContain('manifest (2).json')
    expect(paths).toContain('OIT (2)')
    // each hostile title is one file directly in its item's folder
    const inFolder = paths.filter((p) => p.startsWith(`${folder.join('/')}/`))
    expect(inFolder).toHaveLength(hostile.length + 2)
    for (const p of inFolder) expect(p.split('/')).toHaveLength(folder.length + 1)
    expect(inFolder).toEqual(
      expect.arrayContaining([`${folder.join('/')}/E2-สรุปผล.html`, `${folder.join('/')}/E2-สรุปผล (2).html`]),
    )
    // planned again (as the package does with its generated files), nothing moves
    const again = planArchive(
      planned.map((p) => ({ path: p.path, source: p.source, reserved: p.path === 'index.html' })),
      { reserve: ['manifest.json', 'index.pdf'] },
    )
    expect(again.map((p) => p.path)).toEqual(paths)
  })

  it('keep long duplicate names within the segment limit, unchanged when planned again', () => {
    const long = `${'ก'.repeat(120)}.pdf`
    const planned = planArchive(
      [0, 1, 2].map((i) => ({ path: ['F', long], source: { kind: 'bytes' as const, data: String(i) } })),
    )
    const paths = planned.map((p) => p.path)
    expect(new Set(paths).size).toBe(3)
    for (const p of paths) expect(p.split('/')[1].length).toBeLessThanOrEqual(80)
    expect(planArchive(planned).map((p) => p.path)).toEqual(paths)
  })
})

describe('an object that ends short', () => {
  it('fails the archive with the entry named instead of packaging a truncated file', async () => {
    const f = files[0]
    const run = buildArchiveToS3(
      storage,
      [{ path: 'short.pdf', source: { kind: 'object', key: f.key, size: f.body.length + 10 } }],
      'packages/short.zip',
      { date: DATE },
    )
    await expect(run).rejects.toBeInstanceOf(ArchiveStoreError)
    await expect(run).rejects.toThrow(/reading "short\.pdf" from the store: got 300000 of 300010 bytes/)
    await expect(
      storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: 'packages/short.zip' })),
    ).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } })
    expect(
      (await storage.client.send(new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: 'packages/short' })))
        .Uploads ?? [],
    ).toEqual([])
  })
})
