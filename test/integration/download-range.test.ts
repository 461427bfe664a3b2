/**
 * Byte ranges of evidence downloads against the real S3 gateway: a range past the end of the
 * file is answered 416 with the file's size (RFC 9110), not a server error.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openEvidenceFile } from '#evidence/storage/download.server'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import type { Storage } from '#evidence/storage/storage.server'
import { receiveEvidenceUpload } from '#evidence/uploads/upload.server'
import { minimalPdf, multipartRequest } from '#test/support/evidence-files'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, release } from '#test/support/kit'

let storage: Storage
let org: TestOrg
let evidenceId: string
const pdf = minimalPdf('range test')

beforeAll(async () => {
  ;({ org, storage } = await provide({ org: 'range', bucket: true }))
  const coordinator = actorsOf(org).coordinator
  const answer = await receiveEvidenceUpload(
    storage,
    coordinator,
    multipartRequest('http://app.test/evidence/upload', 'ช่วง.pdf', pdf),
    {
      parse: parseMultipart,
      maxFileBytes: 1024 * 1024,
    },
  )
  if (!answer.ok) throw new Error(answer.reason)
  evidenceId = answer.evidence.id
})
afterAll(release)

describe('evidence download ranges', () => {
  it('answers a range past the end with 416 and Content-Range bytes */size', async () => {
    const file = await openEvidenceFile(storage, org.organization.id, evidenceId, { range: 'bytes=999999-' })
    expect(file.status).toBe(416)
    expect(file.headers.get('Content-Range')).toBe(`bytes */${pdf.length}`)
    expect(await new Response(file.body).text()).toMatch(/requested range is past the end/)
  })

  it('still serves a satisfiable range and the whole file', async () => {
    const part = await openEvidenceFile(storage, org.organization.id, evidenceId, { range: `bytes=${pdf.length - 4}-` })
    expect(part.status).toBe(206)
    expect(part.headers.get('Content-Range')).toBe(`bytes ${pdf.length - 4}-${pdf.length - 1}/${pdf.length}`)
    expect(Buffer.from(await new Response(part.body).arrayBuffer()).equals(pdf.subarray(-4))).toBe(true)
    const whole = await openEvidenceFile(storage, org.organization.id, evidenceId, { range: 'bytes=-' })
    expect(whole.status).toBe(200)
    expect(Buffer.from(await new Response(whole.body).arrayBuffer()).equals(pdf)).toBe(true)
  })
})
