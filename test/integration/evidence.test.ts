/**
 * The evidence library against the real MongoDB-protocol server and the real S3 gateway:
 * streaming uploads (sniffed, hashed), versions, downloads, links to required elements through
 * a resolver over real catalogs, link checks with snapshots from a local web server, the bin
 * with its retention job, and the reconciler.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEvidenceFile, openLinkSnapshot } from '#evidence/storage/download.server'
import { purgeExpiredEvidence, reconcileEvidenceObjects } from '#evidence/storage/jobs.server'
import { checkLinkEvidence } from '#evidence/links/check.server'
import type { Storage } from '#evidence/storage/storage.server'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import { receiveEvidenceUpload, type UploadAnswer } from '#evidence/uploads/upload.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import {
  createLinkEvidence,
  createTextEvidence,
  deleteEvidence,
  getEvidence,
  linkEvidence,
  listEvidence,
  listEvidenceForTarget,
  restoreEvidence,
  unlinkEvidence,
  updateEvidenceMetadata,
} from '#models/evidence/records.server'
import { resolveFromCatalogs } from '#models/evidence/targets.server'
import { evidenceQueueStates, type QueueState } from '#models/reporting/job-queues.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, release } from '#test/support/kit'
import {
  elfBytes,
  largePdfLike,
  minimalPdf,
  multipartRequest,
  sha256,
  solidPng,
  thaiXlsx,
} from '#test/support/evidence-files'
import type { Actor } from '#models/tenancy/audit.server'

let storage: Storage
let org: TestOrg
let coordinator: Actor
const MAX = 20 * 1024 * 1024

async function upload(fileName: string, bytes: Uint8Array, replaceEvidenceId?: string): Promise<UploadAnswer> {
  const request = multipartRequest('http://app.test/evidence/upload', fileName, bytes)
  return receiveEvidenceUpload(storage, coordinator, request, {
    parse: parseMultipart,
    maxFileBytes: MAX,
    replaceEvidenceId,
  })
}

async function storedBytes(key: string) {
  const o = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }))
  return Buffer.from(await o.Body!.transformToByteArray())
}

/** What the metrics say of one evidence queue (this file's database holds this file's organization only). */
async function waiting(queue: QueueState['queue'], now = new Date()): Promise<Omit<QueueState, 'queue'>> {
  const { depth, oldestSince } = (await evidenceQueueStates(now)).find((q) => q.queue === queue)!
  return { depth, oldestSince }
}

async function readAll(stream: ReadableStream<Uint8Array>) {
  return Buffer.from(await new Response(stream).arrayBuffer())
}

beforeAll(async () => {
  ;({ org, storage } = await provide({ org: 'evi', bucket: true }))
  coordinator = actorsOf(org).coordinator
})
afterAll(release)

