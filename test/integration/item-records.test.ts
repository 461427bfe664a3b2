/**
 * The item page reads its evidence records kept beside the item's links, and uses one only while the links show its
 * revision as the last written: a record left behind by a lost write is read again from the evidence, never shown.
 * Each write of a record counts one revision and keeps it in every item it is linked to.
 */
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getEvidence, updateEvidenceMetadata } from '#models/evidence/records.server'
import { getItemReview } from '#models/work/review.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, giveEvidence, provide, publishAndAssign, release } from '#test/support/kit'

let org: TestOrg
let catalogId: string

beforeAll(async () => {
  ;({ org } = await provide({ org: 'itemrecords' }))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'], unitIds: [org.units[0].id] })).id
}, 300_000)
afterAll(release)

const titles = async () =>
  (await getItemReview(org.organization.id, catalogId, 'O1'))!.elements.flatMap((e) => e.evidence.map((x) => x.title))
const records = () => mongoose.connection.collection<{ _id: string }>('evidence_item_records')

describe("an item's evidence records kept beside its links", () => {
  it('are written with each revision, and one left behind by a lost write is not shown', async () => {
    const { coordinator } = actorsOf(org)
    const element = (await getItemReview(org.organization.id, catalogId, 'O1'))!.elements[0].id
    const [id] = await giveEvidence(coordinator, catalogId, 'O1', [element])
    const key = `${org.organization.id}:${catalogId}:O1`
    const kept = async () =>
      (
        (await records().findOne({ _id: key })) as {
          records?: Record<string, { rev: number; record: { title: string } }>
        }
      )?.records?.[id]
    const first = (await getEvidence(org.organization.id, id))!
    expect(first.rev).toBeGreaterThan(0)
    expect(await kept()).toMatchObject({ rev: first.rev, record: { title: first.title } })
    expect(await titles()).toContain(first.title)

    await updateEvidenceMetadata(coordinator, id, { title: 'ประกาศฉบับแก้ไข' })
    const second = (await getEvidence(org.organization.id, id))!
    expect(second.rev).toBe(first.rev + 1)
    expect(await kept()).toMatchObject({ rev: second.rev, record: { title: 'ประกาศฉบับแก้ไข' } })
    expect(await titles()).toContain('ประกาศฉบับแก้ไข')

    // a write of the record whose keeping was lost (a crash between the two writes): the old record stays beside the
    // links, but the links name the newer revision
    await updateEvidenceMetadata(coordinator, id, { title: 'ประกาศฉบับล่าสุด' })
    await records().updateOne({ _id: key }, { $set: { [`records.${id}`]: { rev: second.rev, record: second } } })
    expect(await titles()).toContain('ประกาศฉบับล่าสุด')
    expect(await titles()).not.toContain('ประกาศฉบับแก้ไข')
  })
})
