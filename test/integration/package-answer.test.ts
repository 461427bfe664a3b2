/**
 * The package holds what the assessor approved: evidence linked after the approval does not
 * change it, and the answer's files and links cannot change (real FerretDB and S3 gateway).
 */
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newObjectKey, putHashedStream } from '#evidence/storage/objects.server'
import { gatherPackageContent } from '#evidence/package/content.server'
import type { Storage } from '#evidence/storage/storage.server'
import { assignItems } from '#models/work/assignment.server'
import { publishCatalog, startFromBuiltIn } from '#models/catalog/catalog.server'
import { addFileVersion, createFileEvidence, createTextEvidence, linkEvidence, unlinkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { approveItem, getItemReview, submitItem } from '#models/work/review.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { useTestBucket, useTestDatabase } from '#test/support/services'

let cleanup: () => Promise<void>
let storage: Storage
let org: TestOrg
beforeAll(async () => {
  ;({ cleanup } = await useTestDatabase())
  storage = await useTestBucket()
  org = await createTestOrg('package-answer')
})
afterAll(() => cleanup())

async function storePdf(text: string) {
  const body = Buffer.from(`%PDF-1.4\n${text}\n`)
  const stored = await putHashedStream(storage, newObjectKey(org.organization.id), Readable.from([body]), { contentType: 'application/pdf', maxBytes: 1 << 20, fileName: `${text}.pdf` })
  return { ...stored, mimeType: 'application/pdf', fileName: `${text}.pdf` }
}

describe('the package content', () => {
  it('is the approved answer with the file versions it had, whatever changed afterwards', async () => {
    const catalog = await startFromBuiltIn(org.actor, 'ita-nacc-2569')
    await publishCatalog(org.actor, catalog.id)
    await assignItems(org.actor, { catalogId: catalog.id, itemCodes: ['O1'], unitIds: [org.units[0].id], dueDate: '2026-03-31' })
    const coordinator = { ...org.actor, userId: org.people.coordinator.id, userName: org.people.coordinator.nameTh }
    const assessor = { ...org.actor, userId: org.people.assessor.id, userName: org.people.assessor.nameTh }
    const link = (id: string, elementId: string) => linkEvidence(coordinator, id, { catalogId: catalog.id, itemCode: 'O1', elementId }, { resolveTarget: resolveOrganizationTarget })
    const elements = (await getItemReview(org.organization.id, catalog.id, 'O1'))!.elements
    const file = await createFileEvidence(coordinator, await storePdf('โครงสร้าง-ฉบับแรก'))
    const texts: string[] = []
    for (const [i, element] of elements.entries()) {
      if (i === 0) await link(file.id, element.id)
      else {
        const t = await createTextEvidence(coordinator, { title: `คำอธิบาย ${element.id}`, html: `<p>${element.id}</p>` })
        texts.push(t.id)
        await link(t.id, element.id)
      }
    }
    await submitItem(coordinator, catalog.id, 'O1')
    await approveItem(assessor, catalog.id, 'O1', { ticks: elements.map((e) => ({ elementId: e.id, ticked: true })) })
    const first = elements[0].id

    // after the approval: one more link, a new version of the answer's file and removing an
    // answer's link are all refused (the approved answer is frozen)
    await expect(addFileVersion(coordinator, file.id, await storePdf('โครงสร้าง-แก้ไขหลังอนุมัติ'))).rejects.toMatchObject({ status: 409 })
    const late = await createTextEvidence(coordinator, { title: 'เพิ่มหลังอนุมัติ', html: '<p>late</p>' })
    await expect(link(late.id, first)).rejects.toMatchObject({ status: 409 })
    await expect(unlinkEvidence(coordinator, texts[0], { catalogId: catalog.id, itemCode: 'O1', elementId: elements[1].id })).rejects.toMatchObject({ status: 409 })

    const content = await gatherPackageContent(org.organization.id, 2569, 12)
    const item = content.catalogs.flatMap((c) => c.items).find((i) => i.code === 'O1')!
    expect(item.status).toBe('approved')
    const byElement = new Map(item.elements.map((e) => [e.id, e.evidence]))
    expect(byElement.get(first)!.map((e) => [e.id, e.file?.version, e.file?.path.endsWith('โครงสร้าง-ฉบับแรก.pdf')])).toEqual([[file.id, 1, true]])
    expect(byElement.get(elements[1].id)!.map((e) => e.id)).toEqual([texts[0]])
  })
})