describe('uploading files', () => {
  it(
    'stores accepted types with the SHA-256 and size of the bytes ' + 'sent, under keys that are not the names',
    async () => {
      const files: [string, Buffer][] = [
        ['รายงานผลการดำเนินงาน ปี 2569.pdf', minimalPdf()],
        ['แผนผังองค์กร.png', solidPng()],
        ['แผนงบประมาณ.xlsx', await thaiXlsx()],
        ['รายชื่อ.csv', Buffer.from('ลำดับ,ชื่อ\n1,ปั้น ญี่ปุ่น ฎีกา\n', 'utf8')],
        ['large.pdf', largePdfLike(12 * 1024 * 1024 + 123)], // two multipart parts
      ]
      for (const [name, bytes] of files) {
        const answer = await upload(name, bytes)
        expect(answer, name).toMatchObject({ ok: true, fileName: name })
        if (!answer.ok) continue
        expect(answer.evidence.sha256).toBe(sha256(bytes))
        expect(answer.evidence.size).toBe(bytes.length)
        const evidence = (await getEvidence(org.organization.id, answer.evidence.id))!
        expect(evidence.current!.fileName).toBe(name)
        expect(evidence.current!.key).toMatch(new RegExp(`^evidence/${org.organization.id}/[0-9a-f-]{36}$`))
        expect(sha256(await storedBytes(evidence.current!.key))).toBe(sha256(bytes))
      }
      const types = (await listEvidence(org.organization.id)).map((e) => e.current!.mimeType)
      expect(types).toEqual(
        expect.arrayContaining([
          'application/pdf',
          'image/png',
          'text/csv; charset=utf-8',
          expect.stringContaining('spreadsheetml'),
        ]),
      )
    },
  )

  it('refuses a forged type with a reason naming the file, and stores nothing', async () => {
    const before = (await listEvidence(org.organization.id)).length
    const forged = await upload('คำสั่งแต่งตั้ง.pdf', elfBytes())
    expect(forged).toMatchObject({ ok: false, status: 415 })
    expect(!forged.ok && forged.reason).toMatch(/"คำสั่งแต่งตั้ง\.pdf".*ไม่รับ.* \/ .*not accepted/)
    const renamed = await upload('photo.pdf', solidPng())
    expect(!renamed.ok && renamed.reason).toMatch(/name says PDF but the content is PNG/)
    expect(await upload('empty.txt', new Uint8Array())).toMatchObject({ ok: false, status: 400 })
    expect((await listEvidence(org.organization.id)).length).toBe(before)
    const { events } = await listAuditEvents(org.organization.id, { action: 'evidence.upload-refused' })
    expect(events.map((e) => e.targetLabel)).toEqual(expect.arrayContaining(['คำสั่งแต่งตั้ง.pdf', 'photo.pdf']))
  })

  it("keeps Thai names with ; = and ' intact", async () => {
    const name = "ประกาศ; ฉบับที่=2 (ผู้อำนวยการ's).pdf"
    expect(await upload(name, minimalPdf())).toMatchObject({ ok: true, fileName: name })
  })

  it('refuses a file over the limit by its declared size before reading it', async () => {
    const request = multipartRequest('http://app.test/evidence/upload', 'huge.pdf', (async function* () {})(), {
      size: MAX + 1024 * 1024,
    })
    const answer = await receiveEvidenceUpload(storage, coordinator, request, {
      parse: parseMultipart,
      maxFileBytes: MAX,
    })
    expect(answer).toMatchObject({ ok: false, status: 413 })
  })

  it('keeps earlier versions when a file is replaced, and flags identical bytes', async () => {
    const v1 = minimalPdf('version one')
    const first = await upload('คู่มือ.pdf', v1)
    if (!first.ok) throw new Error(first.reason)
    const second = await upload('คู่มือ ฉบับปรับปรุง.pdf', minimalPdf('version two'), first.evidence.id)
    expect(second).toMatchObject({ ok: true, evidence: { id: first.evidence.id, version: 2 } })
    const evidence = (await getEvidence(org.organization.id, first.evidence.id))!
    expect(evidence.versions.map((v) => v.fileName)).toEqual(['คู่มือ.pdf', 'คู่มือ ฉบับปรับปรุง.pdf'])

    const old = await openEvidenceFile(storage, org.organization.id, first.evidence.id, { version: 1 })
    expect(sha256(await readAll(old.body))).toBe(sha256(v1))
    expect(old.headers.get('Content-Type')).toBe('application/pdf')
    expect(old.headers.get('Content-Disposition')).toMatch(
      new RegExp(`^inline; filename="\\?+\\.pdf"; filename\\*=UTF-8''${encodeURIComponent('คู่มือ.pdf')}$`),
    )
    const range = await openEvidenceFile(storage, org.organization.id, first.evidence.id, {
      version: 1,
      range: 'bytes=0-7',
      download: true,
    })
    expect(range.status).toBe(206)
    expect((await readAll(range.body)).toString('latin1')).toBe('%PDF-1.4')
    expect(range.headers.get('Content-Disposition')).toMatch(/^attachment;/)

    const again = await upload('สำเนา.pdf', v1)
    expect(again.ok).toBe(true) // the old bytes are no longer the current version of anything
    const copy = await upload('สำเนาอีกครั้ง.pdf', v1)
    expect(copy.ok && copy.duplicates.map((d) => d.id)).toEqual([again.ok && again.evidence.id])

    // another organization never sees them
    const other = await createTestOrg('evo')
    await expect(openEvidenceFile(storage, other.organization.id, first.evidence.id)).rejects.toMatchObject({
      status: 404,
    })
    expect(await getEvidence(other.organization.id, first.evidence.id)).toBeNull()
  })
})

