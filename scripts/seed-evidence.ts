/**
 * Demo evidence for `npm run local`, for the two fiscal years of the demo (scripts/seed.ts, by the date it is
 * seeded). Last year: evidence for nearly every criterion (a generated Thai PDF per file element, a link to a
 * page the app itself serves per URL element, a short text per text element), all of it submitted and approved.
 * This year: a mix, by the criterion's position (DEMO_CURRENT_PLAN): approved, submitted, returned with a
 * comment, in progress (evidence for the first element only) and not started (no evidence). This year's files
 * reuse the bytes rendered for last year's matching element (the document an agency would update), so Chromium
 * renders about one PDF per file element, as before. Evidence of a year is created once (skipped when its ITA
 * criteria already have evidence); the review step only moves items forward to their target, so running it
 * again changes nothing.
 */
import { Readable } from 'node:stream'
import { escapeHtml } from '#evidence/documents/html'
import { newObjectKey } from '#evidence/storage/keys'
import { putHashedStream } from '#evidence/storage/objects.server'
import { PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer, type PdfRenderer } from '#evidence/documents/pdf.server'
import type { Storage } from '#evidence/storage/storage.server'
import { getCatalog, rolloverMapping, type StoredCatalog } from '#models/catalog/catalog.server'
import { listCriteria, type ItaCatalog } from '#models/catalog/schema'
import {
  createFileEvidence,
  createLinkEvidence,
  createTextEvidence,
  itemCodesWithEvidence,
  linkEvidence,
} from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import type { Organization } from '#models/tenancy/organization.server'
import { AppError } from '#models/errors'
import { approveItem, listReviews, returnItem, submitItem } from '#models/work/review.server'
import { getUserByEmail } from '#models/tenancy/user.server'
import { evidenceTypeFor } from '#models/evidence/kinds'
import { DEMO_PEOPLE, demoClock, findDemoCatalog } from '#scripts/seed'

export type DemoTarget = 'approved' | 'submitted' | 'returned' | 'in-progress' | 'not-started'

/**
 * This year's status of each criterion by its position (O1 first), next to its due date (scripts/seed.ts
 * CURRENT_DUE_DAYS): of the public-relations group's O1–O4, due a few days ago, one is approved and three are
 * overdue (in progress, returned, not started); the later batches, due in the coming weeks, are a mix.
 */
export const DEMO_CURRENT_PLAN: DemoTarget[] = [
  'approved',
  'in-progress',
  'returned',
  'not-started', // O1–O4, overdue batch
  'approved',
  'submitted',
  'approved',
  'in-progress',
  'not-started',
  'submitted', // O5–O10
  'approved',
  'in-progress', // O11–O12
  'submitted',
  'not-started', // O13–O14
  'approved',
  'submitted',
  'returned',
  'approved',
  'in-progress',
  'not-started',
  'approved',
  'submitted',
  'in-progress',
  'not-started',
  'approved',
  'in-progress', // O15–O26
]

/** What the seed leaves each criterion of a year in, by its position in the catalog. */
export function demoTarget(year: 'previous' | 'current', index: number): DemoTarget {
  // last year: all approved but every tenth criterion, left without evidence (a gap the package shows)
  if (year === 'previous') return index % 10 === 9 ? 'not-started' : 'approved'
  return DEMO_CURRENT_PLAN[index % DEMO_CURRENT_PLAN.length]
}

export const DEMO_RETURN_COMMENT = 'เอกสารยังไม่ระบุวันที่เผยแพร่ กรุณาแนบหลักฐานที่แสดงวันที่เผยแพร่บนเว็บไซต์ (ข้อมูลตัวอย่าง)'

