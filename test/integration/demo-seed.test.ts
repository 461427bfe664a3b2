import { createHash } from 'node:crypto'
import { GetObjectCommand } from '@aws-sdk/client-s3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Storage } from '#evidence/storage.server'
import { listCatalogs, getCatalog } from '#models/catalog.server'
import { listCriteria } from '#models/catalog-schema'
import { listEvidence, listEvidenceForTarget } from '#models/evidence.server'
import { DEMO_PEOPLE, seedDemo } from '#scripts/seed'
import { seedDemoEvidence } from '#scripts/seed-evidence'
import { useTestBucket, useTestDatabase } from '#test/support/services'

let cleanup: () => Promise<void>
let storage: Storage
beforeAll(async () => {
  ;({ cleanup } = await useTestDatabase())
  storage = await useTestBucket()
})
afterAll(() => cleanup())

describe('the demo agency', () => {
  // seeding renders ~20 PDFs in Chromium and walks the review steps of ~40 items: slow on a busy machine
  it('gets evidence for most ITA 2569 criteria, stored intact, once', { timeout: 180_000 }, async () => {
    const { organization } = await seedDemo()
    const created = await seedDemoEvidence(storage, organization, DEMO_PEOPLE[1].email, 'http://localhost:3000')
    expect(created).toBeGreaterThan(40)
    expect(await seedDemoEvidence(storage, organization, DEMO_PEOPLE[1].email, 'http://localhost:3000')).toBe(0)

    const summary = (await listCatalogs(organization.id)).find((c) => c.sourceKey === 'ita-nacc-2569')!
    const catalog = await getCatalog(organization.id, summary.id)
    if (catalog?.content.kind !== 'ita') throw new Error('ITA catalog expected')
    const criteria = listCriteria(catalog.content).map((x) => x.criterion)
    let covered = 0
    for (const c of criteria) {
      const linked = await listEvidenceForTarget(organization.id, { catalogId: catalog.id, itemCode: c.code, elementId: c.elements[0].id })
      if (linked.length > 0) covered++
    }
    expect(covered / criteria.length).toBeGreaterThanOrEqual(0.75)
    expect(covered).toBeLessThan(criteria.length) // some gaps on purpose

    const files = (await listEvidence(organization.id)).filter((e) => e.type === 'file')
    expect(files.length).toBeGreaterThan(10)
    for (const e of files.slice(0, 5)) {
      const v = e.versions.at(-1)!
      const got = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: v.key }))
      const bytes = Buffer.from(await got.Body!.transformToByteArray())
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(v.sha256)
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    }
  })
})
