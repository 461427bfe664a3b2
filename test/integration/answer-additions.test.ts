/**
 * Nothing joins the answer of a submitted or approved item: a new link, a contribution, or a
 * restore from the bin of evidence that would count in that answer again is refused (409, naming
 * the item), and the answer stays what the assessor is judging. Once the item is returned, all
 * three work again. Real FerretDB.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Actor } from '#models/tenancy/audit.server'
import { contributeEvidence } from '#models/work/contribution.server'
import {
  createTextEvidence,
  deleteEvidence,
  getEvidence,
  linkEvidence,
  restoreEvidence,
} from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { approveItem, getItemReview, returnItem, submitItem } from '#models/work/review.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, publishAndAssign, release } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

let org: TestOrg
let catalogId: string
let coordinator: Actor
let assessor: Actor
let elements: string[]
let binned: string

beforeAll(async () => {
  ;({ org } = await provide({ org: 'additions' }))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'] })).id
  coordinator = actorsOf(org).coordinator
  assessor = actorsOf(org).assessor
  elements = (await getItemReview(org.organization.id, catalogId, 'O1'))!.elements.map((e) => e.id)
  for (const id of elements) await link(await text(`คำตอบ ${id}`), id)
  // one evidence went to the bin before the item was submitted
  binned = await text('ฉบับที่ลบไปก่อนส่ง')
  await link(binned, elements[0])
  await deleteEvidence(coordinator, binned, 30)
  await submitItem(coordinator, catalogId, 'O1', {})
})
afterAll(release)

async function text(title: string) {
  return (await createTextEvidence(coordinator, { title, html: `<p>${title}</p>` })).id
}
const link = (evidenceId: string, elementId: string) =>
  linkEvidence(
    coordinator,
    evidenceId,
    { catalogId, itemCode: 'O1', elementId },
    { resolveTarget: resolveOrganizationTarget },
  )
const contribute = (evidenceId: string, elementId: string) =>
  contributeEvidence(coordinator, org.people.coordinator.membership, catalogId, 'O1', {
    evidenceId,
    elementId,
    unitId: org.units[0].id,
  })
const answer = async () =>
  (await getItemReview(org.organization.id, catalogId, 'O1'))!.elements
    .flatMap((e) => e.evidence.filter((x) => x.inAnswer).map((x) => x.title))
    .sort()

describe('a submitted item', () => {
  it('refuses a new link, a contribution and a restore into its answer, naming the item', async () => {
    const before = await answer()
    const title = (await getItemReview(org.organization.id, catalogId, 'O1'))!.titleTh
    const names = new RegExp(
      `ข้อ O1 "${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}".*ส่งตรวจแล้ว.* \\/ .*O1 .*submitted`,
    )
    const late = await text('เพิ่มหลังส่งตรวจ')
    const refusals = [
      await refusal(() => link(late, elements[0])),
      await refusal(() => contribute(late, elements[0])),
      // also for evidence already linked: the unit's share of a closed answer does not change
      await refusal(() => contribute(binned, elements[0])),
      await refusal(() => restoreEvidence(org.actor, binned)),
    ]
    for (const r of refusals) {
      expect(r.status).toBe(409)
      expect(r.message).toMatch(names)
    }
    expect(refusals[3].message).toMatch(/กู้คืนหลักฐานนี้/)
    expect((await getEvidence(org.organization.id, late))!.links).toEqual([])
    expect((await getEvidence(org.organization.id, binned))!.deletedAt).not.toBeNull()
    expect(await answer()).toEqual(before)
  })

  it('takes them again once returned, and an approved item refuses them for good', async () => {
    await returnItem(assessor, catalogId, 'O1', { comment: 'ขอเอกสารเพิ่ม' })
    await restoreEvidence(org.actor, binned)
    const added = await text('เพิ่มหลังส่งกลับ')
    await contribute(added, elements[1])
    expect(await answer()).toEqual(expect.arrayContaining(['ฉบับที่ลบไปก่อนส่ง', 'เพิ่มหลังส่งกลับ']))

    await submitItem(coordinator, catalogId, 'O1', {})
    const ticks = elements.map((elementId) => ({ elementId, ticked: true }))
    await approveItem(assessor, catalogId, 'O1', { ticks })
    const before = await answer()
    const late = await text('เพิ่มหลังอนุมัติ')
    const refused = await refusal(() => link(late, elements[1]))
    expect(refused.status).toBe(409)
    expect(refused.message).toMatch(/ข้อ O1 ".+".*อนุมัติแล้ว.* \/ .*approved/)
    expect(await answer()).toEqual(before)
  })
})
