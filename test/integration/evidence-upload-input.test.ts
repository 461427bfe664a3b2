/**
 * What people send with an upload, through the real parser, store and database: Thai text
 * files (CRLF CSV, short TXT), file names with invisible characters and paths, and form fields
 * over the limit, the last also over HTTP, where a refusal must arrive as an answer (a request
 * abandoned half-read closes the connection before the person sees why).
 */
import { randomBytes } from 'node:crypto'
import { createServer, request as httpRequest, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import type { Storage } from '#evidence/storage/storage.server'
import { receiveEvidenceUpload, type UploadAnswer } from '#evidence/uploads/upload.server'
import { getActivity, listAuditEvents, type Actor } from '#models/tenancy/audit.server'
import { getEvidence, listEvidence } from '#models/evidence/records.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, release } from '#test/support/kit'
import { minimalPdf, multipartRequest, sha256 } from '#test/support/evidence-files'

let storage: Storage
let org: TestOrg
let actor: Actor
const MAX = 5 * 1024 * 1024

function upload(fileName: string, bytes: Uint8Array): Promise<UploadAnswer> {
  return receiveEvidenceUpload(storage, actor, multipartRequest('http://app.test/evidence/upload', fileName, bytes), {
    parse: parseMultipart,
    maxFileBytes: MAX,
  })
}

/** A multipart body of the given parts, in order (a part with a filename is a file). */
function multipartBody(parts: { name: string; filename?: string; data: Uint8Array }[]) {
  const boundary = `----saisaat${randomBytes(8).toString('hex')}`
  const chunks: Buffer[] = []
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename !== undefined ? `; filename="${p.filename}"` : ''}`
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: ${disposition}\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.from(p.data),
      Buffer.from('\r\n'),
    )
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`))
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` }
}

beforeAll(async () => {
  ;({ org, storage } = await provide({ org: 'upload-input', bucket: true }))
  actor = actorsOf(org).coordinator
})
afterAll(release)

describe('Thai text files', () => {
  it('accepts short Thai TXT files and a CRLF Thai CSV, with their bytes intact', async () => {
    const files: [string, Buffer][] = [
      ['รายงาน 1.txt', Buffer.from('รายงาน 1', 'utf8')],
      ['บันทึก.txt', Buffer.from('บันทึกข้อความ\r\n', 'utf8')],
      ['รายชื่อ CRLF.csv', Buffer.from('ลำดับ,ชื่อ,หน่วยงาน\r\n1,สมชาย ใจดี,กองคลัง\r\n2,สมหญิง รักงาน,สำนักปลัด\r\n', 'utf8')],
    ]
    for (const [name, bytes] of files) {
      const answer = await upload(name, bytes)
      expect(answer, name).toMatchObject({ ok: true, fileName: name })
      if (answer.ok)
        expect(answer.evidence).toMatchObject({
          sha256: sha256(bytes),
          mimeType: name.endsWith('.csv') ? 'text/csv; charset=utf-8' : 'text/plain; charset=utf-8',
        })
    }
  })
})

describe('file names', () => {
  it('keeps one clean path segment of the name: no NUL, CR/LF, bidi overrides or ../', async () => {
    // CR/LF arrive escaped as browsers send them in a quoted name; the parser decodes them
    const sent = '../../\u202Eรายงาน\u0000%0D%0Aประจำปี..pdf'
    const answer = await upload(sent, minimalPdf())
    expect(answer).toMatchObject({ ok: true, fileName: 'รายงาน ประจำปี.pdf' })
    if (!answer.ok) return
    const evidence = (await getEvidence(org.organization.id, answer.evidence.id))!
    expect(evidence.current!.fileName).toBe('รายงาน ประจำปี.pdf')
    expect(evidence.title).toBe('รายงาน ประจำปี')
  })

  it('names a refusal with the cleaned name', async () => {
    const version = async () => (await getActivity([org.organization.id])).get(org.organization.id)!.version
    const before = await version()
    const answer = await upload('..\\\u202Eภาพ\u0000.pdf', Buffer.from('ข้อความ ไม่ใช่ PDF', 'utf8'))
    expect(answer).toMatchObject({ ok: false, status: 415, fileName: 'ภาพ.pdf' })
    const { events } = await listAuditEvents(org.organization.id, { action: 'evidence.upload-refused' })
    expect(events.map((e) => e.targetLabel)).toContain('ภาพ.pdf')
    // a refusal changes nothing: the organization's summaries stay valid
    expect(await version()).toBe(before)
  })
})

describe('form fields over the limit', () => {
  it('refuses a long field after a stored file, naming the field and the limit, and keeps nothing', async () => {
    const before = (await listEvidence(org.organization.id)).length
    const { body, contentType } = multipartBody([
      { name: 'file', filename: 'ก่อน.pdf', data: minimalPdf() },
      { name: 'note', data: Buffer.alloc(20_000, 0x41) },
    ])
    const request = new Request('http://app.test/evidence/upload', {
      method: 'POST',
      body,
      headers: { 'Content-Type': contentType },
    })
    const answer = await receiveEvidenceUpload(storage, actor, request, { parse: parseMultipart, maxFileBytes: MAX })
    expect(answer).toMatchObject({
      ok: false,
      status: 413,
      reason: expect.stringMatching(/"note".*10,000.* \/ .*"note".*at most 10,000 bytes/),
    })
    expect((await listEvidence(org.organization.id)).length).toBe(before)
  })

  describe('over HTTP', () => {
    let server: Server
    let port: number
    beforeAll(async () => {
      // the route's transport: the request body is the Node stream, as @remix-run/express builds it
      server = createServer(async (req, res) => {
        const request = new Request(`http://127.0.0.1${req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: createReadableStreamFromReadable(req),
          duplex: 'half',
        } as RequestInit)
        const answer = await receiveEvidenceUpload(storage, actor, request, {
          parse: parseMultipart,
          maxFileBytes: MAX,
        })
        res
          .writeHead(answer.ok ? 201 : answer.status, { 'Content-Type': 'application/json' })
          .end(JSON.stringify(answer))
      })
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
      port = (server.address() as AddressInfo).port
    })
    afterAll(() => new Promise<void>((r) => server.close(() => r())))

    it('answers a field over the limit with the named refusal instead of closing the connection', async () => {
      const before = (await listEvidence(org.organization.id)).length
      const { body, contentType } = multipartBody([
        { name: 'description', data: Buffer.alloc(1024 * 1024, 0x42) },
        { name: 'file', filename: 'หลัง.pdf', data: minimalPdf() },
      ])
      const answer = await new Promise<{ status: number; json: UploadAnswer }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/evidence/upload',
            method: 'POST',
            headers: { 'Content-Type': contentType, 'Content-Length': body.length },
          },
          (res) => {
            const got: Buffer[] = []
            res.on('data', (c: Buffer) => got.push(c))
            res.on('end', () =>
              resolve({
                status: res.statusCode ?? 0,
                json: JSON.parse(Buffer.concat(got).toString('utf8')) as UploadAnswer,
              }),
            )
            res.on('error', reject)
          },
        )
        req.on('error', reject)
        // sent in pieces, as a browser streams it
        for (let at = 0; at < body.length; at += 64 * 1024) req.write(body.subarray(at, at + 64 * 1024))
        req.end()
      })
      expect(answer.status).toBe(413)
      expect(answer.json).toMatchObject({
        ok: false,
        reason: expect.stringMatching(
          /ช่อง "description".*10,000 ไบต์.* \/ form field "description" is too long \(at most 10,000 bytes\)/,
        ),
      })
      expect((await listEvidence(org.organization.id)).length).toBe(before)
    })
  })
})
