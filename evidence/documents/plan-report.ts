/**
 * The integrity-policy plan, as agencies lay out its memo: policy area → measure/guideline → activity → host unit →
 * implementing/support units → indicator; and its progress-report form per round (unit, data as
 * of date, policy area, plan; method, period, result, evidence description).
 */
import type { IntegrityPolicyCatalog } from '#models/catalog/schema'
import { formatDate } from '#models/dates'
import { escapeHtml, headerCells, paragraphs, periodLabel } from '#evidence/documents/html'

export function policyPlanHtml(catalog: IntegrityPolicyCatalog, organizationName: string): string {
  const rows = catalog.policyAreas.flatMap((area) =>
    area.measures.flatMap((measure, mi) => {
      const activities = measure.activities.length > 0 ? measure.activities : [null]
      return activities.map((a, ai) => {
        const first = mi === 0 && ai === 0
        const steps = a?.steps.length ? `<ul>${a.steps.map((s) => `<li>${escapeHtml(s.th)}</li>`).join('')}</ul>` : ''
        return `<tr>
<td>${first ? `<b>${escapeHtml(area.code)}. ${escapeHtml(area.name.th)}</b>` : ''}</td>
<td>${ai === 0 ? `${escapeHtml(measure.code)} ${escapeHtml(measure.name.th)}` : ''}</td>
<td>${a ? `${escapeHtml(a.name.th)}${steps}` : '—'}</td>
<td>${a?.hostUnit ? escapeHtml(a.hostUnit) : ''}</td>
<td>${a ? escapeHtml(a.supportUnits.join(', ')) : ''}</td>
<td>${escapeHtml(a?.indicator?.th ?? measure.indicator?.th ?? '')}</td>
</tr>`
      })
    }),
  )
  const header = headerCells([
    ['นโยบาย', '14%'],
    ['มาตรการ/แนวทางปฏิบัติ', '20%'],
    ['แผนงาน/กิจกรรม/โครงการ'],
    ['หน่วยงานเจ้าภาพ', '10%'],
    ['หน่วยงานปฏิบัติ/สนับสนุน', '12%'],
    ['ตัวชี้วัด', '16%'],
  ])
  return `
<h1>${escapeHtml(catalog.name.th)}</h1>
<p class="center">${escapeHtml(organizationName)} · ปีงบประมาณ พ.ศ. ${catalog.fiscalYear}</p>
<table><thead><tr>${header}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`
}

export interface ProgressEntry {
  areaCode: string
  measureCode: string
  activityCode: string
  method: string
  result: string
  evidence: { title: string; url?: string }[]
}

const PROGRESS_HEADER = headerCells([
  ['วิธีดำเนินการ', '34%'],
  ['ช่วงเวลาดำเนินการ', '14%'],
  ['ผลการดำเนินงาน'],
  ['คำอธิบายรายละเอียด เอกสาร/หลักฐาน', '24%'],
])

export function progressReportHtml(
  catalog: IntegrityPolicyCatalog,
  input: { organizationName: string; unitName: string; asOf: Date | null; roundName: string; entries: ProgressEntry[] },
): string {
  const sections = catalog.policyAreas
    .map((area) => {
      const entries = input.entries.filter((e) => e.areaCode === area.code)
      if (entries.length === 0) return ''
      const rows = entries.map((e) => {
        const measure = area.measures.find((m) => m.code === e.measureCode)
        const activity = measure?.activities.find((a) => a.code === e.activityCode)
        const evidence = e.evidence.map(
          (ev, i) => `${i + 1}. ${escapeHtml(ev.title)}${ev.url ? ` (${escapeHtml(ev.url)})` : ''}`,
        )
        return (
          `<tr><td>${escapeHtml(activity?.name.th ?? e.activityCode)}<br>${paragraphs(e.method)}</td>` +
          `<td class="num">${escapeHtml(periodLabel(activity?.period))}</td>` +
          `<td>${paragraphs(e.result)}</td><td>${evidence.join('<br>') || '—'}</td></tr>`
        )
      })
      return `<h3>ด้านที่ ${escapeHtml(area.code)} ${escapeHtml(area.name.th)}</h3>
<table><thead><tr>${PROGRESS_HEADER}</tr></thead><tbody>${rows.join('')}</tbody></table>`
    })
    .join('\n')
  const unit = `<span class="label">หน่วยงาน :</span> ${escapeHtml(input.unitName)}`
  const asOf = input.asOf ? escapeHtml(formatDate(input.asOf, 'th', { style: 'long' })) : '—'
  return `
<h1>แบบรายงานผลการดำเนินงาน ภายใต้นโยบายคุณธรรมและความโปร่งใสในการดำเนินงาน</h1>
<p class="center">${escapeHtml(input.organizationName)} · ${escapeHtml(input.roundName)}</p>
<p>${unit} &nbsp; <span class="label">ข้อมูล ณ วันที่</span> ${asOf}</p>
${sections || '<p>ยังไม่มีรายงานความก้าวหน้าในรอบนี้</p>'}`
}