describe('links to required elements', () => {
  // a resolver over real catalog documents, as the catalog side will plug one in
  const resolveTarget = resolveFromCatalogs(loadBuiltInCatalogs())

  it('links one evidence to elements of several catalogs of one fiscal year, and warns about dates', async () => {
    const answer = await upload('ประกาศ.pdf', minimalPdf('announcement'))
    if (!answer.ok) throw new Error(answer.reason)
    const id = answer.evidence.id
    // 15 Sep 2024 is fiscal year 2567: outside "current-fy" of 2569
    await updateEvidenceMetadata(coordinator, id, {
      title: 'ประกาศเจตนารมณ์',
      documentDate: '2024-09-15',
      tags: ['O1', 'ประกาศ'],
    })

    const first = await linkEvidence(
      coordinator,
      id,
      { catalogId: 'ita-nacc-2569', itemCode: 'O1', elementId: 'e1' },
      { resolveTarget },
    )
    expect(first.warnings).toEqual([])
    const second = await linkEvidence(
      coordinator,
      id,
      { catalogId: 'ita-nacc-2569', itemCode: 'O13', elementId: 'e2' },
      { resolveTarget },
    )
    expect(second.warnings).toEqual([expect.stringMatching(/ปีงบประมาณ 2569.* \/ .*fiscal year 2569/)])
    expect(second.evidence.links.map((l) => `${l.itemCode}/${l.elementId}`)).toEqual(['O1/e1', 'O13/e2'])
    expect(second.evidence.links[1].warning).toMatch(/fiscal year 2569/)
    // linking twice changes nothing
    expect(
      (
        await linkEvidence(
          coordinator,
          id,
          { catalogId: 'ita-nacc-2569', itemCode: 'O1', elementId: 'e1' },
          { resolveTarget },
        )
      ).evidence.links,
    ).toHaveLength(2)

    await expect(
      linkEvidence(coordinator, id, { catalogId: 'ita-nacc-2568', itemCode: 'O1', elementId: 'e1' }, { resolveTarget }),
    ).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/2569.*2568/) })
    await expect(
      linkEvidence(
        coordinator,
        id,
        { catalogId: 'ita-nacc-2569', itemCode: 'O1', elementId: 'e99' },
        { resolveTarget },
      ),
    ).rejects.toMatchObject({ status: 400, fieldErrors: { elementId: expect.any(String) } })
    await expect(
      linkEvidence(coordinator, id, { catalogId: '', itemCode: 'O1', elementId: 'e1' }, { resolveTarget }),
    ).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/catalogId: แคตตาล็อก: จำเป็นต้องระบุ/) })
    await expect(
      linkEvidence(
        coordinator,
        id,
        { catalogId: 'ita-nacc-2569', itemCode: 'O2', elementId: 'e1' },
        { resolveTarget, mayLink: () => false },
      ),
    ).rejects.toMatchObject({ status: 403 })

    expect(
      (
        await listEvidenceForTarget(org.organization.id, {
          catalogId: 'ita-nacc-2569',
          itemCode: 'O13',
          elementId: 'e2',
        })
      ).map((e) => e.id),
    ).toEqual([id])
    const unlinked = await unlinkEvidence(coordinator, id, {
      catalogId: 'ita-nacc-2569',
      itemCode: 'O13',
      elementId: 'e2',
    })
    expect(unlinked.links.map((l) => l.itemCode)).toEqual(['O1'])
    // unlinking never deletes bytes
    expect(sha256(await storedBytes(unlinked.current!.key))).toBe(answer.evidence.sha256)
    const actions = (await listAuditEvents(org.organization.id, { targetId: id })).events.map((e) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining(['evidence.upload', 'evidence.update', 'evidence.link', 'evidence.unlink']),
    )
  })

  it('refuses bad metadata naming the field, and changes nothing', async () => {
    const [e] = await listEvidence(org.organization.id)
    await expect(
      updateEvidenceMetadata(coordinator, e.id, { title: '', documentDate: '2025-01-01' }),
    ).rejects.toMatchObject({ fieldErrors: { title: expect.stringMatching(/ชื่อหลักฐาน/) } })
    await expect(
      updateEvidenceMetadata(coordinator, e.id, { title: 'x', periodFrom: '2025-02-01', periodTo: '2025-01-01' }),
    ).rejects.toMatchObject({ fieldErrors: { periodTo: expect.any(String) } })
    expect((await getEvidence(org.organization.id, e.id))!.title).toBe(e.title)
  })
})

