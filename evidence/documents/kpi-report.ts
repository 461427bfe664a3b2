/**
 * The per-KPI report of a performance agreement (รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติ
 * ราชการ รายตัวชี้วัด), in the layout of the government form: supervisor and data collector, description,
 * what was done per level, scoring criteria, the weight/result/score/weighted table, explanation,
 * supporting factors, obstacles and numbered evidence references.
 */
import type { Kpi } from '#models/catalog/schema'
import { formatScore } from '#scoring/index'
import { formatDate } from '#models/dates'
import { cells, escapeHtml, headerCells, paragraphs, thaiDigits } from '#evidence/documents/html'

const CERTIFICATION_TH = { pending: 'รอการรับรอง', approved: 'รับรองแล้ว', 'not-approved': 'ไม่รับรอง' } as const

export interface KpiRoundReport {
  round: 6 | 9 | 12
  fiscalYear: number
  supervisor: { name: string; phone?: string }
  dataCollector: { name: string; phone?: string }
  /** What was done at each level 1–5 (milestone KPIs), in the coordinator's words. */
  levelsDone: { level: number; text: string }[]
  /** The measured result (quantitative KPIs), in the KPI's unit. */
  result?: number
  explanation: string
  supportingFactors: string
  obstacles: string
  evidence: { title: string; url?: string }[]
  /** The supervisor's certification of the round, when the report is printed from the app. */
  certification?: {
    status: 'pending' | 'approved' | 'not-approved'
    byName?: string
    at?: string | null
    note?: string
  }
}

/** Computed by the scoring engine; the report only prints it. */
export interface KpiScoreLine {
  /** The level reached (milestone) or the measured result (quantitative), as printed. */
  performance: string
  score: number
  weightedScore: number
}

export function kpiReportHtml(
  kpi: Kpi,
  report: KpiRoundReport,
  score: KpiScoreLine,
  options: { thaiNumerals?: boolean } = {},
): string {
  const n = (s: string) => (options.thaiNumerals ? thaiDigits(s) : s)
  const levels = [1, 2, 3, 4, 5]
  const doneByLevel = new Map(report.levelsDone.map((l) => [l.level, l.text]))
  const unit = escapeHtml(kpi.scoring.kind === 'quantitative' ? kpi.scoring.unit.th : '')
  const criterion = (level: number, text: string) =>
    `<tr><td class="num">ระดับ ${n(String(level))}</td><td>${text}</td></tr>`
  const criteria =
    kpi.scoring.kind === 'milestone'
      ? kpi.scoring.levels.map((l) => criterion(l.level, l.steps.map((s) => escapeHtml(s.th)).join('<br>'))).join('')
      : kpi.scoring.thresholds.map((t, i) => criterion(i + 1, `${n(String(t))} ${unit}`)).join('')
  const contact = (label: string, person: { name: string; phone?: string }) =>
    `<tr><td class="label">${label}</td><td>${escapeHtml(person.name)}</td>` +
    `<td class="label">โทรศัพท์</td><td>${n(escapeHtml(person.phone ?? '—'))}</td></tr>`
  const doneHeader = headerCells([
    ['ระดับคะแนน', '16%'],
    [`การดำเนินงานในแต่ละขั้นตอน ปีงบประมาณ พ.ศ. ${n(String(report.fiscalYear))}`],
  ])
  const doneRows = levels
    .map((l) => {
      const done = doneByLevel.get(l)
      const text = done ? paragraphs(done) : '<span class="muted">—</span>'
      return `<tr><td class="num">${n(String(l))}</td><td>${text}</td></tr>`
    })
    .join('\n')
  const criteriaHeader = headerCells([
    ['ระดับ', '16%'],
    [kpi.scoring.kind === 'milestone' ? 'ขั้นตอนที่ต้องดำเนินการ' : 'ค่าเป้าหมาย'],
  ])
  const scoreHeader = headerCells([
    ['ตัวชี้วัด/ข้อมูลพื้นฐานประกอบตัวชี้วัด'],
    ['น้ำหนัก (ร้อยละ)'],
    ['ผลการดำเนินงาน'],
    ['ค่าคะแนนที่ได้'],
    ['ค่าคะแนนถ่วงน้ำหนัก'],
  ])
  const figures = [
    String(kpi.weight),
    escapeHtml(score.performance),
    formatScore(score.score, 4),
    formatScore(score.weightedScore, 4),
  ]
  const scoreRow = `<tr>${cells([escapeHtml(kpi.name.th)])}${cells(figures.map(n), 'num')}</tr>`
  const evidenceItem = (e: { title: string; url?: string }) =>
    `<li>${escapeHtml(e.title)}${e.url ? ` <span class="muted">(${escapeHtml(e.url)})</span>` : ''}</li>`
  const evidence =
    report.evidence.length === 0 ? '<p>—</p>' : `<ol>${report.evidence.map((e) => evidenceItem(e)).join('')}</ol>`
  return `
<h1>รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ (รายตัวชี้วัด)</h1>
<p class="center">รอบ ${n(String(report.round))} เดือน · ปีงบประมาณ พ.ศ. ${n(String(report.fiscalYear))}</p>
<h2>ตัวชี้วัดที่ ${n(escapeHtml(kpi.code))} : ${escapeHtml(kpi.name.th)}</h2>
<table class="plain"><tbody>
${contact('ผู้กำกับดูแลตัวชี้วัด', report.supervisor)}
${contact('ผู้จัดเก็บข้อมูล', report.dataCollector)}
</tbody></table>
<p><span class="label">คำอธิบาย :</span> ${paragraphs(kpi.description.th)}</p>
<h3>ข้อมูลผลการดำเนินงาน</h3>
<table><thead><tr>${doneHeader}</tr></thead><tbody>
${doneRows}
</tbody></table>
<h3>เกณฑ์การให้คะแนน</h3>
<table><thead><tr>${criteriaHeader}</tr></thead><tbody>${criteria}</tbody></table>
<h3>การคำนวณคะแนนจากผลการดำเนินงาน</h3>
<table><thead><tr>${scoreHeader}</tr></thead><tbody>
${scoreRow}
</tbody></table>
<p><span class="label">คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ :</span></p><p>${paragraphs(report.explanation) || '—'}</p>
<p><span class="label">ปัจจัยสนับสนุนต่อการดำเนินงาน :</span></p><p>${paragraphs(report.supportingFactors) || '—'}</p>
<p><span class="label">อุปสรรคต่อการดำเนินงาน :</span></p><p>${paragraphs(report.obstacles) || '—'}</p>
<p><span class="label">หลักฐานอ้างอิง :</span></p>
${evidence}
${report.certification ? certificationHtml(report.certification, n) : ''}
`
}

function certificationHtml(c: NonNullable<KpiRoundReport['certification']>, n: (s: string) => string): string {
  const who =
    c.status !== 'pending' && c.byName
      ? ` โดย ${escapeHtml(c.byName)}${c.at ? ` เมื่อ ${n(escapeHtml(formatDate(c.at, 'th', { style: 'long' })))}` : ''}`
      : ''
  return (
    `<p><span class="label">การรับรองของผู้กำกับดูแลตัวชี้วัด` +
    ` :</span> ${CERTIFICATION_TH[c.status]}${who}${c.note ? ` — ${paragraphs(c.note)}` : ''}</p>`
  )
}
