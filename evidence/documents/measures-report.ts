/**
 * The report of measures to promote integrity and transparency (รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมฯ): for each
 * issue found in the assessment, its measures with steps, period, responsible person, summary of results and
 * outcomes, after an opening paragraph naming the ITA score and rating.
 */
import type { ImprovementMeasuresCatalog } from '#models/catalog/schema'
import { escapeHtml, paragraphs, periodLabel, thaiDigits } from '#evidence/documents/html'

export interface MeasureResult {
  /** Measure codes repeat across issues (every issue may have a measure "1"): give the issue to tell them apart. */
  issueCode?: string
  measureCode: string
  summary: string
  outcome: string
}

export function measuresReportHtml(
  catalog: ImprovementMeasuresCatalog,
  input: {
    organizationName: string
    fiscalYear: number
    itaScore?: { total: number; rating: string }
    results: MeasureResult[]
  },
): string {
  const opening = input.itaScore
    ? `<p>จากการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ${escapeHtml(input.organizationName)}` +
      ` ประจำปีงบประมาณ พ.ศ. ` +
      `${thaiDigits(String(input.fiscalYear))} โดยภาพรวมได้คะแน` +
      `น ${thaiDigits(input.itaScore.total.toFixed(2))} อยู่ในร` +
      `ะดับ ${escapeHtml(input.itaScore.rating)} หน่วยงานได้ราย` +
      `งานผลการดำเนินงานตามมาตรการเพื่อส่งเสริมคุณธรรมและความโป` +
      `ร่งใส ดังนี้</p>`
    : ''
  const issues = catalog.issues.map((issue) => {
    let row = 0
    const rows = issue.measures.map((m) => {
      const result = input.results.find(
        (r) => r.measureCode === m.code && (r.issueCode === undefined || r.issueCode === issue.code),
      )
      const steps = m.activities.flatMap((a) => a.steps)
      const periods = [...new Set(m.activities.map((a) => periodLabel(a.period)))].join(', ')
      const responsible = [
        ...new Set(m.activities.flatMap((a) => a.responsible ?? (a.hostUnit ? [a.hostUnit] : []))),
      ].join(', ')
      row++
      return (
        `<tr><td class="num">${thaiDigits(String(row))}</td><td>${escapeHtml(m.name.th)}` +
        `</td><td>${steps.length ? `<ol>${steps.map((s) => `<li>${escapeHtml(s.th)}</li>`).join('')}</ol>` : '—'}` +
        `</td><td>${escapeHtml(periods)}</td><td>${escapeHtml(responsible)}` +
        `</td><td>${result ? paragraphs(result.summary) : '—'}</t` +
        `d><td>${result ? paragraphs(result.outcome) : '—'}</td></tr>`
      )
    })
    return `<h3>ประเด็นที่ ${escapeHtml(thaiDigits(issue.code))} ${escapeHtml(issue.name.th)}</h3>
<table><thead><tr><th style="width:5%">ลำดับ</th><th style="width:15%">มาตรการ/กิจกรรม</th><th style="width:25%">ขั้นตอนหรือวิธีการปฏิบัติ</th><th style="width:10%">ระยะเวลาในการดำเนินการ</th><th style="width:10%">ผู้รับผิดชอบ</th><th>สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม</th><th>ผลลัพธ์หรือความสำเร็จในการดำเนินการ</th></tr></thead><tbody>${rows.join('')}</tbody></table>`
  })
  return `
<h1>รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ ${thaiDigits(String(input.fiscalYear))}</h1>
<p class="center">${escapeHtml(input.organizationName)}</p>
${opening}
${issues.join('\n')}`
}
