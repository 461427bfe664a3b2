/**
 * The network view's downloads, from the same NetworkView as the screen (same numbers): an Excel workbook (the
 * table of agencies, the distribution and the criteria that fail most; Thai headers, Buddhist-era dates) and a Thai
 * PDF brief for executives (a page of figures with the distribution chart, then the table).
 */
import { PDF_FONT_FAMILY, escapeHtml, thaiFontCss, withPdfRenderer } from '#evidence/documents/pdf.server'
import { newWorkbook, reportSheet, thaiDate, workbookBytes } from '#evidence/documents/workbook.server'
import { formatDate, formatFiscalYear } from '#models/dates'
import { INACTIVE_DAYS, SCENARIOS, type NetworkView, type Scenario } from '#models/reporting/network.server'

const SCENARIO_TH: Record<Scenario, string> = {
  approvedOnly: 'เฉพาะข้อที่อนุมัติแล้ว',
  ifSubmittedApproved: 'หากข้อที่ส่งแล้วได้รับอนุมัติ',
  ifOverdueDelivered: 'หากส่งข้อที่เลยกำหนดครบ',
}
const TYPE_TH: Record<string, string> = {
  ministry: 'กระทรวง',
  department: 'กรม',
  province: 'จังหวัด',
  'local-administration': 'องค์กรปกครองส่วนท้องถิ่น',
  'public-organization': 'องค์การมหาชน',
  'state-enterprise': 'รัฐวิสาหกิจ',
  university: 'มหาวิทยาลัย',
  'independent-agency': 'องค์กรอิสระ',
  other: 'อื่น ๆ',
}

/** The table's columns, as on the screen (2-decimal scores, 1-decimal percentages). */
export function networkTableRows(view: NetworkView): (string | number | null)[][] {
  const tools = toolCodes(view)
  return view.rows.map((r) => [
    r.name.th,
    r.code,
    TYPE_TH[r.agencyType] ?? r.agencyType,
    r.branch.name.th,
    r.total,
    r.band?.th ?? 'ยังไม่มีคะแนน',
    ...tools.map((code) => r.figures.tools.find((x) => x.code === code)?.score ?? null),
    r.figures.approvedPct,
    r.figures.evidencePct,
    r.figures.overdue,
    thaiDate(r.lastActivity) ?? 'ยังไม่มี',
    r.trend,
  ])
}

const toolCodes = (view: NetworkView) => [...new Set(view.rows.flatMap((r) => r.figures.tools.map((t) => t.code)))]

const title = (view: NetworkView) =>
  `ภาพรวมเครือข่าย ${view.root.name.th} ${formatFiscalYear(view.fiscalYear, 'th')} (${SCENARIO_TH[view.query.scenario]})`

