/**
 * Demo evidence for `npm run local`: for most criteria of the demo agency's ITA 2569 catalog, a
 * generated Thai PDF per file element, a link to a page the app itself serves per URL element and
 * a short text per text element, each linked to its element. Evidence is created once (skipped
 * when the ITA criteria already have evidence). Then about 70 % of the criteria with evidence are
 * submitted and approved (all elements ticked), some are left submitted and some in progress, so
 * that the review list, the dashboard and the submission package have something to show; that
 * step only moves items still in progress or submitted, so it is safe to run again.
 */
import { Readable } from 'node:stream'
import { escapeHtml } from '#evidence/reports/html'
import { newObjectKey, putHashedStream } from '#evidence/objects.server'
import { PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer, type PdfRenderer } from '#evidence/pdf.server'
import type { Storage } from '#evidence/storage.server'
import { listCatalogs, getCatalog } from '#models/catalog.server'
import { listCriteria } from '#models/catalog-schema'
import { createFileEvidence, createLinkEvidence, createTextEvidence, itemCodesWithEvidence, linkEvidence } from '#models/evidence.server'
import { resolveOrganizationTarget } from '#models/evidence-targets.server'
import type { Organization } from '#models/organization.server'
import { AppError } from '#models/errors'
import { approveItem, listReviews, submitItem } from '#models/review.server'
import { getUserByEmail } from '#models/user.server'
import { DEMO_PEOPLE } from '#scripts/seed'


/** Creates the demo evidence (once) and moves the demo reviews along; returns the evidence created. */
export async function seedDemoEvidence(storage: Storage, organization: Organization, coordinatorEmail: string, publicUrl: string): Promise<number> {
  // other seeds add evidence of their own (KPI reports): only evidence on the ITA criteria counts here
  const summary = (await listCatalogs(organization.id)).find((c) => c.sourceKey === 'ita-nacc-2569')
  const seeded = summary ? (await itemCodesWithEvidence(organization.id, summary.id)).size > 0 : false
  const created = seeded ? 0 : await createDemoEvidence(storage, organization, coordinatorEmail, publicUrl)
  await seedDemoReviews(organization, coordinatorEmail)
  return created
}

/** What the seed leaves each criterion with evidence in, by its position: 7 of 10 approved, 2 submitted, 1 in progress. */
export function demoReviewTarget(index: number): 'approved' | 'submitted' | 'in-progress' {
  const n = index % 10
  return n < 7 ? 'approved' : n < 9 ? 'submitted' : 'in-progress'
}

async function seedDemoReviews(organization: Organization, coordinatorEmail: string): Promise<void> {
  const summary = (await listCatalogs(organization.id)).find((c) => c.sourceKey === 'ita-nacc-2569')
  const catalog = summary && (await getCatalog(organization.id, summary.id))
  const coordinator = await getUserByEmail(coordinatorEmail)
  const assessor = await getUserByEmail(DEMO_PEOPLE.find((p) => p.role === 'assessor')!.email)
  if (!catalog || catalog.content.kind !== 'ita' || !coordinator || !assessor) return
  const submitter = { organizationId: organization.id, userId: coordinator.id, userName: coordinator.nameTh }
  const approver = { organizationId: organization.id, userId: assessor.id, userName: assessor.nameTh }
  // the stored statuses first: items already where the seed leaves them are not read again
  const stored = new Map((await listReviews(organization.id, ['in-progress', 'submitted', 'returned', 'approved'])).filter((r) => r.catalogId === catalog.id).map((r) => [r.itemCode, r.status]))
  const withEvidence = await itemCodesWithEvidence(organization.id, catalog.id)
  let index = 0
  for (const { criterion } of listCriteria(catalog.content)) {
    if (!withEvidence.has(criterion.code)) continue
    const target = demoReviewTarget(index++)
    const status = stored.get(criterion.code) ?? 'in-progress'
    if (target === 'in-progress' || status === 'approved' || status === 'returned' || (target === 'submitted' && status === 'submitted')) continue
    try {
      if (status === 'in-progress') await submitItem(submitter, catalog.id, criterion.code, { comment: 'ส่งหลักฐานครบตามองค์ประกอบแล้ว (ข้อมูลตัวอย่าง)' })
    } catch (error) {
      // an element short of its minimum: the item stays in progress, as it would for a real unit
      if (error instanceof AppError && error.status === 400) continue
      throw error
    }
    if (target === 'approved') {
      await approveItem(approver, catalog.id, criterion.code, { ticks: criterion.elements.map((e) => ({ elementId: e.id, ticked: true })), comment: 'ครบถ้วนตามองค์ประกอบ' })
    }
  }
}

