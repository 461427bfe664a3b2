import { createHash, randomBytes } from 'node:crypto'
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '#evidence/storage/storage.server'
import { getOrganizationByCode, OrganizationModel } from '#models/tenancy/organization.server'
import { DEMO_ORG_CODE, seedDemo } from '#scripts/seed'
import { localDb } from '#scripts/services'
import { useTestBucket, useTestDatabase } from '#test/support/services'

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

describe('the real MongoDB-protocol server through mongoose', () => {
  let cleanup: () => Promise<void>
  beforeAll(async () => ({ cleanup } = await useTestDatabase()))
  afterAll(() => cleanup())

  it('writes a document and reads it back with Thai text intact', async () => {
    const Note =
      mongoose.models.ProbeNote ?? mongoose.model('ProbeNote', new mongoose.Schema({ text: String, at: Date }))
    const at = new Date('2026-10-01T00:00:00Z')
    const created = await Note.create({ text: 'ปั้น ญี่ปุ่น ฎีกา', at })
    const read = await Note.findById(created._id).lean<{ text: string; at: Date }>()
    expect(read?.text).toBe('ปั้น ญี่ปุ่น ฎีกา')
    expect(read?.at.toISOString()).toBe(at.toISOString())
  })

  it('seeds the demo agency once, however often it runs', async () => {
    await seedDemo()
    await seedDemo()
    expect(await OrganizationModel.countDocuments({ code: DEMO_ORG_CODE })).toBe(1)
    expect((await getOrganizationByCode(DEMO_ORG_CODE))?.nameTh).toBe('กรมตัวอย่างเพื่อความโปร่งใส')
  })

  // a table of few large documents (an item's links): the planner, pricing a field's read as cheap, scanned them all
  // (each decompressed whole) for any read by _id, 35 ms instead of 4 in the load test
  it.runIf(localDb() === 'postgres')(
    'reads by _id through the index in a small collection of large documents',
    async () => {
      const collection = mongoose.connection.db!.collection<{ _id: string; text: string }>('probe_large')
      await collection.insertMany(
        Array.from({ length: 40 }, (_, i) => ({
          _id: `org:catalog:item-${i}`,
          text: randomBytes(24_000).toString('hex'),
        })),
      )
      // the planner's statistics of the table, as PostgreSQL's autovacuum would gather them (FerretDB's collStats
      // runs ANALYZE): without them it does not know the table is small
      await mongoose.connection.db!.command({ collStats: 'probe_large' })
      const explained = await mongoose.connection.db!.command({
        explain: { find: 'probe_large', filter: { _id: 'org:catalog:item-7' } },
      })
      const plan = JSON.stringify(explained.queryPlanner)
      expect(plan).toContain('Index Scan')
      expect(plan).not.toContain('Seq Scan')
      expect((await collection.findOne({ _id: 'org:catalog:item-7' }))?.text).toHaveLength(48_000)
    },
  )
})

describe('the real S3 server through the AWS SDK', () => {
  let storage: Storage
  beforeAll(async () => {
    storage = await useTestBucket()
  })

  it('stores an object and returns the same bytes', async () => {
    const body = randomBytes(256 * 1024)
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: 'probe/small.bin', Body: body }))
    const got = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: 'probe/small.bin' }))
    expect(sha256(await got.Body!.transformToByteArray())).toBe(sha256(body))
  })

  it('completes a multipart upload and serves a byte range of it', async () => {
    const body = randomBytes(11 * 1024 * 1024) // three parts of at most 5 MiB
    await new Upload({
      client: storage.client,
      params: { Bucket: storage.bucket, Key: 'probe/large.bin', Body: body },
      partSize: 5 * 1024 * 1024,
    }).done()
    const whole = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: 'probe/large.bin' }))
    expect(sha256(await whole.Body!.transformToByteArray())).toBe(sha256(body))
    const range = await storage.client.send(
      new GetObjectCommand({ Bucket: storage.bucket, Key: 'probe/large.bin', Range: 'bytes=6000000-6000099' }),
    )
    expect(Buffer.from(await range.Body!.transformToByteArray()).equals(body.subarray(6_000_000, 6_000_100))).toBe(true)
  })
})
