/**
 * The generated documents of a submission package: manifest.json, index.html (offline
 * browsing with relative links), itas-links.csv (for the national ITAS system) and the HTML of
 * index.pdf (cover page, memo-style cover note, criteria table, then the report sections).
 * Pure: the same content gives the same text.
 */
import { toCsv } from '#evidence/documents/csv'
import { cells, escapeHtml, headerCells, thaiDigits } from '#evidence/documents/html'
import type { PackageContent, PackageItem } from '#evidence/package/content.server'
import { itaConfidence } from '#models/catalog/schema'
import { formatDate, formatFiscalYear } from '#models/dates'

/** One file of the archive as the manifest lists it (final, sanitised path). */
export interface ManifestFile {
  path: string
  size: number
  sha256: string
  kind: 'file' | 'link-snapshot' | 'text' | 'generated'
  evidenceId: string | null
  /** File version number, or the snapshot's number for a link; null for texts and generated files. */
  version: number | null
  linkedTo: { catalogKey: string; itemCode: string; elementId: string }[]
  approvedByName: string | null
  approvedAt: string | null
}

export interface PackageScores {
  catalogKey: string
  /** What the figures assume (where OIT and IIT/EIT come from). */
  basis: string
  surveys: { indicator: number; score: number | null; source: 'entered' | 'last-year' | 'missing' }[]
  approvedOnly: { total: number; band: string; tools: { code: string; score: number; contribution: number }[] }
  ifSubmittedApproved: { total: number; band: string }
}

const STATUS_TH: Record<PackageItem['status'], string> = {
  'not-started': 'ยังไม่เริ่ม',
  'in-progress': 'กำลังดำเนินการ',
  carried: 'ยกมาจากปีก่อน รอยืนยัน',
  submitted: 'ส่งตรวจแล้ว',
  returned: 'ส่งกลับให้แก้ไข',
  approved: 'อนุมัติแล้ว',
}

/** A relative link from the archive root to a file inside it. */
const href = (path: string) => path.split('/').map(encodeURIComponent).join('/')

export function manifestJson(content: PackageContent, files: ManifestFile[], scores: PackageScores[]): string {
  const manifest = {
    format: 'saisaat-submission-package/1',
    organization: {
      code: content.organization.code,
      nameTh: content.organization.nameTh,
      nameEn: content.organization.nameEn,
    },
    fiscalYear: content.fiscalYear,
    round: content.round,
    generatedAt: content.generatedAt.toISOString(),
    catalogs: content.catalogs.map(({ catalog }) => ({
      id: catalog.id,
      key: catalog.key,
      kind: catalog.kind,
      version: catalog.version,
      nameTh: catalog.nameTh,
      publishedAt: catalog.publishedAt,
    })),
    scores,
    items: content.catalogs.flatMap(({ catalog, items }) =>
      items.map((i) => ({
        catalogKey: catalog.key,
        code: i.code,
        titleTh: i.titleTh,
        status: i.status,
        approvedByName: i.approvedByName || null,
        approvedAt: i.approvedAt,
      })),
    ),
    files,
  }
  return `${JSON.stringify(manifest, null, 2)}\n`
}

export const ITAS_LINKS_COLUMNS = ['ข้อ', 'ชื่อข้อ', 'URL ที่เผยแพร่', 'หมายเหตุ'] as const

/**
 * Criterion code, title, published URL(s) and a note, ready to paste into ITAS (evidence/documents/csv.ts: UTF-8
 * with BOM for Excel).
 */