/** Creates the demo evidence of both years (once) and moves the demo reviews along; returns the evidence created. */
export async function seedDemoEvidence(
  storage: Storage,
  organization: Organization,
  coordinatorEmail: string,
  publicUrl: string,
  options: { now?: Date } = {},
): Promise<number> {
  const clock = demoClock(options.now)
  const load = async (year: number) => {
    const summary = await findDemoCatalog(organization, 'ita', year)
    const catalog = summary && (await getCatalog(organization.id, summary.id))
    return catalog && catalog.content.kind === 'ita' ? (catalog as StoredCatalog & { content: ItaCatalog }) : null
  }
  const previous = await load(clock.previous)
  const current = await load(clock.current)
  // other seeds add evidence of their own (KPI reports): only evidence on the ITA criteria counts here
  const needs = async (c: typeof previous) =>
    c ? (await itemCodesWithEvidence(organization.id, c.id, codesOf(c))).size === 0 : false
  const years: YearPlan[] = []
  if (previous && (await needs(previous))) years.push({ catalog: previous, year: 'previous', fromOld: {} })
  if (current && (await needs(current))) {
    // this year's code → last year's, to reuse the file rendered for the same element
    const mapping =
      previous && current.rolledFromId === previous.id
        ? await rolloverMapping(organization.id, previous.id, current.id)
        : {}
    years.push({
      catalog: current,
      year: 'current',
      fromOld: Object.fromEntries(Object.entries(mapping).map(([from, to]) => [to, from])),
    })
  }
  const created = years.length ? await createDemoEvidence(storage, organization, coordinatorEmail, publicUrl, years) : 0
  if (previous) await seedDemoReviews(organization, coordinatorEmail, previous, 'previous')
  if (current) await seedDemoReviews(organization, coordinatorEmail, current, 'current')
  return created
}

interface YearPlan {
  catalog: StoredCatalog & { content: ItaCatalog }
  year: 'previous' | 'current'
  /** For this year's items: the code of last year's item it continues. */
  fromOld: Record<string, string>
}

/** The codes of a catalog's criteria. */
const codesOf = (catalog: StoredCatalog & { content: ItaCatalog }) =>
  listCriteria(catalog.content).map((c) => c.criterion.code)

const ORDER: Record<string, number> = { 'not-started': 0, 'in-progress': 0, submitted: 1, returned: 2, approved: 2 }

async function seedDemoReviews(
  organization: Organization,
  coordinatorEmail: string,
  catalog: YearPlan['catalog'],
  year: YearPlan['year'],
): Promise<void> {
  const coordinator = await getUserByEmail(coordinatorEmail)
  const assessor = await getUserByEmail(DEMO_PEOPLE.find((p) => p.role === 'assessor')!.email)
  if (!coordinator || !assessor) return
  const submitter = { organizationId: organization.id, userId: coordinator.id, userName: coordinator.nameTh }
  const reviewer = { organizationId: organization.id, userId: assessor.id, userName: assessor.nameTh }
  // the stored statuses first: items already where the seed leaves them are not read again
  const stored = new Map(
    (await listReviews(organization.id, ['in-progress', 'submitted', 'returned', 'approved']))
      .filter((r) => r.catalogId === catalog.id)
      .map((r) => [r.itemCode, r.status]),
  )
  const withEvidence = await itemCodesWithEvidence(organization.id, catalog.id, codesOf(catalog))
  for (const [index, { criterion }] of listCriteria(catalog.content).entries()) {
    const target = demoTarget(year, index)
    const status = stored.get(criterion.code) ?? 'in-progress'
    if (!withEvidence.has(criterion.code) || ORDER[status] >= ORDER[target]) continue
    try {
      if (status === 'in-progress')
        await submitItem(submitter, catalog.id, criterion.code, { comment: 'ส่งหลักฐานครบตามองค์ประกอบแล้ว (ข้อมูลตัวอย่าง)' })
    } catch (error) {
      // an element short of its minimum: the item stays in progress, as it would for a real unit
      if (error instanceof AppError && error.status === 400) continue
      throw error
    }
    const ticks = criterion.elements.map((e) => ({ elementId: e.id, ticked: true }))
    if (target === 'approved')
      await approveItem(reviewer, catalog.id, criterion.code, { ticks, comment: 'ครบถ้วนตามองค์ประกอบ' })
    if (target === 'returned')
      await returnItem(reviewer, catalog.id, criterion.code, { ticks: ticks.slice(1), comment: DEMO_RETURN_COMMENT })
  }
}

