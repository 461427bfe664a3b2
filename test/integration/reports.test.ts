import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer } from '#evidence/documents/pdf.server'
import { reportDocument } from '#evidence/documents/document'
import { kpiReportHtml } from '#evidence/documents/kpi-report'
import { measuresReportHtml } from '#evidence/documents/measures-report'
import { policyPlanHtml, progressReportHtml } from '#evidence/documents/plan-report'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import type { ImprovementMeasuresCatalog, IntegrityPolicyCatalog, KpiAgreementCatalog } from '#models/catalog/schema'

const dir = mkdtempSync(path.join(tmpdir(), 'reports-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const catalogs = loadBuiltInCatalogs()
const find = <K extends string>(kind: K) => catalogs.find((c) => c.kind === kind)!

async function pdfText(html: string, name: string, landscape = false) {
  const doc = reportDocument(html, { title: name, fontCss: thaiFontCss(), fontFamily: PDF_FONT_FAMILY, landscape })
  const pdf = await withPdfRenderer((r) => r.render(doc, new Date('2026-09-30T00:00:00Z')))
  const file = path.join(dir, `${name}.pdf`)
  writeFileSync(file, pdf)
  // wrapped lines break Thai words without a space: compare with all white space removed
  // (exact extraction of unwrapped titles is checked in pdf.test.ts)
  return squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }))
}
const squash = (s: string) => s.replace(/\s+/g, '')

describe('official report forms as PDF', () => {
  it('prints the per-KPI report in the shape of the AMLO per-KPI report, with its score table', async () => {
    const template = find('kpi-agreement') as KpiAgreementCatalog
    const kpi = template.kpis[0]
    const text = await pdfText(
      kpiReportHtml(
        kpi,
        {
          round: 12,
          fiscalYear: 2569,
          supervisor: { name: 'นางสาวสมศรี ดูแลระบบ', phone: '0-2219-3600 ต่อ 4000' },
          dataCollector: { name: 'นายสมชาย ประสานงาน', phone: '0-2219-3600 ต่อ 4005' },
          levelsDone: [{ level: 1, text: 'ทบทวนผลการดำเนินงานปีที่ผ่านมาแล้ว' }],
          explanation: 'จัดประชุมคณะทำงานเพื่อติดตามผล',
          supportingFactors: 'ผู้บริหารให้ความสำคัญ',
          obstacles: 'ระยะเวลาจำกัด',
          evidence: [{ title: 'คำสั่งแต่งตั้งคณะทำงาน' }, { title: 'รายงานการประชุม', url: 'https://demo.go.th/ita/o1' }],
        },
        { performance: '5', score: 5, weightedScore: 0.1 },
      ),
      'kpi',
    )
    for (const expected of [
      'รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ (รายตัวชี้วัด)',
      `ตัวชี้วัดที่ ${kpi.code} : ${kpi.name.th}`,
      'ผู้กำกับดูแลตัวชี้วัด',
      'ผู้จัดเก็บข้อมูล',
      'เกณฑ์การให้คะแนน',
      'ค่าคะแนนถ่วงน้ำหนัก',
      '5.0000',
      '0.1000',
      'ปัจจัยสนับสนุนต่อการดำเนินงาน',
      'อุปสรรคต่อการดำเนินงาน',
      'คำสั่งแต่งตั้งคณะทำงาน',
    ])
      expect(text, expected).toContain(squash(expected))
  })

  it(
    'prints the integrity-policy plan and a progress report in the shape of the Cooperative Promotion ' +
      'Department plan',
    async () => {
      const plan = find('integrity-policy') as IntegrityPolicyCatalog
      const planText = await pdfText(policyPlanHtml(plan, 'กรมตัวอย่างเพื่อความโปร่งใส'), 'plan', true)
      expect(planText).toContain('หน่วยงานเจ้าภาพ')
      expect(planText).toContain(squash(plan.policyAreas[0].name.th))
      const area = plan.policyAreas[0]
      const measure = area.measures[0]
      const activity = measure.activities[0]
      const progress = await pdfText(
        progressReportHtml(plan, {
          organizationName: 'กรมตัวอย่างเพื่อความโปร่งใส',
          unitName: 'กองคลัง',
          asOf: new Date('2026-04-04T03:00:00Z'),
          roundName: 'รอบที่ 1',
          entries: [
            {
              areaCode: area.code,
              measureCode: measure.code,
              activityCode: activity.code,
              method: 'ประชุมชี้แจง',
              result: 'ดำเนินการแล้วเสร็จ',
              evidence: [{ title: 'รายงานการประชุม' }],
            },
          ],
        }),
        'progress',
      )
      for (const expected of [
        'ข้อมูล ณ วันที่ 4 เมษายน 2569',
        'วิธีดำเนินการ',
        'ช่วงเวลาดำเนินการ',
        'ผลการดำเนินงาน',
        'ดำเนินการแล้วเสร็จ',
      ]) {
        expect(progress, expected).toContain(squash(expected))
      }
    },
  )

  it(
    'prints the measures report in the shape of the Din Daeng SAO measures report, opening with the score and ' +
      'rating',
    async () => {
      const measures = find('improvement-measures') as ImprovementMeasuresCatalog
      const first = measures.issues[0].measures[0]
      const text = await pdfText(
        measuresReportHtml(measures, {
          organizationName: 'องค์การบริหารส่วนตำบลตัวอย่าง',
          fiscalYear: 2568,
          itaScore: { total: 97.07, rating: 'ผ่านดีเยี่ยม' },
          results: [{ measureCode: first.code, summary: 'ประชาชนได้รับบริการตามลำดับคิว', outcome: 'ไม่มีข้อร้องเรียน' }],
        }),
        'measures',
        true,
      )
      for (const expected of [
        'ได้คะแนน ๙๗.๐๗ อยู่ในระดับ ผ่านดีเยี่ยม',
        'ประเด็นที่ ๑',
        'ขั้นตอนหรือวิธีการปฏิบัติ',
        'ผลลัพธ์หรือความสำเร็จในการดำเนินการ',
        'ไม่มีข้อร้องเรียน',
      ]) {
        expect(text, expected).toContain(squash(expected))
      }
    },
  )
})
