/**
 * The package holds what the assessor approved: evidence linked after the approval does not
 * change it, and the answer's files and links cannot change (real FerretDB and S3 gateway).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { gatherPackageContent } from '#evidence/package/content.server'
import type { Storage } from '#evidence/storage/storage.server'
import { addFileVersion, createFileEvidence, createTextEvidence, unlinkEvidence } from '#models/evidence/records.server'
import { getItemReview } from '#models/work/review.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, linker, provide, publishAndAssign, release, storedPdf, submitAndApprove } from '#test/support/kit'

let storage: Storage
let org: TestOrg
beforeAll(async () => {
  ;({ org, storage } = await provide({ org: 'package-answer', bucket: true }))
})
afterAll(release)

const storePdf = (text: string) =>
  storedPdf(storage, org.organization.id, `${text}.pdf`, Buffer.from(`%PDF-1.4\n${text}\n`))

describe('the package content', () => {
  it('is the approved answer with the file versions it had, whatever changed afterwards', async () => {
    const catalog = await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'] })
    const { coordinator } = actorsOf(org)
    const link = linker(coordinator, catalog.id, 'O1')
    const elements = (await getItemReview(org.organization.id, catalog.id, 'O1'))!.elements
    const file = await createFileEvidence(coordinator, await storePdf('โครงสร้าง-ฉบับแรก'))
    const texts: string[] = []
    for (const [i, element] of elements.entries()) {
      if (i === 0) await link(file.id, element.id)
      else {
        const t = await createTextEvidence(coordinator, {
          title: `คำอธิบาย ${element.id}`,
          html: `<p>${element.id}</p>`,
        })
        texts.push(t.id)
        await link(t.id, element.id)
      }
    }
    await submitAndApprove(org, catalog.id, 'O1')
    const first = elements[0].id

    // after the approval: one more link, a new version of the answer's file and removing an
    // answer's link are all refused (the approved answer is frozen)
    await expect(addFileVersion(coordinator, file.id, await storePdf('โครงสร้าง-แก้ไขหลังอนุมัติ'))).rejects.toMatchObject({
      status: 409,
    })
    const late = await createTextEvidence(coordinator, { title: 'เพิ่มหลังอนุมัติ', html: '<p>late</p>' })
    await expect(link(late.id, first)).rejects.toMatchObject({ status: 409 })
    await expect(
      unlinkEvidence(coordinator, texts[0], { catalogId: catalog.id, itemCode: 'O1', elementId: elements[1].id }),
    ).rejects.toMatchObject({ status: 409 })

    const content = await gatherPackageContent(org.organization.id, 2569, 12)
    const item = content.catalogs.flatMap((c) => c.items).find((i) => i.code === 'O1')!
    expect(item.status).toBe('approved')
    const byElement = new Map(item.elements.map((e) => [e.id, e.evidence]))
    expect(
      byElement.get(first)!.map((e) => [e.id, e.file?.version, e.file?.path.endsWith('โครงสร้าง-ฉบับแรก.pdf')]),
    ).toEqual([[file.id, 1, true]])
    expect(byElement.get(elements[1].id)!.map((e) => e.id)).toEqual([texts[0]])
  })
})
