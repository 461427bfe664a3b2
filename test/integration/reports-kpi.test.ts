import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { catalogReportWorkbook } from '#evidence/documents/excel.server'
import { catalogReportData, catalogReportPdf, organizationReportSections } from '#evidence/documents/sections.server'
import type { Actor } from '#models/tenancy/audit.server'
import { createLinkEvidence, createTextEvidence } from '#models/evidence/records.server'
import { certifyKpiReport, saveKpiReport } from '#models/reporting/kpi-report.server'
import { saveProgress } from '#models/reporting/progress-report.server'
import { formatScore } from '#scoring/index'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, publishAndAssign, release } from '#test/support/kit'

let org: TestOrg
let kpiCatalogId: string
let planId: string
let measuresId: string
let coordinator: Actor
const dir = mkdtempSync(path.join(tmpdir(), 'reports-kpi-'))
const squash = (s: string) => s.replace(/\s+/g, '')

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(dir, `${name}.pdf`)
  writeFileSync(file, pdf)
  // wrapped lines break Thai words without a space: compare with all white space removed
  return squash(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }))
}

async function workbook(bytes: Buffer) {
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(bytes as unknown as ArrayBuffer)
  return book
}

// the AMLO's report of KPI 7.2.1 (FY2550): every step of levels 1–5 done, 12-month round
const SEED_001_STEPS = ['L1.1', 'L1.2', 'L1.3', 'L2.1', 'L2.2', 'L2.3', 'L2.4', 'L3.1', 'L4.1', 'L5.1']

beforeAll(async () => {
  ;({ org } = await provide({ org: 'reports' }))
  coordinator = actorsOf(org).coordinator
  const publish = async (key: string, itemCodes: string[]) =>
    (await publishAndAssign(org, key, { itemCodes, dueDate: '2026-09-30' })).id
  kpiCatalogId = await publish('kpi-agreement-integrity-template', ['7.1', '7.2'])
  planId = await publish('integrity-policy-plan', ['1/1.1'])
  measuresId = await publish('improvement-measures-template', ['2/1'])
  const invitation = await createTextEvidence(coordinator, {
    title: 'หนังสือเชิญประชุมคณะทำงานของศูนย์ราชการใสสะอาด ครั้งที่ 1/2550',
    html: '<p>หนังสือเชิญ</p>',
  })
  const website = await createLinkEvidence(coordinator, {
    url: 'https://www.amlo.go.th/',
    title: 'เว็บไซต์ศูนย์ประสานราชการใสสะอาด',
  })
  await saveKpiReport(coordinator, org.people.coordinator.membership, kpiCatalogId, '7.1', 12, {
    levelTexts: {
      1: 'ทบทวนผลการดำเนินงานตามมาตรการ/แผนปฏิบัติการปีงบประมาณ พ.ศ. 2549',
      5: 'สรุปผลการดำเนินการตามมาตรการ/แผนปฏิบัติการป้องกันการทุจริต',
    },
    stepsDone: SEED_001_STEPS,
    explanation: 'มีการจัดประชุมคณะทำงานศูนย์ราชการใสสะอาด เพื่อติดตามและประเมินผลการดำเนินงาน',
    supportingFactors: 'ผู้บริหารให้ความสำคัญ',
    obstacles: '-',
    evidenceIds: [invitation.id, website.id],
    supervisorName: 'พ.ต.ท.หญิงเอมอร ไชยบัวแดง',
    supervisorPhone: '0-2219-3600 ต่อ 4000',
    dataCollectorName: 'นางอัจฉรา ปรียาจิตต์',
    dataCollectorPhone: '0-2219-3600 ต่อ 4005',
  })
  await certifyKpiReport(
    { ...org.actor, userId: org.people.executive.id, userName: org.people.executive.nameTh },
    org.people.executive.membership,
    kpiCatalogId,
    '7.1',
    12,
    { decision: 'approved' },
  )
  // 7.2 reaches level 2 only
  await saveKpiReport(coordinator, org.people.coordinator.membership, kpiCatalogId, '7.2', 12, {
    stepsDone: ['L1.1', 'L2.1', 'L4.1'],
  })
  await saveProgress(coordinator, org.people.coordinator.membership, planId, 12, {
    itemCode: '1/1.1',
    activityCode: '1',
    method: 'ประชุมชี้แจงบุคลากร',
    result: 'ดำเนินการครบทุกหน่วยงานแล้วเสร็จ',
  })
  await saveProgress(coordinator, org.people.coordinator.membership, measuresId, 12, {
    itemCode: '2/1',
    summary: 'เผยแพร่ครบแล้ว',
    outcome: 'ไม่มีข้อร้องเรียน',
  })
})
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await release()
})

