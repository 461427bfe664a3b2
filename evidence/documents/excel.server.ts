/**
 * The KPI, plan and measures reports as Excel workbooks (exceljs), built from the same data as
 * the PDF (sections.server catalogReportData): same rows, same engine scores. Headers are the
 * Thai column names of the seed forms. Scores are stored at full precision and shown with four
 * decimals, as the PDF prints them.
 */
import { periodLabel } from '#evidence/documents/html'
import type { CatalogReportData } from '#evidence/documents/sections.server'
import {
  newWorkbook,
  reportSheet as sheet,
  workbookBytes,
  type ReportColumn,
} from '#evidence/documents/workbook.server'

const SCORE_FORMAT = '0.0000'

/**
 * The columns of a sheet as the seed forms list them, 'header:width | header:width'; a width marked # holds
 * scores.
 */
const columns = (spec: string): ReportColumn[] =>
  spec.split(' | ').map((c) => {
    const [header, width] = c.split(':')
    return width.endsWith('#')
      ? { header, width: Number(width.slice(0, -1)), numFmt: SCORE_FORMAT }
      : { header, width: Number(width) }
  })

const evidenceText = (evidence: { title: string; url?: string }[]) =>
  evidence.map((e, i) => `${i + 1}. ${e.title}${e.url ? ` (${e.url})` : ''}`).join('\n')
const CERT_TH = { pending: 'รอการรับรอง', approved: 'รับรองแล้ว', 'not-approved': 'ไม่รับรอง' } as const

/** The workbook of one catalog's reports for a round. */
export async function catalogReportWorkbook(data: CatalogReportData): Promise<Buffer> {
  const book = newWorkbook()
  const roundTitle = `รอบ ${data.round} เดือน ปีงบประมาณ พ.ศ. ${data.catalog.fiscalYear}`
  if (data.kind === 'kpi-agreement') {
    sheet(
      book,
      'คะแนนตัวชี้วัด',
      `การคำนวณคะแนนจากผลการดำเนินงาน · ${data.catalog.name.th} · ${roundTitle}`,
      columns(
        'ตัวชี้วัดที่:10 | ตัวชี้วัด/ข้อมูลพื้นฐานประกอบตัวชี้วัด:60 | ' +
          'น้ำหนัก (ร้อยละ):14 | ผลการดำเนินงาน:18 | ค่าคะแนนที่ได้:14# | ' +
          'ค่าคะแนนถ่วงน้ำหนัก:18# | การรับรองของผู้กำกับดูแลตัวชี้วัด:24',
      ),
      data.lines.map((l) => [
        l.kpi.code,
        l.kpi.name.th,
        l.kpi.weight,
        l.score.performance,
        l.score.score,
        l.score.weightedScore,
        l.report ? CERT_TH[l.report.certification] : 'ยังไม่รายงาน',
      ]),
    )
    sheet(
      book,
      'รายงานรายตัวชี้วัด',
      `รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ (รายตัวชี้วัด) · ${roundTitle}`,
      columns(
        'ตัวชี้วัดที่:10 | ผู้กำกับดูแลตัวชี้วัด:26 | ผู้จัดเก็บข้อมูล:26 | ' +
          'ระดับ 1:30 | ระดับ 2:30 | ระดับ 3:30 | ระดับ 4:30 | ระดับ 5:30 | ' +
          'คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ:50 | ' +
          'ปัจจัยสนับสนุนต่อการดำเนินงาน:30 | อุปสรรคต่อการดำเนินงาน:30 | ' +
          'หลักฐานอ้างอิง:50',
      ),
      data.lines.map((l) => {
        const p = l.printed
        const person = (x: { name: string; phone?: string }) => `${x.name}${x.phone ? ` โทร. ${x.phone}` : ''}`
        return [
          l.kpi.code,
          person(p.supervisor),
          person(p.dataCollector),
          ...[1, 2, 3, 4, 5].map((n) => p.levelsDone.find((x) => x.level === n)?.text ?? ''),
          p.explanation,
          p.supportingFactors,
          p.obstacles,
          evidenceText(p.evidence),
        ]
      }),
    )
  } else if (data.kind === 'integrity-policy') {
    sheet(
      book,
      'แผน',
      `${data.catalog.name.th} · ${data.organizationName}`,
      columns(
        'นโยบาย:30 | มาตรการ/แนวทางปฏิบัติ:40 | แผนงาน/กิจกรรม/โครงการ:50 | ' +
          'หน่วยงานเจ้าภาพ:20 | หน่วยงานปฏิบัติ/สนับสนุน:24 | ตัวชี้วัด:30',
      ),
      data.catalog.policyAreas.flatMap((area) =>
        area.measures.flatMap((m) =>
          (m.activities.length ? m.activities : [null]).map((a) => [
            `${area.code}. ${area.name.th}`,
            `${m.code} ${m.name.th}`,
            a ? a.name.th : '—',
            a?.hostUnit ?? '',
            a ? a.supportUnits.join(', ') : '',
            a?.indicator?.th ?? m.indicator?.th ?? '',
          ]),
        ),
      ),
    )
    sheet(
      book,
      'ผลการดำเนินงาน',
      `แบบรายงานผลการดำเนินงาน ภายใต้นโยบายคุณธรรมและความโปร่งใสในการดำเนินงาน · ${roundTitle}`,
      columns(
        'หน่วยงาน:24 | ด้าน:24 | มาตรการ:30 | วิธีดำเนินการ:40 | ' +
          'ช่วงเวลาดำเนินการ:16 | ผลการดำเนินงาน:40 | ' +
          'คำอธิบายรายละเอียด เอกสาร/หลักฐาน:40',
      ),
      data.units.flatMap((u) =>
        u.entries.map((e) => [
          u.unitName,
          `${e.line.groupCode} ${e.line.groupName}`,
          `${e.line.measureCode} ${e.line.measureName}`,
          `${e.line.activityName}${e.method ? `\n${e.method}` : ''}`,
          periodLabel(e.line.activity?.period),
          e.result,
          evidenceText(e.evidence),
        ]),
      ),
    )
  } else {
    sheet(
      book,
      'มาตรการ',
      `${data.catalog.name.th} · ${data.organizationName} · ${roundTitle}`,
      columns(
        'ประเด็น:24 | ลำดับ:8 | มาตรการ/กิจกรรม:30 | ' +
          'ขั้นตอนหรือวิธีการปฏิบัติ:40 | ระยะเวลาในการดำเนินการ:16 | ' +
          'ผู้รับผิดชอบ:20 | สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม:40 | ' +
          'ผลลัพธ์หรือความสำเร็จในการดำเนินการ:40 | หลักฐาน:30',
      ),
      data.catalog.issues.flatMap((issue) =>
        issue.measures.map((m, i) => {
          const r = data.results.find((x) => x.issueCode === issue.code && x.measureCode === m.code)
          return [
            `${issue.code} ${issue.name.th}`,
            i + 1,
            m.name.th,
            m.activities
              .flatMap((a) => a.steps)
              .map((s, j) => `${j + 1}. ${s.th}`)
              .join('\n'),
            [...new Set(m.activities.map((a) => periodLabel(a.period)))].join(', '),
            [...new Set(m.activities.flatMap((a) => a.responsible ?? (a.hostUnit ? [a.hostUnit] : [])))].join(', '),
            r?.summary ?? '',
            r?.outcome ?? '',
            r ? evidenceText(r.evidence) : '',
          ]
        }),
      ),
    )
  }
  return workbookBytes(book)
}
