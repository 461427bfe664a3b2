/**
 * The item page reads its evidence records kept beside the item's links, and uses one only while the links show its
 * revision as the last written: a record left behind by a lost write is read again from the evidence, never shown.
 * Each write of a record counts one revision and keeps it in every item it is linked to. The library offered without
 * a search (an item's contribution form, progress and KPI reports) is the organization's recent evidence, kept by key:
 * newest write first, binned evidence out, built from the evidence when missing.
 */
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createTextEvidence,
  deleteEvidence,
  getEvidence,
  listEvidence,
  recentEvidence,
  restoreEvidence,
  updateEvidenceMetadata,
} from '#models/evidence/records.server'
import { getItemReview } from '#models/work/review.server'
import { readItemLinks, recordsIdOf } from '#models/evidence/item-links.server'
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
    // kept as JSON text beside its revision
    const kept = async () => {
      const doc = (await records().findOne({ _id: recordsIdOf(key, id) })) as {
        records?: Record<string, { rev: number; text: string }>
      }
      const found = doc?.records?.[id]
      return found && { rev: found.rev, record: JSON.parse(found.text) as { title: string } }
    }
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
    await records().updateOne(
      { _id: recordsIdOf(key, id) },
      { $set: { [`records.${id}`]: { rev: second.rev, text: JSON.stringify(second) } } },
    )
    expect(await titles()).toContain('ประกาศฉบับล่าสุด')
    expect(await titles()).not.toContain('ประกาศฉบับแก้ไข')
    // a record kept as an object (before the text) is still read while its revision is the links' last one (a new
    // revision, which this instance has not read yet)
    await updateEvidenceMetadata(coordinator, id, { title: 'ประกาศฉบับที่สี่' })
    const last = (await getEvidence(org.organization.id, id))!
    await records().updateOne(
      { _id: recordsIdOf(key, id) },
      { $set: { [`records.${id}`]: { rev: last.rev, record: { ...last, title: 'ประกาศที่เก็บไว้เป็นเอกสาร' } } } },
    )
    expect(await titles()).toContain('ประกาศที่เก็บไว้เป็นเอกสาร')
  })

  it("are stamped beside the item's links, taking over the stamps its links held, at its next write", async () => {
    const { coordinator } = actorsOf(org)
    const organizationId = org.organization.id
    const element = (await getItemReview(organizationId, catalogId, 'O1'))!.elements[0].id
    const [a, b] = await giveEvidence(coordinator, catalogId, 'O1', [element, element])
    const key = `${organizationId}:${catalogId}:O1`
    const stampsDocs = mongoose.connection.collection<{ _id: string; stamps?: Record<string, number> }>(
      'evidence_item_stamps',
    )
    const links = mongoose.connection.collection<{ _id: string; stamps?: Record<string, number> }>(
      'evidence_item_links',
    )
    const read = () => readItemLinks(organizationId, { catalogId, itemCode: 'O1' }, async () => [])
    const stamps = (await stampsDocs.findOne({ _id: key }))!.stamps!
    const revOf = async (id: string) => (await getEvidence(organizationId, id))!.rev
    expect(stamps).toMatchObject({ [a]: await revOf(a), [b]: await revOf(b) })
    expect((await links.findOne({ _id: key }))?.stamps).toBeUndefined()
    expect((await read()).stamps).toEqual(stamps)

    // an item whose stamps are still in its links, as they were kept before
    await stampsDocs.deleteOne({ _id: key })
    await links.updateOne({ _id: key }, { $set: { stamps } })
    expect((await read()).stamps).toEqual(stamps)
    await updateEvidenceMetadata(coordinator, a, { title: 'ประกาศย้ายตราเวลา' })
    expect((await stampsDocs.findOne({ _id: key }))?.stamps).toEqual({ ...stamps, [a]: await revOf(a) })
    expect((await links.findOne({ _id: key }))?.stamps).toBeUndefined()
    expect((await read()).stamps[a]).toBe(await revOf(a))
    expect(await titles()).toContain('ประกาศย้ายตราเวลา')
  })
})

describe("the organization's recent evidence", () => {
  it('lists the newest written first, leaves the bin out, and is built from the evidence when missing', async () => {
    const { coordinator, admin } = actorsOf(org)
    const organizationId = org.organization.id
    const titles = async (limit = 3) => (await recentEvidence(organizationId, limit)).map((e) => e.title)
    const a = await createTextEvidence(coordinator, { title: 'คำสั่ง ก', html: '<p>ก</p>' })
    const b = await createTextEvidence(coordinator, { title: 'คำสั่ง ข', html: '<p>ข</p>' })
    expect(await titles(2)).toEqual(['คำสั่ง ข', 'คำสั่ง ก'])
    await updateEvidenceMetadata(coordinator, a.id, { title: 'คำสั่ง ก ฉบับแก้ไข' })
    expect(await titles(2)).toEqual(['คำสั่ง ก ฉบับแก้ไข', 'คำสั่ง ข'])
    await deleteEvidence(coordinator, b.id, 30)
    expect(await titles()).not.toContain('คำสั่ง ข')
    await restoreEvidence(admin, b.id)
    expect(await titles(1)).toEqual(['คำสั่ง ข'])
    // as the library lists it, newest first
    const library = (await listEvidence(organizationId, {}, 500)).map((e) => e.title)
    expect(await titles(500)).toEqual(library)
    // a list lost (or from before it was kept) is built again from the evidence
    await mongoose.connection
      .collection<{ _id: string }>('evidence_recent')
      .deleteOne({ _id: `${organizationId}:recent` })
    expect(await titles(500)).toEqual(library)
  })

  it('reads a list kept as documents (before it became JSON text), and writes it as text next time', async () => {
    const { coordinator } = actorsOf(org)
    const organizationId = org.organization.id
    const recent = mongoose.connection.collection<{ _id: string }>('evidence_recent')
    const _id = `${organizationId}:recent`
    const entries = (await recentEvidence(organizationId, 500)).slice(0, 2)
    expect(entries).toHaveLength(2)
    await recent.replaceOne({ _id }, { organizationId: new mongoose.Types.ObjectId(organizationId), entries })
    expect((await recentEvidence(organizationId, 3)).map((e) => e.title)).toEqual(entries.map((e) => e.title))
    await createTextEvidence(coordinator, { title: 'คำสั่ง ค', html: '<p>ค</p>' })
    expect((await recentEvidence(organizationId, 3)).map((e) => e.title)).toEqual([
      'คำสั่ง ค',
      ...entries.map((e) => e.title),
    ])
    const doc = (await recent.findOne({ _id })) as { data?: string; entries?: unknown } | null
    expect(doc?.entries).toBeUndefined()
    expect(JSON.parse(doc?.data ?? '[]')).toHaveLength(3)
  })
})