export async function networkWorkbook(view: NetworkView): Promise<Buffer> {
  const book = newWorkbook(new Date(view.now))
  const tools = toolCodes(view)
  reportSheet(
    book,
    'หน่วยงาน',
    title(view),
    [
      { header: 'หน่วยงาน', width: 40 },
      { header: 'รหัส', width: 16 },
      { header: 'ประเภท', width: 22 },
      { header: 'เครือข่ายย่อย', width: 30 },
      { header: 'คะแนนคาดการณ์', width: 14, numFmt: '0.00' },
      { header: 'ระดับ', width: 20 },
      ...tools.map((code) => ({ header: `คะแนน ${code}`, width: 12, numFmt: '0.00' })),
      { header: 'ร้อยละอนุมัติ', width: 12, numFmt: '0.0' },
      { header: 'ร้อยละหลักฐานครบ', width: 14, numFmt: '0.0' },
      { header: 'เลยกำหนด (ข้อ)', width: 12 },
      { header: 'ความเคลื่อนไหวล่าสุด', width: 18 },
      { header: 'เทียบปีที่แล้ว', width: 12, numFmt: '+0.00;-0.00;0.00' },
    ],
    networkTableRows(view),
  )
  const { bands, counts, unscored } = view.distribution
  reportSheet(
    book,
    'การกระจายระดับ',
    `การกระจายของระดับผลการประเมินที่คาดการณ์ ${formatFiscalYear(view.fiscalYear, 'th')}`,
    [{ header: 'ระดับ', width: 26 }, ...SCENARIOS.map((s) => ({ header: SCENARIO_TH[s], width: 24 }))],
    [
      ...bands.map((b) => [b.th, ...SCENARIOS.map((s) => counts[s][b.code] ?? 0)]),
      ['ยังไม่มีคะแนน', ...SCENARIOS.map(() => unscored)],
    ],
  )
  reportSheet(
    book,
    'ข้อที่ยังไม่ผ่าน',
    'ข้อที่ยังไม่อนุมัติมากที่สุดในเครือข่าย (สัดส่วนของหน่วยงานที่มีคะแนน)',
    [
      { header: 'ข้อ', width: 10 },
      { header: 'ชื่อข้อ', width: 60 },
      { header: 'หน่วยงานที่ยังไม่อนุมัติ', width: 18 },
      { header: 'จากหน่วยงานที่มีคะแนน', width: 18 },
      { header: 'ร้อยละ', width: 10, numFmt: '0.0' },
    ],
    view.failing.map((f) => [f.code, f.title.th, f.notApproved, f.of, f.pct]),
  )
  reportSheet(
    book,
    'ต้องติดตาม',
    `หน่วยงานที่ยังไม่เริ่ม หรือไม่มีความเคลื่อนไหว ${INACTIVE_DAYS} วัน`,
    [
      { header: 'หน่วยงาน', width: 40 },
      { header: 'ยังไม่เริ่ม', width: 12 },
      { header: 'ความเคลื่อนไหวล่าสุด', width: 18 },
    ],
    view.attention.map((r) => [r.name.th, r.notStarted ? 'ใช่' : '', thaiDate(r.lastActivity) ?? 'ยังไม่มี']),
  )
  return workbookBytes(book)
}

const fmt2 = (x: number | null) => (x === null ? '—' : x.toFixed(2))
const fmt1 = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)}%`)
const COLORS = ['#0b7a5c', '#2f9e44', '#74b816', '#e8590c', '#c92a2a', '#868e96']

/** The brief's HTML: a page of figures and the chart (plain HTML bars: the renderer runs no script), then the table. */
export function networkBriefHtml(view: NetworkView): string {
  const e = escapeHtml
  const { bands, counts, unscored } = view.distribution
  const n = Math.max(1, view.rows.length)
  const colour = (i: number) => COLORS[i] ?? '#868e96'
  const td = (v: string | number, cls = '') => `<td${cls ? ` class="${cls}"` : ''}>${e(v)}</td>`
  const th = (labels: string[]) => `<tr>${labels.map((l) => `<th>${e(l)}</th>`).join('')}</tr>`
  const chart = SCENARIOS.map((s) => {
    const segments = bands
      .map((b, i) => {
        const c = counts[s][b.code] ?? 0
        const width = ((c / n) * 100).toFixed(2)
        return c ? `<span class="seg" style="width:${width}%;background:${colour(i)}">${c}</span>` : ''
      })
      .join('')
    return `<div class="bar"><div class="lab">${e(SCENARIO_TH[s])}</div><div class="track">${segments}</div></div>`
  }).join('')
  const legend = bands.map((b, i) => `<span class="key"><i style="background:${colour(i)}"></i>${e(b.th)}</span>`)
  const countRows = bands
    .map((b) => `<tr>${td(b.th)}${SCENARIOS.map((s) => td(counts[s][b.code] ?? 0, 'n')).join('')}</tr>`)
    .join('')
  const failing = view.failing
    .slice(0, 10)
    .map((f) => `<tr>${td(`${f.code} ${f.title.th}`)}${td(`${fmt1(f.pct)} (${f.notApproved}/${f.of})`, 'n')}</tr>`)
    .join('')
  const rows = view.rows
    .map((r) =>
      [
        td(r.name.th, 'name'),
        td(TYPE_TH[r.agencyType] ?? r.agencyType),
        td(fmt2(r.total), 'n'),
        td(r.band?.th ?? 'ยังไม่มีคะแนน'),
        td(fmt1(r.figures.approvedPct), 'n'),
        td(fmt1(r.figures.evidencePct), 'n'),
        td(r.figures.overdue, 'n'),
        td(r.lastActivity ? formatDate(r.lastActivity, 'th') : 'ยังไม่มี'),
        td(r.trend === null ? '—' : (r.trend > 0 ? '+' : '') + r.trend.toFixed(2), 'n'),
      ].join(''),
    )
    .map((cells) => `<tr>${cells}</tr>`)
    .join('')
  const asOf = formatDate(view.now, 'th', { style: 'datetime' })
  const tableHead = th([
    'หน่วยงาน',
    'ประเภท',
    'คะแนนคาดการณ์',
    'ระดับ',
    'ร้อยละอนุมัติ',
    'ร้อยละหลักฐานครบ',
    'เลยกำหนด',
    'ความเคลื่อนไหวล่าสุด',
    'เทียบปีที่แล้ว',
  ])
  return `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>
