import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditFilterFromUrl } from '#app/utils/audit-filter.server'
import { assignItems, listAssignments } from '#models/work/assignment.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { startFromBuiltIn } from '#models/catalog/catalog.server'
import { parseCompletenessFilters } from '#models/reporting/completeness.server'
import { bangkokDayValue } from '#models/dates'
import { createTextEvidence, getEvidence, updateEvidenceMetadata } from '#models/evidence/records.server'
import { getCalendar, saveCalendar } from '#models/work/calendar.server'
import type { TestOrg } from '#test/support/fixtures'
import { provide, release } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

// dates are relative to today: the server refuses any more than five years away
const ce = Number(bangkokDayValue(new Date()).slice(0, 4))
const be = ce + 543

let org: TestOrg
let ita: string
let kpi: string
beforeAll(async () => {
  ;({ org } = await provide({ org: 'dates' }))
  ita = (await startFromBuiltIn(org.actor, 'ita-nacc-2569')).id
  kpi = (await startFromBuiltIn(org.actor, 'kpi-agreement-integrity-template')).id
})
afterAll(release)

async function assignmentAudits() {
  return (await listAuditEvents(org.organization.id, { targetType: 'assignment' })).total
}

describe('every date field reads Buddhist-era dates and refuses one far from today, naming the field', () => {
  it('stores a due date typed in the Buddhist era as that day', async () => {
    await assignItems(org.actor, {
      catalogId: ita,
      itemCodes: ['O1'],
      unitIds: [org.units[0].id],
      dueDate: `31/01/${be + 1}`,
    })
    const [a] = await listAssignments(org.organization.id, ita)
    expect(a.dueDate).toBe(new Date(`${ce + 1}-01-31T00:00:00+07:00`).toISOString())
  })

  it('refuses a due date 543 years ahead (a BE year read as CE), and one six years ahead; nothing saved', async () => {
    const before = [await listAssignments(org.organization.id, ita), await assignmentAudits()]
    const slip = await refusal(() =>
      assignItems(org.actor, {
        catalogId: ita,
        itemCodes: ['O2'],
        unitIds: [org.units[0].id],
        dueDate: `31/01/${be + 1 + 543}`,
      }),
    )
    expect(slip.fieldErrors.dueDate).toMatch(/^กำหนดส่ง: ปี \d{4} ไม่ถูกต้อง.* \/ due date: year \d{4} is not valid/)
    const far = await refusal(() =>
      assignItems(org.actor, {
        catalogId: ita,
        itemCodes: ['O2'],
        unitIds: [org.units[0].id],
        dueDate: `31 ม.ค. ${be + 6}`,
      }),
    )
    expect(far.fieldErrors.dueDate).toMatch(
      new RegExp(
        `^กำหนดส่ง: 31 ม\\.ค\\. ${be + 6} อยู่ห่างจากวันนี้เกิน 5 ปี .* / due date: 31 Jan ${be + 6} BE is more than ` +
          `5 years from today`,
      ),
    )
    expect([await listAssignments(org.organization.id, ita), await assignmentAudits()]).toEqual(before)
  })

  it('names the reporting round of a per-round due date it refuses', async () => {
    const r = await refusal(() =>
      assignItems(org.actor, {
        catalogId: kpi,
        itemCodes: ['7.1'],
        unitIds: [org.units[0].id],
        dueDates: [
          { round: '6', dueDate: `31/03/${be}` },
          { round: '9', dueDate: `30/06/${be + 543}` },
          { round: '12', dueDate: `30/09/${be}` },
        ],
      }),
    )
    expect(r.fieldErrors['dueDate.9']).toMatch(
      /^กำหนดส่งรอบ 9 เดือน: ปี \d{4} ไม่ถูกต้อง.* \/ due date of the 9-month round: year \d{4} is not valid/,
    )
    expect(await listAssignments(org.organization.id, kpi)).toEqual([])
  })

  it(
    'refuses a round calendar date or a unit deadline far from today, naming the phase or the unit; the round ' +
      'is unchanged',
    async () => {
      const fiscalYear = be
      await saveCalendar(org.actor, {
        fiscalYear,
        phases: [{ kind: 'preparation', startsOn: `1 ต.ค. ${be - 1}`, endsOn: `31/3/${String(be).slice(2)}` }],
      })
      const before = await getCalendar(org.organization.id, fiscalYear)
      expect(before.phases[0]).toEqual({
        kind: 'preparation',
        startsOn: new Date(`${ce - 1}-10-01T00:00:00+07:00`).toISOString(),
        endsOn: new Date(`${ce}-03-31T00:00:00+07:00`).toISOString(),
      })
      const phase = await refusal(() =>
        saveCalendar(org.actor, {
          fiscalYear,
          phases: [{ kind: 'preparation', startsOn: `1/10/${be - 1}`, endsOn: `31/03/${be + 543}` }],
        }),
      )
      expect(phase.fieldErrors['phases.0.endsOn']).toMatch(
        /^เตรียมการภายในหน่วยงาน วันสิ้นสุด: .* \/ internal preparation, end: year/,
      )
      const unit = await refusal(() =>
        saveCalendar(org.actor, {
          fiscalYear,
          phases: [],
          unitDeadlines: [{ unitId: org.units[1].id, dueDate: `15/03/${be + 6}` }],
        }),
      )
      expect(unit.fieldErrors['unitDeadlines.0.dueDate']).toMatch(
        new RegExp(`^กำหนดส่งของหน่วย ${org.units[1].nameTh}: 15 มี\\.ค\\. ${be + 6} อยู่ห่างจากวันนี้เกิน 5 ปี`),
      )
      expect(await getCalendar(org.organization.id, fiscalYear)).toEqual(before)
    },
  )

  it('refuses an evidence document date far from today, naming it; the evidence is unchanged', async () => {
    const e = await createTextEvidence(org.actor, { title: 'คำสั่งแต่งตั้ง', html: '<p>คำสั่ง</p>' })
    await updateEvidenceMetadata(org.actor, e.id, { title: 'คำสั่งแต่งตั้ง', documentDate: `15 มีนาคม ${be}` })
    const before = await getEvidence(org.organization.id, e.id)
    expect(before!.documentDate).toBe(new Date(`${ce}-03-15T00:00:00+07:00`).toISOString())
    const r = await refusal(() =>
      updateEvidenceMetadata(org.actor, e.id, { title: 'คำสั่งแต่งตั้ง', documentDate: `15/03/${be + 543}` }),
    )
    expect(r.fieldErrors.documentDate).toMatch(/^วันที่ของเอกสาร: ปี \d{4} ไม่ถูกต้อง.* \/ document date: year/)
    expect(await getEvidence(org.organization.id, e.id)).toEqual(before)
  })

  it(
    'takes the date of an old document still in force (a law of ' + '2540), and refuses one more than 5 years ahead',
    async () => {
      const e = await createTextEvidence(org.actor, { title: 'พระราชบัญญัติข้อมูลข่าวสารของราชการ', html: '<p>พ.ร.บ.</p>' })
      await updateEvidenceMetadata(org.actor, e.id, {
        title: 'พระราชบัญญัติข้อมูลข่าวสารของราชการ',
        documentDate: '2 กันยายน 2540',
      })
      expect((await getEvidence(org.organization.id, e.id))!.documentDate).toBe(
        new Date('1997-09-02T00:00:00+07:00').toISOString(),
      )
      const r = await refusal(() =>
        updateEvidenceMetadata(org.actor, e.id, {
          title: 'พระราชบัญญัติข้อมูลข่าวสารของราชการ',
          documentDate: `15/03/${be + 6}`,
        }),
      )
      expect(r.fieldErrors.documentDate).toMatch(/อยู่ห่างจากวันนี้เกิน 5 ปี/)
    },
  )

  it('refuses filter dates far from today naming the filter (the screens show it instead of failing)', () => {
    const cmp = (() => {
      try {
        parseCompletenessFilters(new URLSearchParams(`dueFrom=1/1/${be + 543}`))
      } catch (error) {
        return error as { fieldErrors: Record<string, string> }
      }
    })()
    expect(cmp?.fieldErrors.dueFrom).toMatch(/^กำหนดส่งตั้งแต่: ปี .* \/ due from: year/)
    expect(parseCompletenessFilters(new URLSearchParams(`dueFrom=1/1/${String(be).slice(2)}`)).dueFrom).toBe(
      `${ce}-01-01`,
    )
    expect(() => auditFilterFromUrl(new URL(`http://127.0.0.1/admin/audit?to=31/12/${be + 6}`))).toThrow(
      /ช่วงวันที่ \(ถึง\): 31 ธ\.ค\. \d{4} อยู่ห่างจากวันนี้เกิน 5 ปี/,
    )
    expect(auditFilterFromUrl(new URL(`http://127.0.0.1/admin/audit?from=1 ม.ค. ${be}`)).from).toEqual(
      new Date(`${ce}-01-01T00:00:00+07:00`),
    )
  })
})
