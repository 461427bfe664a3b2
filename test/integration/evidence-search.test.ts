/**
 * The library's search over real uploads: a PDF made by Chromium with a Thai word only in its text is read by the
 * background job and found; a scan without text is marked; a damaged PDF fails a bounded number of times and is
 * recorded; other organizations' evidence is never found; the index follows renames, deletion and restoring.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer } from '#evidence/documents/pdf.server'
import type { Storage } from '#evidence/storage/storage.server'
import { extractPendingTexts } from '#evidence/text/jobs.server'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import { receiveEvidenceUpload } from '#evidence/uploads/upload.server'
import {
  createTextEvidence,
  deleteEvidence,
  recentEvidence,
  restoreEvidence,
  updateEvidenceMetadata,
} from '#models/evidence/records.server'
import { evidenceTexts, MAX_TEXT_ATTEMPTS, queuedTextJobs } from '#models/evidence/search-index.server'
import { parseLibraryQuery, searchLibrary } from '#models/evidence/search.server'
import { listAuditEvents, type Actor } from '#models/tenancy/audit.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, release } from '#test/support/kit'
import { multipartRequest } from '#test/support/evidence-files'

let storage: Storage
let org: TestOrg
let other: TestOrg
let pdfs: { report: Buffer; blank: Buffer; otherReport: Buffer }
const quiet = () => {}

const page = (body: string) =>
  `<html><head><meta charset="utf-8"><style>${thaiFontCss()} body{font-family:${PDF_FONT_FAMILY}}</style></head>` +
  `<body>${body}</body></html>`

async function upload(actor: Actor, fileName: string, bytes: Uint8Array): Promise<string> {
  const answer = await receiveEvidenceUpload(
    storage,
    actor,
    multipartRequest('http://app.test/evidence/upload', fileName, bytes),
    { parse: parseMultipart, maxFileBytes: 20 * 1024 * 1024 },
  )
  if (!answer.ok) throw new Error(answer.reason)
  return answer.evidence.id
}

const search = (organizationId: string, params: string) =>
  searchLibrary(organizationId, parseLibraryQuery(new URLSearchParams(params)))
const foundIds = async (organizationId: string, params: string) =>
  (await search(organizationId, params)).rows.map((r) => r.evidence.id)
const textState = async (organizationId: string, id: string) => (await evidenceTexts(organizationId, [id])).get(id)

beforeAll(async () => {
  ;({ org, other, storage } = await provide({ org: 'search', other: 'search-other', bucket: true }))
  pdfs = await withPdfRenderer(async (r) => ({
    report: await r.render(
      page('<h1>บันทึกการตรวจอาคาร</h1><p>ตรวจพบกระเบื้องมุงหลังคาชำรุดที่อาคารสำนักงาน ปีงบประมาณ ๒๕๖๗</p>'),
      new Date(),
    ),
    // a page with no text: what a scanner's PDF gives the reader
    blank: await r.render(page('<div style="width:200px;height:200px;background:#333"></div>'), new Date()),
    otherReport: await r.render(page('<p>กระเบื้องของหน่วยงานอื่น</p>'), new Date()),
  }))
}, 120_000)
afterAll(release)

describe('text inside uploaded files', () => {
  let reportId: string
  let blankId: string

  it('finds a Thai word that appears only inside a PDF once the job has read it', async () => {
    const { coordinator } = actorsOf(org)
    reportId = await upload(coordinator, 'รายงานประจำเดือน.pdf', pdfs.report)
    blankId = await upload(coordinator, 'สแกนคำสั่ง.pdf', pdfs.blank)
    await upload(actorsOf(other).coordinator, 'ของหน่วยงานอื่น.pdf', pdfs.otherReport)
    // before the job the file is found by its name only, and says its text is being read
    expect(await foundIds(org.organization.id, 'q=รายงาน')).toEqual([reportId])
    expect(await foundIds(org.organization.id, 'q=กระเบื้อง')).toEqual([])
    expect((await textState(org.organization.id, reportId))?.state).toBe('pending')

    expect(await extractPendingTexts(storage, { log: quiet })).toBe(3)
    expect(await queuedTextJobs()).toBe(0)

    const result = await search(org.organization.id, 'q=กระเบื้อง')
    expect(result.rows.map((r) => r.evidence.id)).toEqual([reportId])
    expect(result.rows[0].snippet?.filter((p) => p.hit).map((p) => p.text)).toEqual(['กระเบื้อง'])
    // every word must match, in either digit form, and segmenting the sentence finds words inside it
    expect(await foundIds(org.organization.id, 'q=กระเบื้องมุงหลังคา+ชำรุด+2567')).toEqual([reportId])
    expect(await foundIds(org.organization.id, 'q=หลังคา+๒๕๖๗')).toEqual([reportId])
    expect(await foundIds(org.organization.id, 'q=กระเบื้อง+ไม่มีคำนี้')).toEqual([])
  })

  it('never finds the evidence of another organization', async () => {
    const own = await foundIds(other.organization.id, 'q=กระเบื้อง')
    expect(own).toHaveLength(1)
    expect(own).not.toContain(reportId)
    expect(await foundIds(org.organization.id, 'q=หน่วยงานอื่น')).toEqual([])
  })

  it('marks a PDF without text (a scan) so that people know its content cannot be searched', async () => {
    expect((await textState(org.organization.id, blankId))?.state).toBe('empty')
    expect((await search(org.organization.id, 'q=สแกน')).rows[0].text?.state).toBe('empty')
  })

  it('follows a rename: the old title word is gone, the new one found, the text still found', async () => {
    const { coordinator } = actorsOf(org)
    await updateEvidenceMetadata(coordinator, reportId, { title: 'ผลตรวจสภาพอาคาร Building Inspection' })
    expect(await foundIds(org.organization.id, 'q=building+INSPECTION')).toEqual([reportId])
    expect(await foundIds(org.organization.id, 'q=สภาพ')).toEqual([reportId])
    // "รายงาน" was in the old title; the file name is "รายงานประจำเดือน.pdf", so it still finds it by the name
    expect(await foundIds(org.organization.id, 'q=รายงาน+อาคาร')).toEqual([reportId])
    const text = await createTextEvidence(coordinator, { title: 'บันทึกข้อความ', html: '<p>ทดสอบคำว่าเฉพาะกิจ</p>' })
    expect(await foundIds(org.organization.id, 'q=เฉพาะกิจ')).toEqual([text.id])
    await updateEvidenceMetadata(coordinator, text.id, { title: 'บันทึกอื่น' })
    expect(await foundIds(org.organization.id, 'q=บันทึกข้อความ')).toEqual([])
  })

  it('follows deleting and restoring', async () => {
    const { coordinator, admin } = actorsOf(org)
    await deleteEvidence(coordinator, reportId, 30)
    expect(await foundIds(org.organization.id, 'q=กระเบื้อง')).toEqual([])
    await restoreEvidence(admin, reportId)
    expect(await foundIds(org.organization.id, 'q=กระเบื้อง')).toEqual([reportId])
  })

  it('filters by kind, unit and date, and pages through the results', async () => {
    const { coordinator } = actorsOf(org)
    expect(await foundIds(org.organization.id, 'q=กระเบื้อง&type=text')).toEqual([])
    expect(await foundIds(org.organization.id, 'q=กระเบื้อง&type=file')).toEqual([reportId])
    await updateEvidenceMetadata(coordinator, reportId, {
      title: 'ผลตรวจสภาพอาคาร',
      documentDate: '2025-01-15',
      issuingUnitId: org.units[1].id,
    })
    expect(await foundIds(org.organization.id, `q=กระเบื้อง&unit=${org.units[1].id}`)).toEqual([reportId])
    expect(await foundIds(org.organization.id, `q=กระเบื้อง&unit=${org.units[0].id}`)).toEqual([])
    // typed Buddhist-era dates, as the form sends them without JavaScript
    expect(await foundIds(org.organization.id, 'q=กระเบื้อง&from=1/1/2568&to=31/1/2568')).toEqual([reportId])
    expect(await foundIds(org.organization.id, 'q=กระเบื้อง&from=2025-02-01')).toEqual([])
    const bad = parseLibraryQuery(new URLSearchParams('from=31/02/2568'))
    expect(bad.errors.from?.en).toMatch(/^from: /)
    for (let i = 0; i < 3; i++) await createTextEvidence(coordinator, { title: `หน้าทดสอบ ${i}`, html: '<p>แบ่งหน้า</p>' })
    const first = await searchLibrary(org.organization.id, parseLibraryQuery(new URLSearchParams('q=แบ่งหน้า')), {
      pageSize: 2,
    })
    const second = await searchLibrary(org.organization.id, parseLibraryQuery(new URLSearchParams('q=แบ่งหน้า&page=2')), {
      pageSize: 2,
    })
    expect([first.total, first.rows.length, first.hasMore, second.rows.length, second.hasMore]).toEqual([
      3,
      2,
      true,
      1,
      false,
    ])
  })
})

describe('many writes at once', () => {
  it('are each found by their words and listed as recent, renames and deletes among them', async () => {
    const { coordinator } = actorsOf(org)
    // written together, they queue behind each other and land in batches: no word or entry of one may be lost
    const made = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        createTextEvidence(coordinator, { title: `พร้อมกัน ลำดับ${i}`, html: `<p>ชุดพร้อมกัน เฉพาะ${i}</p>` }),
      ),
    )
    await Promise.all([
      updateEvidenceMetadata(coordinator, made[0].id, { title: 'เปลี่ยนชื่อพร้อมกัน' }),
      deleteEvidence(coordinator, made[1].id, 30),
      ...made.slice(2, 6).map((e, i) => updateEvidenceMetadata(coordinator, e.id, { title: `พร้อมกัน ใหม่${i}` })),
    ])
    const live = made.filter((e) => e.id !== made[1].id).map((e) => e.id)
    expect((await foundIds(org.organization.id, 'q=ชุดพร้อมกัน')).sort()).toEqual([...live].sort())
    expect(await foundIds(org.organization.id, 'q=เปลี่ยนชื่อพร้อมกัน')).toEqual([made[0].id])
    expect(await foundIds(org.organization.id, 'q=ลำดับ0')).toEqual([])
    expect(await foundIds(org.organization.id, 'q=ลำดับ2')).toEqual([])
    expect(await foundIds(org.organization.id, 'q=ใหม่3')).toEqual([made[5].id])
    expect(await foundIds(org.organization.id, 'q=เฉพาะ1')).toEqual([])
    const recent = (await recentEvidence(org.organization.id, 500)).map((e) => e.id)
    expect(live.every((id) => recent.includes(id))).toBe(true)
    expect(recent).not.toContain(made[1].id)
  })
})

describe('a damaged file', () => {
  it('records the failure after a bounded number of attempts and is not tried again', async () => {
    const { coordinator } = actorsOf(org)
    const damaged = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(4096, 0x41)])
    const id = await upload(coordinator, 'เสียหาย.pdf', damaged)
    let now = Date.now()
    for (let attempt = 1; attempt <= MAX_TEXT_ATTEMPTS; attempt++) {
      // each retry waits: the clock is moved past the wait
      expect(await extractPendingTexts(storage, { now: new Date(now), log: quiet })).toBe(1)
      now += 3600_000
      if (attempt < MAX_TEXT_ATTEMPTS) expect((await textState(org.organization.id, id))?.state).toBe('pending')
    }
    const state = await textState(org.organization.id, id)
    expect(state?.state).toBe('failed')
    expect(state?.attempts).toBe(MAX_TEXT_ATTEMPTS)
    expect(state?.error).toMatch(/could not be read \(3 attempts\)/)
    expect(await queuedTextJobs(org.organization.id)).toBe(0)
    expect(await extractPendingTexts(storage, { now: new Date(now + 86_400_000), log: quiet })).toBe(0)
    const audit = await listAuditEvents(org.organization.id, { action: 'evidence.text-failed' })
    expect(audit.events.map((e) => e.targetId)).toEqual([id])
    // still found by its name
    expect(await foundIds(org.organization.id, 'q=เสียหาย')).toEqual([id])
  })
})