describe('link and text evidence', () => {
  let server: Server
  let base: string
  const page = Buffer.from(
    '<!doctype html><html lang="th"><title>โครงสร้าง</title><h1>แผนผังโครงสร้างองค์กร</h1></html>',
    'utf8',
  )
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/old') return res.writeHead(301, { Location: '/about' }).end()
      if (req.url === '/about') return res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page)
      if (req.url === '/slow') return setTimeout(() => res.end('late'), 3000)
      res.writeHead(404).end()
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })
  afterAll(() => new Promise<void>((r) => server.close(() => r())))

  it('validates links: http(s), no credentials, the agency domains, no private addresses by default', async () => {
    await expect(createLinkEvidence(coordinator, { url: 'ftp://example.go.th/a' })).rejects.toMatchObject({
      fieldErrors: { url: expect.stringMatching(/http/) },
    })
    await expect(createLinkEvidence(coordinator, { url: 'https://user:pw@example.go.th/' })).rejects.toMatchObject({
      status: 400,
    })
    await expect(
      createLinkEvidence(coordinator, { url: 'https://evil.example.com/', title: 'x' }, { domains: ['example.go.th'] }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/example\.go\.th/) })
    await expect(createLinkEvidence(coordinator, { url: `${base}/about` })).rejects.toMatchObject({
      message: expect.stringMatching(/internal address \(loopback\)/),
    })
    const ok = await createLinkEvidence(
      coordinator,
      { url: 'https://www.sub.example.go.th/ita' },
      { domains: ['example.go.th'] },
    )
    expect(ok.url).toBe('https://www.sub.example.go.th/ita')
  })

  it('checks a link through its redirect and stores a snapshot with its hash', async () => {
    const link = await createLinkEvidence(
      coordinator,
      { url: `${base}/old`, title: 'หน้าเว็บโครงสร้าง' },
      { allowPrivate: true },
    )
    // never checked: the metrics count it as waiting for its check since its creation
    const before = await waiting('link_check')
    expect(before.depth).toBeGreaterThanOrEqual(1)
    expect(before.oldestSince!.getTime()).toBeLessThanOrEqual(new Date(link.createdAt).getTime())
    const checked = await checkLinkEvidence(storage, coordinator, link.id, { allowPrivate: true, snapshot: true })
    expect((await waiting('link_check')).depth).toBe(before.depth - 1)
    // due again a day after its check
    expect((await waiting('link_check', new Date(Date.now() + 25 * 3600_000))).depth).toBeGreaterThanOrEqual(
      before.depth,
    )
    expect(checked.lastCheck).toMatchObject({
      ok: true,
      status: 200,
      contentType: 'text/html; charset=utf-8',
      finalUrl: `${base}/about`,
      redirects: [`${base}/about`],
    })
    expect(checked.snapshots).toHaveLength(1)
    expect(checked.snapshots[0].sha256).toBe(sha256(page))
    expect(sha256(await storedBytes(checked.snapshots[0].key))).toBe(sha256(page))
    const download = await openLinkSnapshot(storage, org.organization.id, link.id, 0)
    expect(download.headers.get('Content-Disposition')).toMatch(
      /^attachment; filename="snapshot-127\.0\.0\.1-\d{4}-\d\d-\d\d\.html"/,
    )
    expect(download.headers.get('Content-Type')).toBe('application/octet-stream')
    await download.body.cancel()
    // the same page again: checked, but not stored twice
    expect(
      (await checkLinkEvidence(storage, coordinator, link.id, { allowPrivate: true, snapshot: true })).snapshots,
    ).toHaveLength(1)
  })

  it('records a failed check with the reason: missing pages and timeouts', async () => {
    const missing = await createLinkEvidence(coordinator, { url: `${base}/gone` }, { allowPrivate: true })
    expect(
      (await checkLinkEvidence(storage, coordinator, missing.id, { allowPrivate: true, snapshot: true })).lastCheck,
    ).toMatchObject({ ok: false, status: 404 })
    const slow = await createLinkEvidence(coordinator, { url: `${base}/slow` }, { allowPrivate: true })
    const checked = await checkLinkEvidence(storage, coordinator, slow.id, { allowPrivate: true, timeoutMs: 500 })
    expect(checked.lastCheck).toMatchObject({ ok: false, error: expect.stringMatching(/no answer within/) })
    expect(checked.snapshots).toEqual([])
  })

  it('keeps rich text but removes what could run', async () => {
    const text = await createTextEvidence(coordinator, {
      title: 'คำอธิบาย',
      html: '<p><strong>ดำเนินการแล้ว</strong><script>alert(1)</script><a href="javascript:x" onclick="y">ลิงก์</a></p>',
    })
    expect(text.html).toBe('<p><strong>ดำเนินการแล้ว</strong><a rel="noopener noreferrer" target="_blank">ลิงก์</a></p>')
    await expect(createTextEvidence(coordinator, { title: 'ว่าง', html: '<script>x</script>' })).rejects.toMatchObject({
      fieldErrors: { html: expect.any(String) },
    })
  })
})