export function itasLinksCsv(content: PackageContent): string {
  const rows: string[][] = []
  for (const { catalog, items } of content.catalogs) {
    if (catalog.kind !== 'ita' && catalog.kind !== 'ita-variant') continue
    for (const item of items) {
      const urls = [...new Set(item.elements.flatMap((e) => e.evidence.filter((x) => x.url).map((x) => x.url!)))]
      const approvedAt = item.status === 'approved' && item.approvedAt ? formatDate(item.approvedAt, 'th') : '—'
      const filesOnly = urls.length === 0 ? ' (หลักฐานเป็นไฟล์ในชุดเอกสาร)' : ''
      const note =
        item.status === 'approved'
          ? `อนุมัติโดย ${item.approvedByName} เมื่อ ${approvedAt}${filesOnly}`
          : `ยังไม่อนุมัติ (${STATUS_TH[item.status]})`
      // several URLs share one cell, one per line: the writer quotes the line breaks
      rows.push([item.code, item.titleTh, urls.join('\n'), note])
    }
  }
  return toCsv(ITAS_LINKS_COLUMNS, rows)
}

function evidenceListHtml(item: PackageItem, link: boolean): string {
  if (item.status !== 'approved') return '<span class="muted">—</span>'
  const lines = item.elements.flatMap((el) =>
    el.evidence.map((e) => {
      const name = escapeHtml(`${el.id}: ${e.title}`)
      const file = e.file
        ? link
          ? ` <a href="${href(e.file.path)}">${escapeHtml(e.file.path.split('/').pop())}</a>`
          : ''
        : ''
      const url = e.url ? ` <a href="${escapeHtml(e.url)}">${escapeHtml(e.url)}</a>` : ''
      return `<li>${name}${file}${url}</li>`
    }),
  )
  return lines.length ? `<ul>${lines.join('')}</ul>` : '<span class="muted">—</span>'
}

// one line of CSS, as the page has always carried it
const INDEX_CSS = [
  "body{font-family:Sarabun,'TH Sarabun New',Tahoma,sans-serif;margin:2rem;line-height:1.5}",
  'table{border-collapse:collapse;width:100%}',
  'th,td{border:1px solid #999;padding:4px 8px;vertical-align:top;text-align:left}',
  'th{background:#eee}',
  'ul{margin:0;padding-left:1.2rem}',
  '.muted{color:#777}',
].join('')

/** index.html: the same table as the PDF, with relative links that open the files in the archive. */
export function indexHtml(content: PackageContent): string {
  const sections = content.catalogs
    .map(({ catalog, items }) => {
      const rows = items
        .map((i) => {
          const approvedAt =
            i.status === 'approved' && i.approvedAt ? formatDate(i.approvedAt, 'th', { style: 'datetime' }) : ''
          const approval =
            i.status === 'approved'
              ? `<br><small>${escapeHtml(i.approvedByName)} · ${escapeHtml(approvedAt)}</small>`
              : ''
          const status = `${escapeHtml(STATUS_TH[i.status])}${approval}`
          return `<tr>${cells([escapeHtml(i.code), escapeHtml(i.titleTh), status, evidenceListHtml(i, true)])}</tr>`
        })
        .join('\n')
      return (
        `<h2>${escapeHtml(catalog.nameTh)} (ฉบับที่ ${catalog.version})</h2>\n` +
        `<table><thead><tr>${headerCells([['ข้อ'], ['ชื่อ'], ['สถานะ'], ['หลักฐาน']])}</tr></thead><tbody>\n${rows}\n` +
        `</tbody></table>`
      )
    })
    .join('\n')
  const org = escapeHtml(content.organization.nameTh)
  const fy = escapeHtml(formatFiscalYear(content.fiscalYear))
  const at = escapeHtml(formatDate(content.generatedAt, 'th', { style: 'datetime' }))
  const files = ['index.pdf', 'manifest.json', 'itas-links.csv'].map((f) => `<a href="${f}">${f}</a>`).join(' · ')
  return `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ชุดเอกสารหลักฐาน ${org} ${fy}</title>
<style>${INDEX_CSS}</style>
</head><body>
<h1>ชุดเอกสารหลักฐานเชิงประจักษ์ ${org}</h1>
<p>${fy} · รอบ ${content.round} เดือน · จัดทำจากข้อมูล ณ ${at}</p>
<p>${files}</p>
${sections}
</body></html>
`
}