async function createDemoEvidence(
  storage: Storage,
  organization: Organization,
  coordinatorEmail: string,
  publicUrl: string,
  years: YearPlan[],
): Promise<number> {
  const coordinator = await getUserByEmail(coordinatorEmail)
  if (!coordinator) return 0
  const actor = { organizationId: organization.id, userId: coordinator.id, userName: coordinator.nameTh }

  const make = async (render: PdfRenderer | null) => {
    let count = 0
    // last year's file of an item's element ("O5|1.2" → bytes), reused for this year's same element
    const rendered = new Map<string, Buffer>()
    for (const { catalog, year, fromOld } of years) {
      for (const [index, { criterion }] of listCriteria(catalog.content).entries()) {
        const target = demoTarget(year, index)
        if (target === 'not-started') continue
        // an item in progress has evidence for its first element only
        const elements = target === 'in-progress' ? criterion.elements.slice(0, 1) : criterion.elements
        for (const element of elements) {
          for (let copy = 1; copy <= Math.max(1, element.minCount); copy++) {
            const suffix = copy > 1 ? ` (${copy})` : ''
            const copyTag = copy > 1 ? `-${copy}` : ''
            let evidenceId: string
            if (evidenceTypeFor(element.evidenceKind) === 'link') {
              const query = `${encodeURIComponent(criterion.code)}-${encodeURIComponent(element.id)}${copyTag}`
              const url = `${publicUrl}/?ita=${query}`
              evidenceId = (
                await createLinkEvidence(
                  actor,
                  { url, title: `${criterion.code} ${criterion.title.th}${suffix}` },
                  { allowPrivate: true },
                )
              ).id
            } else if (element.evidenceKind === 'text') {
              evidenceId = (
                await createTextEvidence(actor, {
                  title: `คำอธิบาย ${criterion.code}${suffix}`,
                  html: `<p>${escapeHtml(element.text.th)}: ดำเนินการแล้ว (ข้อมูลตัวอย่าง)</p>`,
                })
              ).id
            } else {
              const title = `${criterion.code} ${criterion.title.th}`
              const key = `${year === 'current' ? (fromOld[criterion.code] ?? '') : criterion.code}|${element.id}`
              let bytes = rendered.get(key)
              if (!bytes) {
                const body =
                  `<h1>${escapeHtml(organization.nameTh)}</h1><h2>${escapeHtml(title)}</h2><p>` +
                  `${escapeHtml(element.text.th)}</p><p>เอกสารตัวอย่างสำหรับการสาธิต ปีงบประมาณ พ.ศ. ` +
                  `${catalog.fiscalYear}</p>`
                bytes = render
                  ? await render.render(
                      `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>${thaiFontCss()} ` +
                        `body{font-family:${PDF_FONT_FAMILY};font-size:16pt}</style></head><body>${body}</body>` +
                        `</html>`,
                      new Date('2026-01-15T00:00:00Z'),
                    )
                  : Buffer.from(`${title}\n${element.text.th}\nเอกสารตัวอย่างสำหรับการสาธิต\n`, 'utf8')
                if (year === 'previous') rendered.set(key, bytes)
              }
              const extension = render ? 'pdf' : 'txt'
              const name = `${criterion.code}-${element.id}${copyTag} ${criterion.title.th.slice(0, 60)}`
              const fileName = `${name}.${extension}`
              const mimeType = render ? 'application/pdf' : 'text/plain'
              const stored = await putHashedStream(storage, newObjectKey(organization.id), Readable.from([bytes]), {
                contentType: mimeType,
                maxBytes: 10 * 1024 * 1024,
                fileName,
              })
              evidenceId = (await createFileEvidence(actor, { ...stored, mimeType, fileName })).id
            }
            await linkEvidence(
              actor,
              evidenceId,
              { catalogId: catalog.id, itemCode: criterion.code, elementId: element.id },
              { resolveTarget: resolveOrganizationTarget },
            )
            count++
          }
        }
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