${thaiFontCss()}
@page { size: A4 landscape; margin: 12mm }
body { font-family: ${PDF_FONT_FAMILY}; font-size: 12pt; color: #111 }
h1 { font-size: 18pt; margin: 0 0 4pt } h2 { font-size: 14pt; margin: 12pt 0 4pt }
table { border-collapse: collapse; width: 100% }
td, th { border: 0.5pt solid #999; padding: 2pt 4pt; vertical-align: top }
th { background: #eee } .n { text-align: right } .first { page-break-after: always } .name { white-space: nowrap }
.bar { display: flex; align-items: center; margin: 4pt 0 } .lab { width: 38%; font-size: 11pt }
.track { width: 62%; display: flex; height: 16pt; background: #f1f3f5 }
.seg { display: inline-block; color: #fff; font-size: 10pt; text-align: center; line-height: 16pt }
.key { margin-right: 10pt; font-size: 10pt }
.key i { display: inline-block; width: 9pt; height: 9pt; margin-right: 3pt }
</style></head><body>
<div class="first">
<h1>${e(title(view))}</h1>
<p>${e(view.root.name.th)}: ${view.descendants} หน่วยงานในเครือข่าย, แสดง ${view.rows.length} หน่วยงาน ·
ข้อมูล ณ ${e(asOf)}</p>
<h2>การกระจายของระดับผลการประเมินที่คาดการณ์</h2>
${chart}<p>${legend.join(' ')}</p>
<table>${th(['ระดับ', ...SCENARIOS.map((s) => SCENARIO_TH[s])])}${countRows}</table>
<p>ยังไม่มีคะแนน (ไม่มีแค็ตตาล็อก ITA ที่เผยแพร่): ${unscored} ·
ยังไม่เริ่มหรือไม่มีความเคลื่อนไหว ${INACTIVE_DAYS} วัน: ${view.attention.length}</p>
<h2>ข้อที่ยังไม่อนุมัติมากที่สุด</h2>
<table>${th(['ข้อ', 'ยังไม่อนุมัติ'])}${failing || '<tr><td colspan="2">—</td></tr>'}</table>
</div>
<h2>หน่วยงานในเครือข่าย</h2>
<table>${tableHead}${rows}</table>
</body></html>`
}

export async function networkBriefPdf(view: NetworkView): Promise<Buffer> {
  const html = networkBriefHtml(view)
  return withPdfRenderer((r) => r.render(html, new Date(view.now)))
}
