/**
 * Consistency under faults, against services this file starts for itself (stopping them must
 * not disturb other files): the store stopping mid-upload, and the database failing after the
 * bytes are stored, leave no record and, after reconciliation, no object.
 */
import { ListMultipartUploadsCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { reconcileEvidenceObjects } from '#evidence/storage/jobs.server'
import { createStorage, ensureBucket, type Storage } from '#evidence/storage/storage.server'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import { receiveEvidenceUpload } from '#evidence/uploads/upload.server'
import type { Actor } from '#models/tenancy/audit.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { listEvidence } from '#models/evidence/records.server'
import { startTestServices } from '#test/setup/services.global'
import { largePdfLike, minimalPdf, multipartRequest } from '#test/support/evidence-files'
import { createTestOrg } from '#test/support/fixtures'

type Run = Awaited<ReturnType<typeof startTestServices>>
let run: Run
let storage: Storage
let actor: Actor

async function objectsLeft() {
  const objects = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: 'evidence/' }))
  const uploads = await storage.client.send(
    new ListMultipartUploadsCommand({ Bucket: storage.bucket, Prefix: 'evidence/' }),
  )
  return { objects: (objects.Contents ?? []).map((o) => o.Key), uploads: (uploads.Uploads ?? []).map((u) => u.Key) }
}

beforeAll(async () => {
  run = await startTestServices()
  await connectDatabase(run.provided.mongoUri, { dbName: 'faults' })
  storage = createStorage({ ...run.provided.s3, bucket: 'faults', forcePathStyle: true })
  await ensureBucket(storage)
  const org = await createTestOrg('flt')
  actor = { organizationId: org.organization.id, userId: org.people.coordinator.id, userName: 'coordinator' }
})

afterAll(async () => {
  await disconnectDatabase()
  await run.stop()
})

describe('evidence uploads under faults', () => {
  it('keeps no record and, after reconciliation, no object when the store stops mid-upload', async () => {
    const MiB = 1024 * 1024
    const file = largePdfLike(48 * MiB)
    let stopped = false
    async function* paced() {
      for (let at = 0; at < file.length; at += MiB) {
        if (at === 20 * MiB) {
          await run.services.s3Server.stop() // two 8 MiB parts are in the store by now
          stopped = true
        }
        yield file.subarray(at, at + MiB)
        await new Promise((r) => setTimeout(r, 5))
      }
    }
    const request = multipartRequest('http://app.test/evidence/upload', 'รายงานใหญ่.pdf', paced(), { size: file.length })
    const answer = await receiveEvidenceUpload(storage, actor, request, {
      parse: parseMultipart,
      maxFileBytes: 200 * MiB,
    })
    expect(stopped).toBe(true)
    expect(answer).toMatchObject({
      ok: false,
      status: 503,
      reason: expect.stringMatching(/"รายงานใหญ่\.pdf": ที่เก็บไฟล์ขัดข้อง.* \/ .*file store failed/),
    })
    expect(await listEvidence(actor.organizationId)).toEqual([])

    await run.services.s3Server.start()
    await reconcileEvidenceObjects(storage, { graceMs: 0, now: new Date(Date.now() + 1000), log: () => {} })
    expect(await objectsLeft()).toEqual({ objects: [], uploads: [] })
  })

  it('removes the stored bytes when the database fails after them, and tells the person', async () => {
    await run.services.mongo.stop()
    try {
      const request = multipartRequest('http://app.test/evidence/upload', 'คำสั่ง.pdf', minimalPdf())
      const answer = await receiveEvidenceUpload(storage, actor, request, {
        parse: parseMultipart,
        maxFileBytes: 1024 * 1024,
      })
      expect(answer).toMatchObject({
        ok: false,
        status: 503,
        reason: expect.stringMatching(/"คำสั่ง\.pdf": .*database failed/),
      })
    } finally {
      await run.services.mongo.start()
    }
    await reconcileEvidenceObjects(storage, { graceMs: 0, now: new Date(Date.now() + 1000), log: () => {} })
    expect(await objectsLeft()).toEqual({ objects: [], uploads: [] })
    expect(await listEvidence(actor.organizationId)).toEqual([])
  })
})