describe('the bin, retention and the reconciler', () => {
  it('keeps deleted evidence restorable, and removes its bytes only when retention ends', async () => {
    const answer = await upload('ลบทิ้ง.png', solidPng(4, 4, [200, 0, 0]))
    if (!answer.ok) throw new Error(answer.reason)
    const id = answer.evidence.id
    const key = (await getEvidence(org.organization.id, id))!.current!.key
    const admin: Actor = { organizationId: org.organization.id, userId: org.people.admin.id, userName: 'admin' }

    await deleteEvidence(coordinator, id, 365)
    expect((await listEvidence(org.organization.id)).map((e) => e.id)).not.toContain(id)
    expect((await listEvidence(org.organization.id, { deleted: true })).map((e) => e.id)).toContain(id)
    expect(await purgeExpiredEvidence(storage, { log: () => {} })).toEqual([]) // not yet
    expect(await waiting('bin_purge')).toEqual({ depth: 0, oldestSince: null })
    await restoreEvidence(admin, id)
    expect((await getEvidence(org.organization.id, id))!.deletedAt).toBeNull()

    await deleteEvidence(coordinator, id, 0)
    const later = new Date(Date.now() + 1000)
    // the metrics' queue: one binned evidence past retention, waiting since its retention ended
    const due = await waiting('bin_purge', later)
    expect(due.depth).toBe(1)
    expect(due.oldestSince!.getTime()).toBeLessThanOrEqual(later.getTime())
    const lines: string[] = []
    const purged = await purgeExpiredEvidence(storage, { now: later, log: (l) => lines.push(l) })
    expect(purged).toEqual([{ evidenceId: id, keys: [key] }])
    expect(await waiting('bin_purge', later)).toEqual({ depth: 0, oldestSince: null })
    expect(lines.join('\n')).toContain(key)
    await expect(
      storage.client.send(new HeadObjectCommand({ Bucket: storage.bucket, Key: key })),
    ).rejects.toMatchObject({ name: 'NotFound' })
    expect(await getEvidence(org.organization.id, id)).toBeNull()
    const actions = (await listAuditEvents(org.organization.id, { targetId: id })).events.map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['evidence.delete', 'evidence.restore', 'evidence.purge']))
  })

  it('removes objects no evidence refers to, and keeps every referenced one', async () => {
    const orphan = `evidence/${org.organization.id}/00000000-0000-4000-8000-000000000000`
    await storage.client.send(
      new PutObjectCommand({ Bucket: storage.bucket, Key: orphan, Body: 'left by a failed write' }),
    )
    const young = await reconcileEvidenceObjects(storage, { log: () => {} })
    expect(young.removed).toEqual([]) // within the grace period
    const result = await reconcileEvidenceObjects(storage, {
      graceMs: 0,
      now: new Date(Date.now() + 1000),
      log: () => {},
    })
    expect(result.removed).toEqual([orphan])
    const left = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: 'evidence/' }))
    const keys = new Set((left.Contents ?? []).map((o) => o.Key))
    for (const e of [
      ...(await listEvidence(org.organization.id)),
      ...(await listEvidence(org.organization.id, { deleted: true })),
    ]) {
      for (const k of [...e.versions.map((v) => v.key), ...e.snapshots.map((s) => s.key)])
        expect(keys.has(k), k).toBe(true)
    }
  })
})