export interface IndexPdfOptions {
  /** Report sections (KPI, plan, measures): each starts on a new page. */
  sections: { key: string; title: string; html: string }[]
  fileCount: number
}

/** The body of index.pdf (wrap it with reportDocument). */
export function indexPdfBody(content: PackageContent, options: IndexPdfOptions): string {
  const org = escapeHtml(content.organization.nameTh)
  const fy = thaiDigits(String(content.fiscalYear))
  const round = thaiDigits(String(content.round))
  // the cover, the memo and the criteria table are an official document: Thai digits throughout
  // (codes such as O1 and the name SHA-256 are identifiers, not numbers)
  const at = formatDate(content.generatedAt, 'th', { style: 'long', thaiDigits: true })
  const atTime = formatDate(content.generatedAt, 'th', { style: 'datetime', thaiDigits: true })
  const ita = content.catalogs.filter(({ catalog }) => catalog.kind === 'ita' || catalog.kind === 'ita-variant')
  // the memo counts the criteria of the table it refers to, not the KPI or measure items after it
  const criteria = ita.flatMap((c) => c.items)
  const approved = criteria.filter((i) => i.status === 'approved').length

  const cover = `<div style="padding-top:60mm;text-align:center">
<h1 style="font-size:24pt">ชุดเอกสารหลักฐานเชิงประจักษ์</h1>
<p style="font-size:18pt">การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)</p>
<p style="font-size:20pt;margin-top:20mm"><b>${org}</b></p>
<p style="font-size:18pt">ประจำปีงบประมาณ พ.ศ. ${fy}</p>
<p style="font-size:16pt">รอบการรายงาน ${round} เดือน</p>
<p style="margin-top:30mm">จัดทำจากข้อมูล ณ ${escapeHtml(atTime)}</p>
</div>`

  // long sentences are joined without adding white space: a line break inside Thai text would print as a space
  const memoNumber = '<span class="label">ที่</span> ………………………………'
  const dated = `<span class="label" style="margin-left:40mm">วันที่</span> ${escapeHtml(at)}`
  const subject =
    'การจัดส่งหลักฐานเชิงประจักษ์ การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ' +
    ` ประจำปีงบประมาณ พ.ศ. ${fy} (รอบ ${round} เดือน)`
  const background =
    'สำนักงาน ป.ป.ช. กำหนดให้หน่วยงานภาครัฐเปิดเผยข้อมูลและจัดส่งหลักฐานเชิงประจักษ์' +
    `ตามแบบตรวจการเปิดเผยข้อมูลสาธารณะ (OIT) ประจำปีงบประมาณ พ.ศ. ${fy}`
  const facts =
    `หน่วยงานได้รวบรวมหลักฐานที่ผ่านการตรวจสอบและอนุมัติแล้ว จำนวน ${thaiDigits(String(approved))} ข้อ` +
    ` จากทั้งหมด ${thaiDigits(String(criteria.length))} ข้อ รวม ${thaiDigits(String(options.fileCount))} ไฟล์` +
    ' รายละเอียดตามตารางแนบท้าย ทุกไฟล์มีค่าแฮช SHA-256 กำกับไว้ในไฟล์ manifest.json เพื่อยืนยันความถูกต้องของเอกสาร'
  const memo = `<div class="page-break"></div>
<h1 style="font-size:26pt">บันทึกข้อความ</h1>
<p><span class="label">ส่วนราชการ</span> ${org}</p>
<p>${memoNumber} ${dated}</p>
<p><span class="label">เรื่อง</span> ${subject}</p>
<p><span class="label">เรียน</span> หัวหน้าส่วนราชการ</p>
<h3>${thaiDigits('1')}. เรื่องเดิม</h3>
<p>${background}</p>
<h3>${thaiDigits('2')}. ข้อเท็จจริง</h3>
<p>${facts}</p>
<h3>${thaiDigits('3')}. ข้อพิจารณา</h3>
<p>เห็นควรจัดส่งชุดเอกสารหลักฐานเชิงประจักษ์นี้ และนำลิงก์ที่เผยแพร่ในไฟล์ itas-links.csv ไปบันทึกในระบบ ITAS ภายในกำหนด</p>
<h3>${thaiDigits('4')}. ข้อเสนอ</h3>
<p>จึงเรียนมาเพื่อโปรดพิจารณา</p>
<p style="margin-top:24mm;text-align:center">(……………………………………………)<br>ผู้จัดทำ</p>`

  // each criterion's title has a full-width row of its own: text extraction then never mixes it
  // with the status or evidence columns beside it, and long titles wrap only once or twice
  const tables = ita
    .map(({ catalog, items }) => {
      // an item not confirmed against the manual says so next to its title
      const content = catalog.content as typeof catalog.content | undefined
      const confidence = content?.kind === 'ita' || content?.kind === 'ita-variant' ? itaConfidence(content) : null
      const mark = (code: string) => {
        if (confidence?.placeholders.includes(code)) return ' (ยังไม่ทราบเนื้อหา)'
        const level = confidence?.criteria[code]?.level
        return level === 'unconfirmed' ? ' (ยังไม่ยืนยัน)' : level === 'one-source' ? ' (จากแหล่งเดียว)' : ''
      }
      const rows = items
        .map((i) => {
          const title = `<b>${escapeHtml(i.code)}</b> ${escapeHtml(i.titleTh)}${escapeHtml(mark(i.code))}`
          const approvedAt =
            i.status === 'approved' && i.approvedAt ? formatDate(i.approvedAt, 'th', { thaiDigits: true }) : ''
          const approval =
            i.status === 'approved'
              ? `<br><small>${escapeHtml(i.approvedByName)}<br>${escapeHtml(approvedAt)}</small>`
              : ''
          return (
            `<tbody style="page-break-inside:avoid"><tr><td colspan="2">${title}</td></tr>\n` +
            `<tr><td style="width:22%">${escapeHtml(STATUS_TH[i.status])}${approval}</td>` +
            `<td style="font-size:11pt">${evidenceListHtml(i, false)}</td></tr></tbody>`
          )
        })
        .join('\n')
      return `<div class="page-break"></div>
<h2>ตารางข้อการประเมิน ${escapeHtml(thaiDigits(catalog.nameTh))} (ฉบับที่ ${thaiDigits(String(catalog.version))})</h2>
<table><thead><tr><th style="width:22%">สถานะ</th><th>หลักฐานและลิงก์</th></tr></thead>
${rows}
</table>`
    })
    .join('\n')

  const others = content.catalogs
    .filter(({ catalog }) => catalog.kind !== 'ita' && catalog.kind !== 'ita-variant')
    .map(({ catalog, items }) => {
      const rows = items
        .map(
          (i) =>
            `<tr><td class="num">${escapeHtml(i.code)}</td><td>${escapeHtml(i.titleTh)}` +
            `</td><td>${escapeHtml(STATUS_TH[i.status])}</td><td ` +
            `style="font-size:11pt">${evidenceListHtml(i, false)}</td></tr>`,
        )
        .join('\n')
      return `<div class="page-break"></div><h2>${escapeHtml(catalog.nameTh)}</h2>
<table><thead><tr><th>รหัส</th><th>ชื่อ</th><th>สถานะ</th><th>หลักฐาน</th></tr></thead><tbody>${rows}</tbody></table>`
    })
    .join('\n')

  // the plan, progress and measures tables are printed landscape, as on their own (a named page)
  const sections = options.sections
    .map((s) =>
      s.key.startsWith('kpi:')
        ? `<div class="page-break"></div>\n${s.html}`
        : `<section class="wide">\n${s.html}\n</section>`,
    )
    .join('\n')
  const widePages =
    '<style>@page wide { size: A4 landscape; } section.wide { page: wide; page-break-before: always; }</style>'
  return [widePages, cover, memo, tables, others, sections].join('\n')
}
