/**
 * Several units, one answer: two units contribute evidence to one criterion, the lead unit's
 * coordinator chooses the answer, and the submission counts only what was chosen. Real
 * MongoDB-protocol server, no mocks.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignItems } from '#models/work/assignment.server'
import { listAuditEvents, type Actor } from '#models/tenancy/audit.server'
import { answerEvidenceIds, attributeLink, contributeEvidence, setLeadUnit } from '#models/work/contribution.server'
import {
  createTextEvidence,
  deleteEvidence,
  getEvidence,
  linkEvidence,
  updateEvidenceMetadata,
} from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import type { MembershipGrant } from '#models/tenancy/permissions'
import { chooseAnswer, getItemReview, resetAnswer, submitItem } from '#models/work/review.server'
import { addPerson } from '#models/tenancy/user.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorOf, actorsOf, provide, publishAndAssign, release } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

let org: TestOrg
let catalogId: string
let finance: { actor: Actor; membership: MembershipGrant }
let pr: { actor: Actor; membership: MembershipGrant }
let admin: { actor: Actor; membership: MembershipGrant }

const grant = (org: TestOrg, role: MembershipGrant['role'], unitIds: string[]): MembershipGrant => ({
  organizationId: org.organization.id,
  role,
  unitIds,
  active: true,
})

beforeAll(async () => {
  ;({ org } = await provide({ org: 'contrib' }))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569')).id
  // O1 is shared by both units; the first (finance) leads unless an administrator says otherwise
  await assignItems(org.actor, {
    catalogId,
    itemCodes: ['O1'],
    unitIds: [org.units[0].id, org.units[1].id],
    dueDate: '2026-03-31',
  })
  const prPerson = await addPerson(org.actor, {
    email: `pr-${org.people.coordinator.email}`,
    nameTh: 'ผู้ประสาน ประชาสัมพันธ์',
    role: 'coordinator',
    unitIds: [org.units[1].id],
  })
  finance = { actor: actorsOf(org).coordinator, membership: grant(org, 'coordinator', [org.units[0].id]) }
  pr = { actor: actorOf(org, prPerson), membership: grant(org, 'coordinator', [org.units[1].id]) }
  admin = { actor: actorsOf(org).admin, membership: grant(org, 'admin', []) }
})
afterAll(release)

async function contribute(who: typeof finance, unitId: string, elementId: string, title: string): Promise<string> {
  const e = await createTextEvidence(who.actor, { title, html: `<p>${title}</p>` })
  await contributeEvidence(who.actor, who.membership, catalogId, 'O1', { evidenceId: e.id, elementId, unitId })
  return e.id
}

const item = async () => (await getItemReview(org.organization.id, catalogId, 'O1'))!
const evidenceOf = async (id: string) => (await item()).elements.flatMap((e) => e.evidence).find((x) => x.id === id)!

describe('contributions of several units to one criterion', () => {
  let financeIds: string[]
  let prE1: string

  it('records which unit contributed each evidence, and shows the lead unit', async () => {
    financeIds = []
    for (const elementId of ['e1', 'e2', 'e3', 'link'])
      financeIds.push(await contribute(finance, org.units[0].id, elementId, `กองคลัง ${elementId}`))
    prE1 = await contribute(pr, org.units[1].id, 'e1', 'ประชาสัมพันธ์ e1')
    const now = await item()
    expect(now.lead).toMatchObject({ unitId: org.units[0].id, explicit: false })
    expect(now.units.map((u) => u.id)).toEqual([org.units[0].id, org.units[1].id])
    expect(now.selectionMade).toBe(false)
    expect(await answerEvidenceIds(org.organization.id, catalogId, 'O1')).toBeNull()
    const e1 = now.elements.find((e) => e.id === 'e1')!
    expect(e1.evidence.map((x) => [x.title, x.contribution.unitId, x.contribution.byName, x.inAnswer])).toEqual(
      expect.arrayContaining([
        ['กองคลัง e1', org.units[0].id, finance.actor.userName, true],
        ['ประชาสัมพันธ์ e1', org.units[1].id, pr.actor.userName, true],
      ]),
    )
    // a coordinator cannot contribute on behalf of a unit they do not belong to
    const other = await createTextEvidence(pr.actor, { title: 'แอบอ้าง', html: '<p>x</p>' })
    const refused = await refusal(() =>
      contributeEvidence(pr.actor, pr.membership, catalogId, 'O1', {
        evidenceId: other.id,
        elementId: 'e2',
        unitId: org.units[0].id,
      }),
    )
    expect(refused.status).toBe(403)
    expect((await item()).elements.find((e) => e.id === 'e2')!.evidence.map((x) => x.title)).toEqual(['กองคลัง e2'])
  })

  it('counts only the chosen evidence at submission; what is left out stays listed with its author', async () => {
    // the first choice starts from everything linked: leaving finance's e1 out keeps PR's e1 in
    await chooseAnswer(finance.actor, finance.membership, catalogId, 'O1', financeIds[0], false)
    expect((await answerEvidenceIds(org.organization.id, catalogId, 'O1'))!.sort()).toEqual(
      [prE1, ...financeIds.slice(1)].sort(),
    )
    const left = await evidenceOf(financeIds[0])
    expect(left).toMatchObject({
      inAnswer: false,
      contribution: {
        unitId: org.units[0].id,
        byName: finance.actor.userName,
        choice: { selected: false, byName: finance.actor.userName },
      },
    })

    // leaving out the only evidence of e2 makes the submission fall short there, and only there
    await chooseAnswer(finance.actor, finance.membership, catalogId, 'O1', financeIds[1], false)
    let now = await item()
    expect(now.selectionMade).toBe(true)
    expect(now.elements.map((e) => [e.id, e.evidence.length, e.answerCount, e.short])).toEqual([
      ['e1', 2, 1, false],
      ['e2', 1, 0, true],
      ['e3', 1, 1, false],
      ['link', 1, 1, false],
    ])
    const refused = await refusal(() => submitItem(finance.actor, catalogId, 'O1'))
    expect(refused.status).toBe(400)
    expect(refused.message).toMatch(/หลักฐานยังไม่ครบในองค์ประกอบ e2 "[^"]*" \(มี 0 จาก 1\) \/ cannot submit/)
    expect(refused.message).not.toMatch(/e1 "|e3 "|link "/)

    await chooseAnswer(finance.actor, finance.membership, catalogId, 'O1', financeIds[1], true)
    await submitItem(finance.actor, catalogId, 'O1', { comment: 'คำตอบของหน่วยงาน' })
    now = (await getItemReview(org.organization.id, catalogId, 'O1'))!
    expect(now.status).toBe('submitted')
    expect((await answerEvidenceIds(org.organization.id, catalogId, 'O1'))!.sort()).toEqual(
      [prE1, ...financeIds.slice(1)].sort(),
    )
    // what was left out is still listed, greyed, with its author
    expect(
      now.elements.find((e) => e.id === 'e1')!.evidence.map((x) => [x.title, x.inAnswer, x.contribution.byName]),
    ).toEqual(
      expect.arrayContaining([
        ['กองคลัง e1', false, finance.actor.userName],
        ['ประชาสัมพันธ์ e1', true, pr.actor.userName],
      ]),
    )

    // once submitted, the answer is frozen
    expect(
      (await refusal(() => chooseAnswer(finance.actor, finance.membership, catalogId, 'O1', financeIds[0], true)))
        .status,
    ).toBe(409)
    expect((await evidenceOf(financeIds[0])).inAnswer).toBe(false)
    // only the answer's evidence is frozen: what the lead left out may still change
    await updateEvidenceMetadata(
      finance.actor,
      financeIds[0],
      { title: 'กองคลัง e1 (ไม่ได้ใช้)' },
      { membership: finance.membership },
    )
    const frozen = await refusal(() => deleteEvidence(pr.actor, prE1, 30, { membership: pr.membership }))
    expect(frozen.status).toBe(409)
    expect(frozen.message).toMatch(/ลบหลักฐานนี้ไม่ได้: เป็นคำตอบของข้อ O1 ".+".*ส่งตรวจแล้ว/)
    expect((await getEvidence(org.organization.id, prE1))!.deletedAt).toBeNull()

    const { events } = await listAuditEvents(org.organization.id, { targetType: 'review' })
    const choices = events.filter((e) => e.action.startsWith('answer.')).reverse()
    expect(choices.map((e) => [e.action, e.actorName, e.targetId])).toEqual([
      ['answer.deselect', finance.actor.userName, financeIds[0]],
      ['answer.deselect', finance.actor.userName, financeIds[1]],
      ['answer.select', finance.actor.userName, financeIds[1]],
    ])
    expect(choices[0].changes).toMatchObject({
      inAnswer: { before: true, after: false },
      selectionStarted: { before: 'all linked evidence', after: 5 },
    })
  })

  it('lets only the lead unit choose; an administrator may name another lead', async () => {
    const catalog = await publishAndAssign(org, 'ita-nacc-2568', {
      itemCodes: ['O1'],
      unitIds: [org.units[0].id, org.units[1].id],
      dueDate: '2025-03-31',
    })
    const first = (await getItemReview(org.organization.id, catalog.id, 'O1'))!.elements[0].id
    const e = await createTextEvidence(pr.actor, { title: 'ประชาสัมพันธ์ 2568', html: '<p>x</p>' })
    await contributeEvidence(pr.actor, pr.membership, catalog.id, 'O1', {
      evidenceId: e.id,
      elementId: first,
      unitId: org.units[1].id,
    })

    const notLead = await refusal(() => chooseAnswer(pr.actor, pr.membership, catalog.id, 'O1', e.id, true))
    expect(notLead.status).toBe(403)
    expect(await answerEvidenceIds(org.organization.id, catalog.id, 'O1')).toBeNull()
    expect(
      (await refusal(() => setLeadUnit(finance.actor, finance.membership, catalog.id, 'O1', org.units[1].id))).status,
    ).toBe(403)
    const notAssigned = await refusal(() =>
      setLeadUnit(admin.actor, admin.membership, catalog.id, 'O1', org.organization.id),
    )
    expect(notAssigned.fieldErrors.leadUnitId).toBeTruthy()

    await setLeadUnit(admin.actor, admin.membership, catalog.id, 'O1', org.units[1].id)
    const led = (await getItemReview(org.organization.id, catalog.id, 'O1'))!
    expect(led.lead).toMatchObject({ unitId: org.units[1].id, explicit: true, byName: admin.actor.userName })
    expect(led.units[0].id).toBe(org.units[1].id)
    await chooseAnswer(pr.actor, pr.membership, catalog.id, 'O1', e.id, true)
    expect(await answerEvidenceIds(org.organization.id, catalog.id, 'O1')).toEqual([e.id])
    expect(
      (await refusal(() => chooseAnswer(finance.actor, finance.membership, catalog.id, 'O1', e.id, false))).status,
    ).toBe(403)
    // clearing the selection brings back "all linked evidence counts"
    await resetAnswer(pr.actor, pr.membership, catalog.id, 'O1')
    expect(await answerEvidenceIds(org.organization.id, catalog.id, 'O1')).toBeNull()
    expect((await getItemReview(org.organization.id, catalog.id, 'O1'))!.selectionMade).toBe(false)
  })
})

describe('links made on the evidence page', () => {
  it("count as the coordinator's unit's contribution when exactly one of their units is assigned", async () => {
    await assignItems(org.actor, {
      catalogId,
      itemCodes: ['O2'],
      unitIds: [org.units[0].id, org.units[1].id],
      dueDate: '2026-03-31',
    })
    const viaPage = async (who: typeof finance, title: string) => {
      const e = await createTextEvidence(who.actor, { title, html: `<p>${title}</p>` })
      const target = { catalogId, itemCode: 'O2', elementId: 'e1' }
      await linkEvidence(who.actor, e.id, target, { resolveTarget: resolveOrganizationTarget })
      await attributeLink(who.actor, who.membership, target, e.id)
      return e.id
    }
    const prLinked = await viaPage(pr, 'ประชาสัมพันธ์ลิงก์จากหน้าหลักฐาน')
    // a coordinator of both units: which unit is meant is not known, so nothing is recorded
    const both = { actor: finance.actor, membership: grant(org, 'coordinator', [org.units[0].id, org.units[1].id]) }
    const bothLinked = await viaPage(both, 'ผู้ประสานสองหน่วย')
    const o2 = (await getItemReview(org.organization.id, catalogId, 'O2'))!.elements.find(
      (e) => e.id === 'e1',
    )!.evidence
    expect(o2.find((x) => x.id === prLinked)!.contribution).toMatchObject({
      unitId: org.units[1].id,
      source: 'recorded',
      byName: pr.actor.userName,
    })
    expect(o2.find((x) => x.id === bothLinked)!.contribution).toMatchObject({ unitId: null, source: 'unknown' })
  })
})