async function createDemoEvidence(storage: Storage, organization: Organization, coordinatorEmail: string, publicUrl: string): Promise<number> {
  const summary = (await listCatalogs(organization.id)).find((c) => c.sourceKey === 'ita-nacc-2569')
  const catalog = summary && (await getCatalog(organization.id, summary.id))
  const coordinator = await getUserByEmail(coordinatorEmail)
  if (!catalog || catalog.content.kind !== 'ita' || !coordinator) return 0
  const actor = { organizationId: organization.id, userId: coordinator.id, userName: coordinator.nameTh }
  // every fifth criterion is left without evidence, so that the screens show gaps too
  const criteria = listCriteria(catalog.content).filter((_, i) => i % 5 !== 4)

  const make = async (render: PdfRenderer | null) => {
    let count = 0
    for (const { criterion } of criteria) {
      for (const element of criterion.elements) {
        let evidenceId: string
        if (element.evidenceKind === 'url') {
          const url = `${publicUrl}/?ita=${encodeURIComponent(criterion.code)}-${encodeURIComponent(element.id)}`
          evidenceId = (await createLinkEvidence(actor, { url, title: `${criterion.code} ${criterion.title.th}` }, { allowPrivate: true })).id
        } else if (element.evidenceKind === 'text') {
          evidenceId = (await createTextEvidence(actor, { title: `คำอธิบาย ${criterion.code}`, html: `<p>${escapeHtml(element.text.th)}: ดำเนินการแล้ว (ข้อมูลตัวอย่าง)</p>` })).id
        } else {
          const title = `${criterion.code} ${criterion.title.th}`
          const body = `<h1>${escapeHtml(organization.nameTh)}</h1><h2>${escapeHtml(title)}</h2><p>${escapeHtml(element.text.th)}</p><p>เอกสารตัวอย่างสำหรับการสาธิต ปีงบประมาณ พ.ศ. 2569</p>`
          const bytes = render
            ? await render.render(`<!doctype html><html lang="th"><head><meta charset="utf-8"><style>${thaiFontCss()} body{font-family:${PDF_FONT_FAMILY};font-size:16pt}</style></head><body>${body}</body></html>`, new Date('2026-01-15T00:00:00Z'))
            : Buffer.from(`${title}\n${element.text.th}\nเอกสารตัวอย่างสำหรับการสาธิต\n`, 'utf8')
          const fileName = `${criterion.code}-${element.id} ${criterion.title.th.slice(0, 60)}.${render ? 'pdf' : 'txt'}`
          const mimeType = render ? 'application/pdf' : 'text/plain'
          const stored = await putHashedStream(storage, newObjectKey(organization.id), Readable.from([bytes]), { contentType: mimeType, maxBytes: 10 * 1024 * 1024, fileName })
          evidenceId = (await createFileEvidence(actor, { ...stored, mimeType, fileName })).id
        }
        await linkEvidence(actor, evidenceId, { catalogId: catalog.id, itemCode: criterion.code, elementId: element.id }, { resolveTarget: resolveOrganizationTarget })
        count++
      }
    }
    return count
  }
  try {
    return await withPdfRenderer((render) => make(render))
  } catch (error) {
    if (!/Chromium/.test((error as Error).message)) throw error
    // no Chromium on this machine: the demo files are Thai text files instead of PDFs
    return make(null)
  }
}
