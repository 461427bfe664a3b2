/**
 * The KPI, plan and measures reports as Excel workbooks (exceljs), built from the same data as
 * the PDF (sections.server catalogReportData): same rows, same engine scores. Headers are the
 * Thai column names of the seed forms. Scores are stored at full precision and shown with four
 * decimals, as the PDF prints them.
 */
import { periodLabel } from '#evidence/documents/html'
import type { CatalogReportData } from '#evidence/documents/sections.server'
import { newWorkbook, reportSheet as sheet, workbookBytes } from '#evidence/documents/workbook.server'

const SCORE_FORMAT = '0.0000'

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
      [
        { header: 'ตัวชี้วัดที่', width: 10 },
        { header: 'ตัวชี้วัด/ข้อมูลพื้นฐานประกอบตัวชี้วัด', width: 60 },
        { header: 'น้ำหนัก (ร้อยละ)', width: 14 },
        { header: 'ผลการดำเนินงาน', width: 18 },
        { header: 'ค่าคะแนนที่ได้', width: 14, numFmt: SCORE_FORMAT },
        { header: 'ค่าคะแนนถ่วงน้ำหนัก', width: 18, numFmt: SCORE_FORMAT },
        { header: 'การรับรองของผู้กำกับดูแลตัวชี้วัด', width: 24 },
      ],
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
      [
        { header: 'ตัวชี้วัดที่', width: 10 },
        { header: 'ผู้กำกับดูแลตัวชี้วัด', width: 26 },
        { header: 'ผู้จัดเก็บข้อมูล', width: 26 },
        ...[1, 2, 3, 4, 5].map((n) => ({ header: `ระดับ ${n}`, width: 30 })),
        { header: 'คำชี้แจงการปฏิบัติงาน/มาตรการที่ได้ดำเนินการ', width: 50 },
        { header: 'ปัจจัยสนับสนุนต่อการดำเนินงาน', width: 30 },
        { header: 'อุปสรรคต่อการดำเนินงาน', width: 30 },
        { header: 'หลักฐานอ้างอิง', width: 50 },
      ],
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
      [
        { header: 'นโยบาย', width: 30 },
        { header: 'มาตรการ/แนวทางปฏิบัติ', width: 40 },
        { header: 'แผนงาน/กิจกรรม/โครงการ', width: 50 },
        { header: 'หน่วยงานเจ้าภาพ', width: 20 },
        { header: 'หน่วยงานปฏิบัติ/สนับสนุน', width: 24 },
        { header: 'ตัวชี้วัด', width: 30 },
      ],
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
      [
        { header: 'หน่วยงาน', width: 24 },
        { header: 'ด้าน', width: 24 },
        { header: 'มาตรการ', width: 30 },
        { header: 'วิธีดำเนินการ', width: 40 },
        { header: 'ช่วงเวลาดำเนินการ', width: 16 },
        { header: 'ผลการดำเนินงาน', width: 40 },
        { header: 'คำอธิบายรายละเอียด เอกสาร/หลักฐาน', width: 40 },
      ],
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
      [
        { header: 'ประเด็น', width: 24 },
        { header: 'ลำดับ', width: 8 },
        { header: 'มาตรการ/กิจกรรม', width: 30 },
        { header: 'ขั้นตอนหรือวิธีการปฏิบัติ', width: 40 },
        { header: 'ระยะเวลาในการดำเนินการ', width: 16 },
        { header: 'ผู้รับผิดชอบ', width: 20 },
        { header: 'สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม', width: 40 },
        { header: 'ผลลัพธ์หรือความสำเร็จในการดำเนินการ', width: 40 },
        { header: 'หลักฐาน', width: 30 },
      ],
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
