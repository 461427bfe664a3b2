/**
 * The integrity-policy plan, as agencies lay out its memo: policy area → measure/guideline → activity → host unit →
 * implementing/support units → indicator; and its progress-report form per round (unit, data as
 * of date, policy area, plan; method, period, result, evidence description).
 */
import type { IntegrityPolicyCatalog } from '#models/catalog/schema'
import { formatDate } from '#models/dates'
import { escapeHtml, paragraphs, periodLabel } from '#evidence/documents/html'

export function policyPlanHtml(catalog: IntegrityPolicyCatalog, organizationName: string): string {
  const rows = catalog.policyAreas.flatMap((area) =>
    area.measures.flatMap((measure, mi) => {
      const activities = measure.activities.length > 0 ? measure.activities : [null]
      return activities.map((a, ai) => {
        const first = mi === 0 && ai === 0
        return `<tr>
<td>${first ? `<b>${escapeHtml(area.code)}. ${escapeHtml(area.name.th)}</b>` : ''}</td>
<td>${ai === 0 ? `${escapeHtml(measure.code)} ${escapeHtml(measure.name.th)}` : ''}</td>
<td>${a ? `${escapeHtml(a.name.th)}${a.steps.length ? `<ul>${a.steps.map((s) => `<li>${escapeHtml(s.th)}</li>`).join('')}</ul>` : ''}` : '—'}</td>
<td>${a?.hostUnit ? escapeHtml(a.hostUnit) : ''}</td>
<td>${a ? escapeHtml(a.supportUnits.join(', ')) : ''}</td>
<td>${escapeHtml(a?.indicator?.th ?? measure.indicator?.th ?? '')}</td>
</tr>`
      })
    }),
  )
  return `
<h1>${escapeHtml(catalog.name.th)}</h1>
<p class="center">${escapeHtml(organizationName)} · ปีงบประมาณ พ.ศ. ${catalog.fiscalYear}</p>
<table><thead><tr><th style="width:14%">นโยบาย</th><th style="width:20%">มาตรการ/แนวทางปฏิบัติ</th><th>แผนงาน/กิจกรรม/โครงการ</th><th style="width:10%">หน่วยงานเจ้าภาพ</th><th style="width:12%">หน่วยงานปฏิบัติ/สนับสนุน</th><th style="width:16%">ตัวชี้วัด</th></tr></thead>
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
        return (
          `<tr><td>${escapeHtml(activity?.name.th ?? e.activityCode)}` +
          `<br>${paragraphs(e.method)}</td><td class="num">${escapeHtml(periodLabel(activity?.period))}` +
          `</td><td>${paragraphs(e.result)}</td><td>${e.evidence.map((ev, i) => `${i + 1}. ${escapeHtml(ev.title)}${ev.url ? ` (${escapeHtml(ev.url)})` : ''}`).join('<br>') || '—'}` +
          `</td></tr>`
        )
      })
      return `<h3>ด้านที่ ${escapeHtml(area.code)} ${escapeHtml(area.name.th)}</h3>
<table><thead><tr><th style="width:34%">วิธีดำเนินการ</th><th style="width:14%">ช่วงเวลาดำเนินการ</th><th>ผลการดำเนินงาน</th><th style="width:24%">คำอธิบายรายละเอียด เอกสาร/หลักฐาน</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
    })
    .join('\n')
  return `
<h1>แบบรายงานผลการดำเนินงาน ภายใต้นโยบายคุณธรรมและความโปร่งใสในการดำเนินงาน</h1>
<p class="center">${escapeHtml(input.organizationName)} · ${escapeHtml(input.roundName)}</p>
<p><span class="label">หน่วยงาน :</span> ${escapeHtml(input.unitName)} &nbsp; <span class="label">ข้อมูล ณ วันที่</span> ${input.asOf ? escapeHtml(formatDate(input.asOf, 'th', { style: 'long' })) : '—'}</p>
${sections || '<p>ยังไม่มีรายงานความก้าวหน้าในรอบนี้</p>'}`
}
