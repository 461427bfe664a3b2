/**
 * Demo evidence for `npm run local`: for most criteria of the demo agency's ITA 2569 catalog, a
 * generated Thai PDF per file element, a link to a page the app itself serves per URL element and
 * a short text per text element, each linked to its element. Runs once (skipped when the agency
 * already has evidence).
 */
import { Readable } from 'node:stream'
import { escapeHtml } from '#evidence/reports/html'
import { newObjectKey, putHashedStream } from '#evidence/objects.server'
import { PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer, type PdfRenderer } from '#evidence/pdf.server'
import type { Storage } from '#evidence/storage.server'
import { listCatalogs, getCatalog } from '#models/catalog.server'
import { listCriteria } from '#models/catalog-schema'
import { createFileEvidence, createLinkEvidence, createTextEvidence, linkEvidence, listEvidence } from '#models/evidence.server'
import { resolveOrganizationTarget } from '#models/evidence-targets.server'
import type { Organization } from '#models/organization.server'
import { getUserByEmail } from '#models/user.server'


export async function seedDemoEvidence(storage: Storage, organization: Organization, coordinatorEmail: string, publicUrl: string): Promise<number> {
  if ((await listEvidence(organization.id, {}, 1)).length > 0) return 0
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
