/**
 * The report of measures to promote integrity and transparency (รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมฯ): for each
 * issue found in the assessment, its measures with steps, period, responsible person, summary of results and
 * outcomes, after an opening paragraph naming the ITA score and rating.
 */
import type { ImprovementMeasuresCatalog } from '#models/catalog/schema'
import { cells, escapeHtml, headerCells, paragraphs, periodLabel, thaiDigits } from '#evidence/documents/html'

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
  const fy = thaiDigits(String(input.fiscalYear))
  const ita = input.itaScore
  const opening = ita
    ? `<p>จากการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของ${escapeHtml(input.organizationName)}` +
      ` ประจำปีงบประมาณ พ.ศ. ${fy} โดยภาพรวมได้คะแนน ${thaiDigits(ita.total.toFixed(2))}` +
      ` อยู่ในระดับ ${escapeHtml(ita.rating)}` +
      ' หน่วยงานได้รายงานผลการดำเนินงานตามมาตรการเพื่อส่งเสริมคุณธรรมและความโปร่งใส ดังนี้</p>'
    : ''
  const header = headerCells([
    ['ลำดับ', '5%'],
    ['มาตรการ/กิจกรรม', '15%'],
    ['ขั้นตอนหรือวิธีการปฏิบัติ', '25%'],
    ['ระยะเวลาในการดำเนินการ', '10%'],
    ['ผู้รับผิดชอบ', '10%'],
    ['สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม'],
    ['ผลลัพธ์หรือความสำเร็จในการดำเนินการ'],
  ])
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
      const stepList = steps.length ? `<ol>${steps.map((s) => `<li>${escapeHtml(s.th)}</li>`).join('')}</ol>` : '—'
      const texts = [
        escapeHtml(m.name.th),
        stepList,
        escapeHtml(periods),
        escapeHtml(responsible),
        result ? paragraphs(result.summary) : '—',
        result ? paragraphs(result.outcome) : '—',
      ]
      return `<tr>${cells([thaiDigits(String(row))], 'num')}${cells(texts)}</tr>`
    })
    return `<h3>ประเด็นที่ ${escapeHtml(thaiDigits(issue.code))} ${escapeHtml(issue.name.th)}</h3>
<table><thead><tr>${header}</tr></thead><tbody>${rows.join('')}</tbody></table>`
  })
  return `
<h1>รายงานผลการดำเนินการเพื่อส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ ${fy}</h1>
<p class="center">${escapeHtml(input.organizationName)}</p>
${opening}
${issues.join('\n')}`
}
