import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignItems } from '#models/work/assignment.server'
import { listAuditEvents, type Actor } from '#models/tenancy/audit.server'
import { builtInCatalogs, importCatalog } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import type { KpiAgreementCatalog } from '#models/catalog/schema'
import { kpiRoundScore } from '#evidence/documents/kpi-score'
import { catalogReportData } from '#evidence/documents/sections.server'
import { AppError } from '#models/errors'
import { createTextEvidence, deleteEvidence } from '#models/evidence/records.server'
import { certifyKpiReport, getKpiReport, listKpiProgress, saveKpiReport } from '#models/reporting/kpi-report.server'
import type { MembershipGrant } from '#models/tenancy/permissions'
import { getPlanContext, listProgress, saveProgress } from '#models/reporting/progress-report.server'
import { addPerson, type Person } from '#models/tenancy/user.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, publishAndAssign, release } from '#test/support/kit'
import { rejection as refusal } from '#test/support/refusal'

let org: TestOrg
let other: TestOrg
let catalogId: string
let planId: string
let coordinator: Actor
let otherUnitCoordinator: { actor: Actor; person: Person }
let executive: Actor

const grant = (p: Person): MembershipGrant => p.membership
const actorOf = (p: Person, o: TestOrg = org): Actor => ({ ...o.actor, userId: p.id, userName: p.nameTh })

beforeAll(async () => {
  ;({ org, other } = await provide({ org: 'kpi', other: 'kpi-other' }))
  catalogId = (await publishAndAssign(org, 'kpi-agreement-integrity-template', { itemCodes: ['7.1', '7.2'] })).id
  planId = (await publishAndAssign(org, 'integrity-policy-plan', { itemCodes: ['1/1.1'] })).id
  ;({ coordinator, executive } = actorsOf(org))
  const person = await addPerson(org.actor, {
    email: `coord2-${Date.now()}@kpi.saisaat.test`,
    nameTh: 'ผู้ประสานหน่วยอื่น',
    role: 'coordinator',
    unitIds: [org.units[1].id],
  })
  otherUnitCoordinator = { actor: actorOf(person), person }
})
afterAll(release)

const report = (over: Record<string, unknown> = {}) => ({
  levelTexts: { 1: 'ทบทวนผลการดำเนินงานปีที่ผ่านมาแล้ว' },
  stepsDone: ['L1.1', 'L1.2', 'L1.3'],
  explanation: 'จัดประชุมคณะทำงาน',
  supportingFactors: 'ผู้บริหารให้ความสำคัญ',
  obstacles: '',
  supervisorName: 'นางสาวสมศรี ดูแลระบบ',
  ...over,
})

