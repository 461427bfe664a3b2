/**
 * The clarification round on the real MongoDB-protocol server: preliminary results by hand and
 * from CSV (a bad row refuses the whole file), a clarification referencing link snapshots, its
 * deadline, who may draft and decide, and a race of two approvals.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignItems } from '#models/work/assignment.server'
import { listAuditEvents, type Actor } from '#models/tenancy/audit.server'
import {
  approveClarification,
  clarificationWindow,
  draftClarification,
  getClarification,
  importPreliminaryResults,
  listClarifications,
  recordPreliminaryResult,
  returnClarification,
} from '#models/work/clarification.server'
import { AppError } from '#models/errors'
import { createLinkEvidence, createTextEvidence } from '#models/evidence/records.server'
import type { MembershipGrant, Role } from '#models/tenancy/permissions'
import { getInbox } from '#models/work/reminder.server'
import { saveCalendar } from '#models/work/calendar.server'
import { addPerson } from '#models/tenancy/user.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { actorOf, checkedLink, provide, publishAndAssign, release } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

let org: TestOrg
let catalogId: string
type Who = { actor: Actor; membership: MembershipGrant }
const who: Partial<Record<Role | 'outsider', Who>> = {}
let published: string
const duringWindow = new Date('2026-06-10T10:00:00+07:00')
const afterWindow = new Date('2026-06-16T00:00:00+07:00')

beforeAll(async () => {
  ;({ org } = await provide({ org: 'clarify' }))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1', 'O2', 'O3'] })).id
  await saveCalendar(org.actor, {
    fiscalYear: 2569,
    phases: [{ kind: 'clarification', startsOn: '2026-06-01', endsOn: '2026-06-15' }],
  })
  for (const role of ['admin', 'coordinator', 'assessor', 'executive'] as const) {
    const p = org.people[role]
    who[role] = {
      actor: actorOf(org, p),
      membership: {
        organizationId: org.organization.id,
        role,
        unitIds: role === 'coordinator' ? [org.units[0].id] : [],
        active: true,
      },
    }
  }
  const outsider = await addPerson(org.actor, {
    email: `pr-${org.people.coordinator.email}`,
    nameTh: 'ผู้ประสาน หน่วยอื่น',
    role: 'coordinator',
    unitIds: [org.units[1].id],
  })
  who.outsider = {
    actor: actorOf(org, outsider),
    membership: { organizationId: org.organization.id, role: 'coordinator', unitIds: [org.units[1].id], active: true },
  }
  // a page of the agency's website, checked and snapshotted
  const link = await checkedLink(
    who.coordinator!.actor,
    { url: 'https://www.example.go.th/structure', title: 'แผนผังโครงสร้างบนเว็บไซต์' },
    {
      fetchedAt: new Date('2026-05-20T09:30:00+07:00'),
      responseMs: 120,
      sha256: 'a'.repeat(64),
      size: 1234,
    },
  )
  published = link.id
})
afterAll(release)

const rows = async () => (await listClarifications(org.organization.id, catalogId))!.rows

describe('preliminary OIT results', () => {
  it('refuses a CSV with a bad row, naming row, column and rule, and saves nothing', async () => {
    const csv = '\uFEFFรหัสข้อ,ผล,ความเห็น\nO1,ไม่ผ่าน,ไม่พบแผนผัง\nO2,อาจจะ,\nO999,ผ่าน,\nO1,ผ่าน,ซ้ำ\n'
    const error = await refusal(() => importPreliminaryResults(who.admin!.actor, who.admin!.membership, catalogId, csv))
    expect(error.status).toBe(400)
    expect(error.message).toMatch(/^นำเข้าไม่ได้ ไม่มีข้อมูลใดถูกบันทึก: แถว 3 คอลัมน์ ผล: ต้องเป็น "ผ่าน" หรือ "ไม่ผ่าน"/)
    expect(error.message).toMatch(/แถว 4 คอลัมน์ รหัสข้อ: ไม่พบข้อ O999/)
    expect(error.message).toMatch(/แถว 5 คอลัมน์ รหัสข้อ: ข้อ O1 ซ้ำกับแถว 2/)
    expect(error.message).toMatch(/row 3, column ผล: must be passed or not passed/)
    expect(Object.values(error.fieldErrors)).toHaveLength(3)
    expect(await rows()).toEqual([])
    const noHeader = await refusal(() =>
      importPreliminaryResults(who.admin!.actor, who.admin!.membership, catalogId, 'code,comment\nO1,x\n'),
    )
    expect(noHeader.message).toMatch(/row 1, column ผล\/result: no "result" column header/)
  })

  it('imports a CSV with English headers, and records by hand; only administrators may', async () => {
    const result = await importPreliminaryResults(
      who.admin!.actor,
      who.admin!.membership,
      catalogId,
      'Criterion code,Result,Comment\nO1,not passed,"ไม่พบแผนผังโครงสร้าง, ไม่เป็นปัจจุบัน"\nO2,passed,\n',
    )
    expect(result).toEqual({ rows: 2, changed: 2 })
    // Excel on Thai Windows saves CSV in TIS-620 (windows-874): Thai headers and values still read
    const tis620 = (text: string) =>
      Buffer.from(
        [...text].map((ch) => (ch.charCodeAt(0) >= 0x0e01 ? ch.charCodeAt(0) - 0x0e01 + 0xa1 : ch.charCodeAt(0))),
      )
    expect(
      await importPreliminaryResults(
        who.admin!.actor,
        who.admin!.membership,
        catalogId,
        tis620('รหัสข้อ,ผล,ความเห็น\nO3,ไม่ผ่าน,ไม่มีข้อมูล\n'),
      ),
    ).toEqual({ rows: 1, changed: 1 })
    await recordPreliminaryResult(who.admin!.actor, who.admin!.membership, catalogId, {
      itemCode: 'O3',
      result: 'not-passed',
      comment: 'ไม่มีข้อมูลติดต่อ',
    })
    expect(
      (await rows()).map((r) => [r.itemCode, r.result, r.comment, r.clarificationStatus, r.owners.map((o) => o.th)]),
    ).toEqual([
      ['O1', 'not-passed', 'ไม่พบแผนผังโครงสร้าง, ไม่เป็นปัจจุบัน', null, [org.units[0].nameTh]],
      ['O2', 'passed', '', null, [org.units[0].nameTh]],
      ['O3', 'not-passed', 'ไม่มีข้อมูลติดต่อ', null, [org.units[0].nameTh]],
    ])
    for (const role of ['coordinator', 'assessor', 'executive'] as const) {
      const e = await refusal(() =>
        recordPreliminaryResult(who[role]!.actor, who[role]!.membership, catalogId, {
          itemCode: 'O2',
          result: 'not-passed',
        }),
      )
      expect(e.status, role).toBe(403)
      expect(
        (
          await refusal(() =>
            importPreliminaryResults(who[role]!.actor, who[role]!.membership, catalogId, 'code,result\nO2,fail\n'),
          )
        ).status,
      ).toBe(403)
    }
    expect((await rows()).find((r) => r.itemCode === 'O2')!.result).toBe('passed')
    const unknown = await refusal(() =>
      recordPreliminaryResult(who.admin!.actor, who.admin!.membership, catalogId, {
        itemCode: 'O77',
        result: 'passed',
      }),
    )
    expect(unknown.fieldErrors.itemCode).toBeTruthy()
    const { events } = await listAuditEvents(org.organization.id, { targetType: 'clarification' })
    expect(events.map((e) => e.action).reverse()).toEqual([
      'clarification.import',
      'clarification.import',
      'clarification.result',
    ])
  })
})

describe('clarifications', () => {
  it('shows the window with days left, and flags it overdue after its last day', async () => {
    expect(await clarificationWindow(org.organization.id, 2569, duringWindow)).toMatchObject({
      daysLeft: 6,
      overdue: false,
    })
    expect(await clarificationWindow(org.organization.id, 2569, new Date('2026-06-15T23:59:00+07:00'))).toMatchObject({
      daysLeft: 1,
      overdue: false,
    })
    expect(await clarificationWindow(org.organization.id, 2569, afterWindow)).toMatchObject({
      daysLeft: 0,
      overdue: true,
    })
  })

  it(
    'refuses a coordinator of another unit (403, nothing changes), non-link references, and criteria that ' + 'passed',
    async () => {
      const before = await getClarification(org.organization.id, catalogId, 'O1', duringWindow)
      const outsider = await refusal(() =>
        draftClarification(
          who.outsider!.actor,
          who.outsider!.membership,
          catalogId,
          'O1',
          { text: 'x', evidenceIds: [published] },
          duringWindow,
        ),
      )
      expect(outsider.status).toBe(403)
      expect(
        (
          await refusal(() =>
            draftClarification(
              who.assessor!.actor,
              who.assessor!.membership,
              catalogId,
              'O1',
              { text: 'x', evidenceIds: [published] },
              duringWindow,
            ),
          )
        ).status,
      ).toBe(403)
      expect(await getClarification(org.organization.id, catalogId, 'O1', duringWindow)).toEqual(before)

      const c = who.coordinator!
      const text = await createTextEvidence(c.actor, { title: 'บันทึกข้อความ', html: '<p>x</p>' })
      const notLink = await refusal(() =>
        draftClarification(
          c.actor,
          c.membership,
          catalogId,
          'O1',
          { text: 'ชี้แจง', evidenceIds: [text.id] },
          duringWindow,
        ),
      )
      expect(notLink.fieldErrors.evidenceIds).toMatch(/"บันทึกข้อความ" เป็นข้อความ ไม่ใช่ลิงก์ที่เผยแพร่บนเว็บไซต์/)
      const unchecked = await createLinkEvidence(
        c.actor,
        { url: 'https://www.example.go.th/contact', title: 'หน้าติดต่อ' },
        { domains: [] },
      )
      const noSnapshot = await refusal(() =>
        draftClarification(
          c.actor,
          c.membership,
          catalogId,
          'O1',
          { text: 'ชี้แจง', evidenceIds: [unchecked.id] },
          duringWindow,
        ),
      )
      expect(noSnapshot.fieldErrors.evidenceIds).toMatch(/ยังไม่มีสำเนาหน้าเว็บ/)
      const empty = await refusal(() =>
        draftClarification(c.actor, c.membership, catalogId, 'O1', { text: ' ', evidenceIds: [] }, duringWindow),
      )
      expect(Object.keys(empty.fieldErrors).sort()).toEqual(['evidenceIds', 'text'])
      const passed = await refusal(() =>
        draftClarification(
          c.actor,
          c.membership,
          catalogId,
          'O2',
          { text: 'ชี้แจง', evidenceIds: [published] },
          duringWindow,
        ),
      )
      expect(passed.message).toMatch(/ผ่านในผลเบื้องต้นแล้ว ไม่ต้องชี้แจง/)
      expect((await getClarification(org.organization.id, catalogId, 'O1', duringWindow))!.clarification).toBeNull()
    },
  )

  it(
    'drafts with a snapshot reference, returns, redrafts and ' + 'approves; refuses drafting after the deadline',
    async () => {
      const c = who.coordinator!
      const a = who.assessor!
      let clarification = await draftClarification(
        c.actor,
        c.membership,
        catalogId,
        'O1',
        { text: 'แผนผังเผยแพร่แล้วตั้งแต่ 20 พ.ค.', evidenceIds: [published] },
        duringWindow,
      )
      expect(clarification).toMatchObject({ status: 'draft', draftedByName: c.actor.userName })
      expect(clarification.references).toEqual([
        {
          evidenceId: published,
          title: 'แผนผังโครงสร้างบนเว็บไซต์',
          url: 'https://www.example.go.th/structure',
          snapshotIndex: 0,
          fetchedAt: '2026-05-20T02:30:00.000Z',
        },
      ])
      expect((await rows()).find((r) => r.itemCode === 'O1')!.clarificationStatus).toBe('draft')

      expect(
        (await refusal(() => returnClarification(a.actor, a.membership, catalogId, 'O1', { comment: '' }))).fieldErrors
          .comment,
      ).toBeTruthy()
      expect((await refusal(() => approveClarification(c.actor, c.membership, catalogId, 'O1'))).status).toBe(403)
      clarification = await returnClarification(a.actor, a.membership, catalogId, 'O1', {
        comment: 'ระบุ URL ของหน้าให้ชัด',
      })
      expect(clarification).toMatchObject({
        status: 'returned',
        decisionComment: 'ระบุ URL ของหน้าให้ชัด',
        decidedByName: a.actor.userName,
      })
      expect((await refusal(() => approveClarification(a.actor, a.membership, catalogId, 'O1'))).status).toBe(409)

      clarification = await draftClarification(
        c.actor,
        c.membership,
        catalogId,
        'O1',
        { text: 'แผนผังอยู่ที่ https://www.example.go.th/structure', evidenceIds: [published] },
        duringWindow,
      )
      expect(clarification.status).toBe('draft')
      // the deadline: after the window's last day, drafting is refused and nothing changes
      const late = await refusal(() =>
        draftClarification(
          c.actor,
          c.membership,
          catalogId,
          'O1',
          { text: 'แก้ไขหลังกำหนด', evidenceIds: [published] },
          afterWindow,
        ),
      )
      expect(late.status).toBe(409)
      expect(late.message).toMatch(/ร่างคำชี้แจงไม่ได้: ช่วงชี้แจงเพิ่มเติมสิ้นสุดเมื่อ 15 มิถุนายน 2569 แล้ว/)
      expect((await getClarification(org.organization.id, catalogId, 'O1'))!.clarification!.text).toBe(
        'แผนผังอยู่ที่ https://www.example.go.th/structure',
      )

      clarification = await approveClarification(a.actor, a.membership, catalogId, 'O1', { comment: 'ครบถ้วน' })
      expect(clarification).toMatchObject({ status: 'approved', decidedByName: a.actor.userName })
      expect(
        (
          await refusal(() =>
            draftClarification(
              c.actor,
              c.membership,
              catalogId,
              'O1',
              { text: 'อีกครั้ง', evidenceIds: [published] },
              duringWindow,
            ),
          )
        ).status,
      ).toBe(409)
      const { events } = await listAuditEvents(org.organization.id, { targetType: 'clarification' })
      expect(
        events
          .filter((e) => e.targetLabel === 'ita-nacc-2569 O1')
          .map((e) => e.action)
          .reverse(),
      ).toEqual(['clarification.draft', 'clarification.return', 'clarification.draft', 'clarification.approve'])
    },
  )

  it('lets exactly one of two simultaneous approvals win', async () => {
    const c = who.coordinator!
    const a = who.assessor!
    const second = { ...a.actor, userName: 'ผู้ตรวจคนที่สอง' }
    // several rounds, since a race lost by chance proves nothing
    for (let round = 0; round < 4; round++) {
      await draftClarification(
        c.actor,
        c.membership,
        catalogId,
        'O3',
        { text: `รอบ ${round}`, evidenceIds: [published] },
        duringWindow,
      )
      const results = await Promise.allSettled([
        round < 3
          ? returnClarification(a.actor, a.membership, catalogId, 'O3', { comment: `ก ${round}` })
          : approveClarification(a.actor, a.membership, catalogId, 'O3'),
        round < 3
          ? returnClarification(second, a.membership, catalogId, 'O3', { comment: `ข ${round}` })
          : approveClarification(second, a.membership, catalogId, 'O3'),
      ])
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
      const lost = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      expect(lost.reason).toBeInstanceOf(AppError)
      expect((lost.reason as AppError).status).toBe(409)
    }
    expect((await getClarification(org.organization.id, catalogId, 'O3'))!.clarification!.status).toBe('approved')
    const { events } = await listAuditEvents(org.organization.id, { targetType: 'clarification' })
    const mine = events.filter((e) => e.targetLabel === 'ita-nacc-2569 O3').map((e) => e.action)
    expect(mine.filter((x) => x === 'clarification.approve')).toHaveLength(1)
    expect(mine.filter((x) => x === 'clarification.return')).toHaveLength(3)
  })

  it('is not found from another organization', async () => {
    const other = await createTestOrg('clarify-other')
    expect(await getClarification(other.organization.id, catalogId, 'O1')).toBeNull()
    expect(await listClarifications(other.organization.id, catalogId)).toBeNull()
    const m: MembershipGrant = { organizationId: other.organization.id, role: 'admin', unitIds: [], active: true }
    expect(
      (
        await refusal(() =>
          importPreliminaryResults({ ...other.actor, userName: 'x' }, m, catalogId, 'code,result\nO1,ผ่าน\n'),
        )
      ).status,
    ).toBe(404)
    expect((await rows()).find((r) => r.itemCode === 'O1')!.result).toBe('not-passed')
  })
})

describe('the inbox during the clarification round', () => {
  const codes = async (w: Who, now: Date) =>
    (
      await getInbox(
        org.organization.id,
        { role: w.membership.role, userId: w.actor.userId!, unitIds: w.membership.unitIds },
        now,
      )
    ).clarify.map((i) => i.itemCode)

  it("lists a failed criterion for its unit's coordinator until drafted, then the draft for assessors", async () => {
    await assignItems(org.actor, { catalogId, itemCodes: ['O4'], unitIds: [org.units[0].id], dueDate: '2026-03-31' })
    // read (and kept) before each write below: every write shows at the next read
    expect(await codes(who.coordinator!, duringWindow)).not.toContain('O4')
    await recordPreliminaryResult(who.admin!.actor, who.admin!.membership, catalogId, {
      itemCode: 'O4',
      result: 'not-passed',
      comment: 'ไม่พบข้อมูล',
    })
    expect(await codes(who.coordinator!, duringWindow)).toContain('O4')
    expect(await codes(who.outsider!, duringWindow)).not.toContain('O4')
    expect(await codes(who.coordinator!, afterWindow)).not.toContain('O4')
    expect(await codes(who.assessor!, duringWindow)).not.toContain('O4')
    await draftClarification(
      who.coordinator!.actor,
      who.coordinator!.membership,
      catalogId,
      'O4',
      { text: 'ชี้แจงพร้อมลิงก์', evidenceIds: [published] },
      duringWindow,
    )
    expect(await codes(who.coordinator!, duringWindow)).not.toContain('O4')
    expect(await codes(who.assessor!, duringWindow)).toContain('O4')
    const entry = (
      await getInbox(
        org.organization.id,
        { role: 'assessor', userId: who.assessor!.actor.userId!, unitIds: [] },
        duringWindow,
      )
    ).clarify.find((i) => i.itemCode === 'O4')!
    expect(entry.dueDate).toBe(new Date('2026-06-15T00:00:00+07:00').toISOString())
  })
})