describe('reports of the recorded rounds', () => {
  it(
    'reproduces the AMLO per-KPI report through the model and the engine: weight 2, level 5, score 5.0000, ' +
      'weighted 0.1000',
    async () => {
      const data = await catalogReportData(org.organization.id, kpiCatalogId, 12)
      if (data?.kind !== 'kpi-agreement') throw new Error('expected the KPI agreement')
      const line = data.lines.find((l) => l.kpi.code === '7.1')!
      expect([
        line.kpi.weight,
        line.score.performance,
        line.score.score,
        formatScore(line.score.weightedScore, 4),
      ]).toEqual([2, '5', 5, '0.1000'])
      const text = pdfText(await catalogReportPdf(data, new Date('2026-09-30T00:00:00Z')), 'kpi')
      for (const expected of [
        'รายงานผลการปฏิบัติราชการตามคำรับรองการปฏิบัติราชการ (รายตัวชี้วัด)',
        'รอบ 12 เดือน',
        `ตัวชี้วัดที่ 7.1 : ${line.kpi.name.th}`,
        'พ.ต.ท.หญิงเอมอร ไชยบัวแดง',
        'ค่าคะแนนถ่วงน้ำหนัก',
        '5.0000',
        '0.1000',
        'หนังสือเชิญประชุมคณะทำงานของศูนย์ราชการใสสะอาด ครั้งที่ 1/2550',
        'https://www.amlo.go.th/',
        'การรับรองของผู้กำกับดูแลตัวชี้วัด : รับรองแล้ว',
        // 7.2: level 2 (the level-3 step is missing, so 4.1 does not count)
        '2.0000',
        '0.0400',
      ])
        expect(text, expected).toContain(squash(expected))
    },
  )

  it('gives the Excel workbook the same numbers as the PDF', async () => {
    const data = (await catalogReportData(org.organization.id, kpiCatalogId, 12))!
    const text = pdfText(await catalogReportPdf(data), 'kpi-again')
    const book = await workbook(await catalogReportWorkbook(data))
    const sheet = book.getWorksheet('คะแนนตัวชี้วัด')!
    expect(sheet.getRow(2).values).toContain('ค่าคะแนนถ่วงน้ำหนัก')
    const rows = [3, 4].map((n) => sheet.getRow(n).values as (string | number)[])
    const byCode = Object.fromEntries(
      rows.map((r) => [
        r[1],
        { weight: r[3], performance: r[4], score: r[5] as number, weighted: r[6] as number, cert: r[7] },
      ]),
    )
    expect(byCode['7.1']).toMatchObject({ weight: 2, performance: '5', score: 5, cert: 'รับรองแล้ว' })
    expect(byCode['7.2']).toMatchObject({ weight: 2, performance: '2', score: 2, cert: 'รอการรับรอง' })
    for (const r of Object.values(byCode)) {
      // shown with the same four decimals the PDF prints
      expect(text).toContain(formatScore(r.score, 4))
      expect(text).toContain(formatScore(r.weighted, 4))
    }
    expect(sheet.getCell('F3').numFmt).toBe('0.0000')
    expect([formatScore(byCode['7.1'].weighted, 4), formatScore(byCode['7.2'].weighted, 4)]).toEqual([
      '0.1000',
      '0.0400',
    ])
  })

  it(
    'prints the plan progress and the measures results in PDF and Excel alike, and lists every body for the ' +
      'package',
    async () => {
      const plan = (await catalogReportData(org.organization.id, planId, 12))!
      const planText = pdfText(await catalogReportPdf(plan), 'plan')
      expect(planText).toContain(squash('ดำเนินการครบทุกหน่วยงานแล้วเสร็จ'))
      expect(planText).toContain(squash(`หน่วยงาน : ${org.units[0].nameTh}`))
      const planBook = await workbook(await catalogReportWorkbook(plan))
      expect(planBook.getWorksheet('ผลการดำเนินงาน')!.getRow(3).values).toEqual(
        expect.arrayContaining([org.units[0].nameTh, 'ดำเนินการครบทุกหน่วยงานแล้วเสร็จ']),
      )

      const measures = (await catalogReportData(org.organization.id, measuresId, 12))!
      const measuresText = pdfText(await catalogReportPdf(measures), 'measures')
      expect(measuresText).toContain(squash('เผยแพร่ครบแล้ว'))
      const rows = (await workbook(await catalogReportWorkbook(measures)))
        .getWorksheet('มาตรการ')!
        .getSheetValues()
        .slice(3) as (string | number)[][]
      // measure "1" exists under every issue: the result belongs to issue 2's only
      expect(rows.filter((r) => r.includes('เผยแพร่ครบแล้ว')).map((r) => String(r[1]).split(' ')[0])).toEqual(['2'])

      const sections = await organizationReportSections(org.organization.id, 2569, 12)
      expect(sections.map((s) => s.key.split(':')[0])).toEqual(['kpi', 'kpi', 'plan', 'progress', 'measures'])
      expect(sections[0].html).toContain('0.1000')
      expect(await organizationReportSections(org.organization.id, 2568, 12)).toEqual([])
    },
  )
})