describe('KPI round reports on the real MongoDB-protocol server', () => {
  it('refuses a coordinator of a unit the KPI is not assigned to (403) and changes nothing', async () => {
    const e = await refusal(
      saveKpiReport(otherUnitCoordinator.actor, grant(otherUnitCoordinator.person), catalogId, '7.1', 6, report()),
    )
    expect(e.status).toBe(403)
    expect(await getKpiReport(org.organization.id, catalogId, '7.1', 6)).toBeNull()
    // an executive may certify but not write the report
    expect(
      (await refusal(saveKpiReport(executive, grant(org.people.executive), catalogId, '7.1', 6, report()))).status,
    ).toBe(403)
    // another organization's coordinator sees the catalog as not found
    const outsider = actorOf(other.people.coordinator, other)
    expect(
      (await refusal(saveKpiReport(outsider, grant(other.people.coordinator), catalogId, '7.1', 6, report()))).status,
    ).toBe(404)
    expect(await getKpiReport(org.organization.id, catalogId, '7.1', 6)).toBeNull()
  })

  it('refuses bad input naming the field and the rule, in Thai and English, and changes nothing', async () => {
    const unknownStep = await refusal(
      saveKpiReport(
        coordinator,
        grant(org.people.coordinator),
        catalogId,
        '7.1',
        6,
        report({ stepsDone: ['L1.1', 'L9.9'] }),
      ),
    )
    expect(unknownStep.fieldErrors.stepsDone).toMatch(/ขั้นตอน.*\/ .*step/)
    expect(unknownStep.message).toContain('L9.9')
    const long = await refusal(
      saveKpiReport(
        coordinator,
        grant(org.people.coordinator),
        catalogId,
        '7.1',
        6,
        report({ levelTexts: { 3: 'ก'.repeat(4001) } }),
      ),
    )
    expect(long.fieldErrors['levelTexts.3']).toBe(
      'ผลการดำเนินงานระดับ 3: ยาวได้ไม่เกิน 4,000 ตัวอักษร / work done at level 3: at most 4,000 characters',
    )
    const round = await refusal(
      saveKpiReport(coordinator, grant(org.people.coordinator), catalogId, '7.1', 7, report()),
    )
    expect(round.message).toMatch(/^รอบการรายงาน.*\/ reporting round/)
    const foreign = await createTextEvidence(actorOf(other.people.coordinator, other), {
      title: 'ของหน่วยงานอื่น',
      html: '<p>x</p>',
    })
    const evidence = await refusal(
      saveKpiReport(
        coordinator,
        grant(org.people.coordinator),
        catalogId,
        '7.1',
        6,
        report({ evidenceIds: [foreign.id] }),
      ),
    )
    expect(evidence.fieldErrors.evidenceIds).toBeTruthy()
    expect(await getKpiReport(org.organization.id, catalogId, '7.1', 6)).toBeNull()
  })

  it('records the round with numbered evidence, audits it, and reports progress for the dashboard', async () => {
    const a = await createTextEvidence(coordinator, { title: 'คำสั่งแต่งตั้งคณะทำงาน', html: '<p>คำสั่ง</p>' })
    const b = await createTextEvidence(coordinator, { title: 'รายงานการประชุม', html: '<p>รายงาน</p>' })
    const saved = await saveKpiReport(
      coordinator,
      grant(org.people.coordinator),
      catalogId,
      '7.1',
      6,
      report({ evidenceIds: [b.id, a.id] }),
    )
    expect(saved.certification).toBe('pending')
    expect(saved.stepsDone).toEqual(['L1.1', 'L1.2', 'L1.3'])
    expect(saved.evidence.map((e) => e.title)).toEqual(['รายงานการประชุม', 'คำสั่งแต่งตั้งคณะทำงาน'])
    expect(saved.levelTexts[0]).toEqual({ level: 1, text: 'ทบทวนผลการดำเนินงานปีที่ผ่านมาแล้ว' })
    await saveKpiReport(
      coordinator,
      grant(org.people.coordinator),
      catalogId,
      '7.2',
      6,
      report({ stepsDone: ['L1.1'] }),
    )
    await saveKpiReport(
      coordinator,
      grant(org.people.coordinator),
      catalogId,
      '7.2',
      9,
      report({ stepsDone: ['L1.1', 'L2.1'] }),
    )
    expect(await listKpiProgress(org.organization.id, catalogId)).toEqual([
      { kpiCode: '7.1', round: 6, stepsDone: ['L1.1', 'L1.2', 'L1.3'], certification: 'pending' },
      { kpiCode: '7.2', round: 9, stepsDone: ['L1.1', 'L2.1'], certification: 'pending' },
    ])
    expect((await listKpiProgress(org.organization.id, catalogId, 6)).map((p) => [p.kpiCode, p.round])).toEqual([
      ['7.1', 6],
      ['7.2', 6],
    ])
    expect(await listKpiProgress(other.organization.id, catalogId)).toEqual([])
    const { events } = await listAuditEvents(org.organization.id, { action: 'kpi.report.create' })
    expect(events.length).toBe(3)
    // evidence put in the bin afterwards stays listed, marked
    await deleteEvidence(coordinator, a.id, 365)
    expect((await getKpiReport(org.organization.id, catalogId, '7.1', 6))!.evidence.map((e) => e.deleted)).toEqual([
      false,
      true,
    ])
  })

  it('certifies once only when several certifiers click at the same time', async () => {
    const admin = actorOf(org.people.admin)
    const attempts = await Promise.allSettled([
      certifyKpiReport(executive, grant(org.people.executive), catalogId, '7.1', 6, { decision: 'approved' }),
      certifyKpiReport(admin, grant(org.people.admin), catalogId, '7.1', 6, { decision: 'approved' }),
      certifyKpiReport(executive, grant(org.people.executive), catalogId, '7.1', 6, {
        decision: 'not-approved',
        note: 'ขาดหลักฐาน',
      }),
      certifyKpiReport(admin, grant(org.people.admin), catalogId, '7.1', 6, { decision: 'approved' }),
    ])
    const won = attempts.filter((a) => a.status === 'fulfilled')
    expect(won.length).toBe(1)
    for (const a of attempts) if (a.status === 'rejected') expect((a.reason as AppError).status).toBe(409)
    const stored = (await getKpiReport(org.organization.id, catalogId, '7.1', 6))!
    expect(stored.certification).toBe((won[0] as PromiseFulfilledResult<{ certification: string }>).value.certification)
    const approvals = (await listAuditEvents(org.organization.id, { action: 'kpi.report.approve' })).events.length
    const refusals = (await listAuditEvents(org.organization.id, { action: 'kpi.report.not-approve' })).events.length
    expect(approvals + refusals).toBe(1)
  })

  it('refuses editing a certified report, and refuses certifying by a coordinator', async () => {
    // 7.2 round 6 is pending: certify it, then try to edit
    expect(
      (
        await refusal(
          certifyKpiReport(coordinator, grant(org.people.coordinator), catalogId, '7.2', 6, { decision: 'approved' }),
        )
      ).status,
    ).toBe(403)
    await certifyKpiReport(executive, grant(org.people.executive), catalogId, '7.2', 6, {
      decision: 'approved',
      note: '',
    })
    const e = await refusal(
      saveKpiReport(coordinator, grant(org.people.coordinator), catalogId, '7.2', 6, report({ stepsDone: [] })),
    )
    expect(e.status).toBe(409)
    expect(e.message).toContain('รับรองแล้ว')
    const stored = (await getKpiReport(org.organization.id, catalogId, '7.2', 6))!
    expect(stored.stepsDone).toEqual(['L1.1'])
    expect(stored.certifiedByName).toBe(executive.userName)
  })

  it('"not approved" needs a note and returns the report to the coordinator, whose next save asks again', async () => {
    const noNote = await refusal(
      certifyKpiReport(executive, grant(org.people.executive), catalogId, '7.2', 9, {
        decision: 'not-approved',
        note: ' ',
      }),
    )
    expect(noNote.fieldErrors.note).toMatch(/หมายเหตุของผู้รับรอง.*\/ certifier's note: required/)
    const back = await certifyKpiReport(executive, grant(org.people.executive), catalogId, '7.2', 9, {
      decision: 'not-approved',
      note: 'แนบรายงานการประชุมด้วย',
    })
    expect([back.certification, back.certificationNote]).toEqual(['not-approved', 'แนบรายงานการประชุมด้วย'])
    const again = await saveKpiReport(
      coordinator,
      grant(org.people.coordinator),
      catalogId,
      '7.2',
      9,
      report({ stepsDone: ['L1.1', 'L2.1'], explanation: 'แนบรายงานแล้ว' }),
    )
    expect([again.certification, again.certificationNote]).toEqual(['pending', ''])
    // the note is kept in the audit trail
    const [noted] = (await listAuditEvents(org.organization.id, { action: 'kpi.report.not-approve' })).events
    expect(noted.changes.certificationNote.after).toBe('แนบรายงานการประชุมด้วย')
    expect(
      (await certifyKpiReport(executive, grant(org.people.executive), catalogId, '7.2', 9, { decision: 'approved' }))
        .certification,
    ).toBe('approved')
  })
})

describe('a quantitative KPI', () => {
  it('needs a numeric result, names the field otherwise, and scores it by interpolation', async () => {
    const template = builtInCatalogs().find((c) => c.key === 'kpi-agreement-integrity-template') as KpiAgreementCatalog
    const measured: KpiAgreementCatalog = {
      ...template,
      key: 'kpi-quantitative-test',
      kpis: [
        {
          ...template.kpis[1],
          code: 'Q1',
          scoring: {
            kind: 'quantitative',
            direction: 'ascending',
            unit: { th: 'เรื่อง' },
            thresholds: [10, 20, 30, 40, 50],
          },
        },
      ],
    }
    const id = (await publishCatalog(org.actor, (await importCatalog(org.actor, measured)).id)).id
    await assignItems(org.actor, {
      catalogId: id,
      itemCodes: ['Q1'],
      unitIds: [org.units[0].id],
      dueDate: '2026-03-31',
    })
    const who = grant(org.people.coordinator)
    expect((await refusal(saveKpiReport(coordinator, who, id, 'Q1', 6, { result: 'สามสิบ' }))).fieldErrors.result).toBe(
      'ผลการดำเนินงาน: ต้องเป็นตัวเลข / result: must be a number',
    )
    expect((await refusal(saveKpiReport(coordinator, who, id, 'Q1', 6, { result: '' }))).fieldErrors.result).toMatch(
      /^จำเป็นต้องกรอก/,
    )
    expect(await getKpiReport(org.organization.id, id, 'Q1', 6)).toBeNull()
    const saved = await saveKpiReport(coordinator, who, id, 'Q1', 6, { result: '35' })
    expect(saved.result).toBe(35)
    expect(await listKpiProgress(org.organization.id, id)).toEqual([
      { kpiCode: 'Q1', round: 6, stepsDone: [], result: 35, certification: 'pending' },
    ])
    const score = kpiRoundScore(measured.kpis[0], measured.scoreBelowLevel1, saved)
    expect([score.performance, score.score]).toEqual(['35 เรื่อง', 3.5])
  })
})

describe('plan progress per round', () => {
  it('is recorded by the host unit’s coordinator only, with the result required', async () => {
    const input = { itemCode: '1/1.1', activityCode: '1', method: 'ประชุมชี้แจง', result: 'ดำเนินการแล้วเสร็จ' }
    expect(
      (await refusal(saveProgress(otherUnitCoordinator.actor, grant(otherUnitCoordinator.person), planId, 6, input)))
        .status,
    ).toBe(403)
    const empty = await refusal(
      saveProgress(coordinator, grant(org.people.coordinator), planId, 6, { ...input, result: '' }),
    )
    expect(empty.fieldErrors.result).toBe('ผลการดำเนินงาน: จำเป็นต้องกรอก / result: required')
    expect(await listProgress(org.organization.id, planId, 6)).toEqual([])
    const saved = await saveProgress(coordinator, grant(org.people.coordinator), planId, 6, input)
    expect([saved.result, saved.unitId]).toEqual(['ดำเนินการแล้วเสร็จ', org.units[0].id])
    await saveProgress(coordinator, grant(org.people.coordinator), planId, 6, { ...input, result: 'แก้ไขผล' })
    expect((await listProgress(org.organization.id, planId, 6)).map((p) => p.result)).toEqual(['แก้ไขผล'])
    expect((await listProgress(org.organization.id, planId, 9)).length).toBe(0)
    expect(
      (await listAuditEvents(org.organization.id, { targetType: 'plan-progress' })).events.map((e) => e.action).sort(),
    ).toEqual(['progress.create', 'progress.update'])
  })

  it('keeps one record per reporting unit when an activity is assigned to two units', async () => {
    const line = (await getPlanContext(org.organization.id, planId))!.lines.find(
      (l) => l.itemCode !== '1/1.1' && l.activityCode,
    )!
    const [u0, u1] = [org.units[0].id, org.units[1].id]
    await assignItems(org.actor, {
      catalogId: planId,
      itemCodes: [line.itemCode],
      unitIds: [u0, u1],
      dueDate: '2026-03-31',
    })
    const input = { itemCode: line.itemCode, activityCode: line.activityCode, method: '', result: '' }
    const ofLine = async (round: 6 | 9 | 12 = 9) =>
      (await listProgress(org.organization.id, planId, round))
        .filter((p) => p.itemCode === line.itemCode && p.activityCode === line.activityCode)
        .sort((a, b) => [u0, u1].indexOf(a.unitId!) - [u0, u1].indexOf(b.unitId!))
        .map((p) => [p.unitId, p.result])
    expect(
      (await saveProgress(coordinator, grant(org.people.coordinator), planId, 9, { ...input, result: 'ผลของหน่วยแรก' }))
        .unitId,
    ).toBe(u0)
    expect(
      (
        await saveProgress(otherUnitCoordinator.actor, grant(otherUnitCoordinator.person), planId, 9, {
          ...input,
          result: 'ผลของหน่วยที่สอง',
        })
      ).unitId,
    ).toBe(u1)
    expect(await ofLine()).toEqual([
      [u0, 'ผลของหน่วยแรก'],
      [u1, 'ผลของหน่วยที่สอง'],
    ])
    // a unit's second save replaces its own record only
    await saveProgress(coordinator, grant(org.people.coordinator), planId, 9, { ...input, result: 'แก้ไขผลหน่วยแรก' })
    expect(await ofLine()).toEqual([
      [u0, 'แก้ไขผลหน่วยแรก'],
      [u1, 'ผลของหน่วยที่สอง'],
    ])
    // both units' progress reports carry the activity
    const data = await catalogReportData(org.organization.id, planId, 9)
    const reports = data?.kind === 'integrity-policy' ? data.units : []
    expect(
      Object.fromEntries(
        reports.map((u) => [u.unitId, u.entries.filter((e) => e.line.itemCode === line.itemCode).map((e) => e.result)]),
      ),
    ).toEqual({
      [u0]: ['แก้ไขผลหน่วยแรก'],
      [u1]: ['ผลของหน่วยที่สอง'],
    })

    // a coordinator of both units: the unit named in unitId, else the first assigned unit; never another
    const both = await addPerson(org.actor, {
      email: `coord-both-${Date.now()}@kpi.saisaat.test`,
      nameTh: 'ผู้ประสานสองหน่วย',
      role: 'coordinator',
      unitIds: [u1, u0],
    })
    const first = (await getPlanContext(org.organization.id, planId))!.lines.find((l) => l.itemCode === line.itemCode)!
      .unitIds[0]
    expect((await saveProgress(actorOf(both), grant(both), planId, 12, { ...input, result: 'ไม่ระบุหน่วย' })).unitId).toBe(
      first,
    )
    expect(
      (await saveProgress(actorOf(both), grant(both), planId, 12, { ...input, unitId: u1, result: 'ระบุหน่วยที่สอง' }))
        .unitId,
    ).toBe(u1)
    for (const unitId of [other.units[0].id, 'not-a-unit']) {
      const bad = await refusal(
        saveProgress(actorOf(both), grant(both), planId, 12, { ...input, unitId, result: 'ผิดหน่วย' }),
      )
      expect([bad.status, bad.fieldErrors.unitId]).toEqual([
        400,
        'หน่วยงานที่รายงาน: ต้องเป็นหน่วยงานของท่านที่ได้รับมอบหมายรายการนี้ / reporting unit: must be one of your units ' +
          'this item is assigned to',
      ])
    }
    // the first coordinator cannot report for the other unit
    expect(
      (
        await refusal(
          saveProgress(coordinator, grant(org.people.coordinator), planId, 12, {
            ...input,
            unitId: u1,
            result: 'ผิดหน่วย',
          }),
        )
      ).fieldErrors.unitId,
    ).toBeTruthy()
    expect(await ofLine(12)).toEqual(
      first === u0
        ? [
            [u0, 'ไม่ระบุหน่วย'],
            [u1, 'ระบุหน่วยที่สอง'],
          ]
        : [[u1, 'ระบุหน่วยที่สอง']],
    )
  })
})
