/**
 * The review cycle in Chromium: the coordinator is refused while an element lacks evidence
 * (the element is named), submits once it has some, the assessor ticks and returns it with a
 * comment, the coordinator sees the comment at the top, answers and resubmits, and the assessor
 * approves; the approval shows who and when. An executive may read but not decide, and a
 * coordinator of another unit may read but not submit (403, nothing changes).
 * Where two units share an item, the other unit contributes from the library on the item page,
 * and the lead unit leaves one evidence out of the answer with the keyboard before submitting.
 * A KPI takes evidence from the evidence page's picker like a criterion and is submitted; its
 * answer's evidence is then frozen (the page says so and offers no deletion).
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import { assignItems } from '#models/work/assignment.server'
import { createLinkEvidence, createTextEvidence, linkEvidence } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { addPerson, setPassword } from '#models/tenancy/user.server'
import { getItemReview } from '#models/work/review.server'
import { answerEvidenceIds } from '#models/work/contribution.server'
import { type BrowserSession, hydrated, open, signedInPage, submit, textBecomes } from '#test/support/browser'
import { TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { provideE2e } from '#test/support/e2e-db'
import { actorsOf, publishAndAssign, release } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg
let catalogId: string
let otherUnitEmail: string
let otherUnitLibraryTitle: string

async function link(itemCode: string, elementId: string, kind: 'text' | 'link' = 'text') {
  const actor = actorsOf(org).coordinator
  const e =
    kind === 'link'
      ? await createLinkEvidence(actor, {
          url: `https://example.go.th/${itemCode}/${elementId}`,
          title: `เว็บไซต์ ${itemCode}`,
        })
      : await createTextEvidence(actor, { title: `หลักฐาน ${itemCode} ${elementId}`, html: `<p>${elementId}</p>` })
  await linkEvidence(actor, e.id, { catalogId, itemCode, elementId }, { resolveTarget: resolveOrganizationTarget })
}

beforeAll(async () => {
  ;({ org, session } = await provideE2e('review-e2e'))
  catalogId = (await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'] })).id
  // every element but the link has its evidence
  await link('O1', 'e1')
  await link('O1', 'e2')
  await link('O1', 'e3')
  // a coordinator of the organization's other unit, to which O1 is not assigned
  otherUnitEmail = `other-unit-${org.people.coordinator.email}`
  const other = await addPerson(org.actor, {
    email: otherUnitEmail,
    nameTh: 'ผู้ประสาน หน่วยอื่น',
    role: 'coordinator',
    unitIds: [org.units[1].id],
  })
  await setPassword(org.actor, other.id, TEST_PASSWORD)
  // O2 is shared by both units: finance (first, the lead) links its evidence; PR has one in the library
  await assignItems(org.actor, {
    catalogId,
    itemCodes: ['O2'],
    unitIds: [org.units[0].id, org.units[1].id],
    dueDate: '2026-03-31',
  })
  for (const e of ['e1', 'e2', 'link']) await link('O2', e)
  otherUnitLibraryTitle = 'ผู้บริหารตามคำสั่งล่าสุด (ประชาสัมพันธ์)'
  await createTextEvidence(
    { ...org.actor, userId: other.id, userName: 'ผู้ประสาน หน่วยอื่น' },
    { title: otherUnitLibraryTitle, html: '<p>x</p>' },
  )
})
afterAll(release)

const pageAs = (role: 'coordinator' | 'assessor' | 'executive') => signedInPage(session, baseUrl, org.people[role])

const status = (page: Page) => page.getByTestId('review-status').textContent()
/** Waits for the item page to show this review status. */
const statusBecomes = (page: Page, status: string) => textBecomes(page.getByTestId('review-status'), status)

describe('item review in Chromium', () => {
  it(
    'coordinator submits, assessor returns with a comment, ' + 'coordinator fixes and resubmits, assessor approves',
    async () => {
      const coordinator = await pageAs('coordinator')
      await coordinator.goto(`${baseUrl}/my-work`)
      await coordinator.getByRole('link', { name: /^O1 / }).click()
      await coordinator.waitForURL(`${baseUrl}/items/${catalogId}/O1`)
      await coordinator.getByRole('heading', { name: /^O1 / }).waitFor()
      await expect(status(coordinator)).resolves.toBe('กำลังดำเนินการ')
      await expect(coordinator.locator('[data-element=link]').textContent()).resolves.toContain('หลักฐานยังไม่ครบ')

      // refused, naming the element short of evidence
      await coordinator.getByRole('button', { name: 'ส่งตรวจ', exact: true }).click()
      const refusal = coordinator.getByRole('alert').filter({ hasText: 'ส่งตรวจไม่ได้' })
      await refusal.waitFor()
      await expect(refusal.textContent()).resolves.toMatch(/หลักฐานยังไม่ครบในองค์ประกอบ link "ลิงก์ \(URL\)/)
      await expect(status(coordinator)).resolves.toBe('กำลังดำเนินการ')

      await link('O1', 'link', 'link')
      // a coordinator of another unit reads the item but cannot submit it: 403 and nothing changes
      const outsider = await signedInPage(session, baseUrl, { email: otherUnitEmail })
      await outsider.goto(`${baseUrl}/items/${catalogId}/O1`)
      await outsider.getByRole('heading', { name: /^O1 / }).waitFor()
      expect(await outsider.getByRole('button', { name: 'ส่งตรวจ', exact: true }).count()).toBe(0)
      const unchanged = await getItemReview(org.organization.id, catalogId, 'O1')
      for (const intent of ['submit', 'comment']) {
        const response = await outsider.request.post(`${baseUrl}/items/${catalogId}/O1`, {
          form: { intent, comment: 'x', text: 'x' },
          headers: { Origin: baseUrl },
        })
        expect(response.status(), intent).toBe(403)
      }
      expect(await getItemReview(org.organization.id, catalogId, 'O1')).toEqual(unchanged)
      await outsider.context().close()

      await coordinator.reload()
      await submit(coordinator, async () => {
        await coordinator.getByLabel('ความเห็นถึงผู้ตรวจประเมิน (ไม่บังคับ)').fill('พร้อมให้ตรวจ')
        await coordinator.getByRole('button', { name: 'ส่งตรวจ', exact: true }).click()
      })
      await statusBecomes(coordinator, 'ส่งตรวจแล้ว')

      // an executive reads, but cannot decide: 403 and nothing changes
      const executive = await pageAs('executive')
      await executive.goto(`${baseUrl}/items/${catalogId}/O1`)
      await expect(status(executive)).resolves.toBe('ส่งตรวจแล้ว')
      expect(await executive.getByRole('button', { name: 'อนุมัติ' }).count()).toBe(0)
      const before = await getItemReview(org.organization.id, catalogId, 'O1')
      for (const intent of ['approve', 'return', 'comment', 'submit']) {
        const response = await executive.request.post(`${baseUrl}/items/${catalogId}/O1`, {
          form: { intent, comment: 'x', text: 'x', reason: 'x', 'tick.e1': 'on' },
          headers: { Origin: baseUrl },
        })
        expect(response.status(), intent).toBe(403)
      }
      expect(await getItemReview(org.organization.id, catalogId, 'O1')).toEqual(before)
      await executive.context().close()

      // the assessor finds it in the list, ticks some elements and returns it with a comment
      const assessor = await pageAs('assessor')
      await assessor.getByRole('link', { name: 'ตรวจประเมิน' }).click()
      await assessor.getByTestId('review-row').filter({ hasText: 'O1' }).getByRole('link').click()
      await assessor.waitForURL(`${baseUrl}/items/${catalogId}/O1`)
      await assessor.getByRole('heading', { name: /^O1 / }).waitFor()
      // the evidence is listed in place, and opens beside the ticks: the assessor never leaves the form
      await hydrated(assessor)
      await assessor.locator('[data-element=e1]').getByRole('button', { name: 'ดูหลักฐาน: หลักฐาน O1 e1' }).click()
      await textBecomes(assessor.getByTestId('preview-title'), 'หลักฐาน O1 e1')
      await textBecomes(assessor.getByTestId('preview-text'), 'e1')
      await assessor.locator('[data-element=link]').getByRole('button', { name: 'ดูหลักฐาน: เว็บไซต์ O1' }).click()
      await textBecomes(assessor.getByTestId('preview-link'), /https:\/\/example\.go\.th\/O1\/link/)
      expect(assessor.url()).toBe(`${baseUrl}/items/${catalogId}/O1`)
      await expect(assessor.getByTestId('comment').first().textContent()).resolves.toContain('พร้อมให้ตรวจ')
      await submit(assessor, async () => {
        await assessor.getByLabel('ครบถ้วน: e1').check()
        await assessor.getByLabel('หมายเหตุ (e1)').fill('แผนผังชัดเจน')
        await assessor
          .getByLabel('ความเห็นถึงผู้ประสานงาน (จำเป็นเมื่อส่งกลับ)')
          .fill('กฎหมายจัดตั้งไม่ใช่ฉบับล่าสุด กรุณาแนบฉบับแก้ไขเพิ่มเติม')
        await assessor.getByRole('button', { name: 'ส่งกลับให้แก้ไข' }).click()
        await assessor.getByRole('dialog').getByRole('button', { name: 'ยืนยัน' }).click()
      })
      await statusBecomes(assessor, 'ส่งกลับให้แก้ไข')

      // the coordinator sees the comment at the top, answers, and resubmits
      await coordinator.reload()
      await expect(status(coordinator)).resolves.toBe('ส่งกลับให้แก้ไข')
      await expect(coordinator.getByTestId('returned-banner').textContent()).resolves.toContain('กฎหมายจัดตั้งไม่ใช่ฉบับล่าสุด')
      await expect(coordinator.locator('[data-element=e1]').textContent()).resolves.toMatch(/ผ่าน.*แผนผังชัดเจน/)
      await link('O1', 'e3')
      await coordinator.getByLabel('ความเห็น', { exact: true }).fill('แนบฉบับแก้ไขเพิ่มเติมแล้ว')
      await coordinator.getByRole('button', { name: 'ส่งความเห็น' }).click()
      await coordinator.getByTestId('comment').filter({ hasText: 'แนบฉบับแก้ไขเพิ่มเติมแล้ว' }).waitFor()
      await submit(coordinator, () => coordinator.getByRole('button', { name: 'ส่งตรวจ', exact: true }).click())
      await statusBecomes(coordinator, 'ส่งตรวจแล้ว')
      expect(await coordinator.getByTestId('returned-banner').count()).toBe(0)

      // the assessor first forgets a tick: refused with the element named, then approves
      await assessor.reload()
      await expect(assessor.getByTestId('comment').last().textContent()).resolves.toContain('ส่งตรวจ')
      await submit(assessor, () => assessor.getByRole('button', { name: 'อนุมัติ' }).click())
      await assessor.getByRole('alert').filter({ hasText: 'อนุมัติไม่ได้' }).waitFor()
      await expect(assessor.getByRole('alert').filter({ hasText: 'อนุมัติไม่ได้' }).textContent()).resolves.toMatch(
        /องค์ประกอบ e2, e3, link ยังไม่ได้ทำเครื่องหมาย/,
      )
      await submit(assessor, async () => {
        for (const e of ['e1', 'e2', 'e3', 'link']) await assessor.getByLabel(`ครบถ้วน: ${e}`).check()
        await assessor.getByRole('button', { name: 'อนุมัติ' }).click()
      })
      await statusBecomes(assessor, 'อนุมัติแล้ว')
      await expect(assessor.getByTestId('approved-banner').textContent()).resolves.toMatch(
        new RegExp(`อนุมัติโดย ${org.people.assessor.nameTh} เมื่อ .*25\\d\\d`),
      )

      await coordinator.goto(`${baseUrl}/my-work`)
      await coordinator.getByRole('heading', { name: 'งานของฉัน' }).waitFor()
      await expect(
        coordinator.getByTestId('work-item').filter({ hasText: 'O1 ' }).getByTestId('review-status').textContent(),
      ).resolves.toBe('อนุมัติแล้ว')
      await coordinator.context().close()
      await assessor.context().close()
    },
  )

  it(
    'several units contribute to one criterion; the lead unit leaves one out with the keyboard and submits the ' +
      'answer',
    async () => {
      // the other unit's coordinator contributes from the library, on the item page
      const pr = await signedInPage(session, baseUrl, { email: otherUnitEmail })
      await pr.goto(`${baseUrl}/items/${catalogId}/O2`)
      await expect(pr.getByTestId('lead-unit').textContent()).resolves.toContain(
        `${org.units[0].nameTh} (หน่วยแรกที่ได้รับมอบหมาย)`,
      )
      await expect(pr.getByTestId('answer-state').textContent()).resolves.toContain('ยังไม่ได้เลือกคำตอบ')
      await pr.getByLabel('องค์ประกอบ', { exact: true }).selectOption('e1')
      await pr.getByLabel('หลักฐานในคลัง').selectOption({ label: otherUnitLibraryTitle })
      await pr.getByRole('button', { name: 'ร่วมส่งหลักฐาน' }).click()
      await pr.getByRole('status').filter({ hasText: 'ร่วมส่งหลักฐานแล้ว' }).waitFor()
      const contributed = pr.locator('[data-element=e1] li').filter({ hasText: otherUnitLibraryTitle })
      await expect(contributed.getByTestId('contribution').textContent()).resolves.toMatch(
        new RegExp(`อยู่ในคำตอบ${org.units[1].nameTh} · โดย ผู้ประสาน หน่วยอื่น`),
      )
      // only the lead unit chooses
      expect(await pr.getByRole('button', { name: /^ไม่ใช้เป็นคำตอบ/ }).count()).toBe(0)
      await pr.context().close()

      // the lead unit's coordinator leaves its own e1 out, with the keyboard only
      const lead = await pageAs('coordinator')
      await lead.goto(`${baseUrl}/items/${catalogId}/O2`)
      await lead.getByRole('button', { name: 'ไม่ใช้เป็นคำตอบ: หลักฐาน O2 e1' }).focus()
      await lead.keyboard.press('Enter')
      await lead.getByRole('status').filter({ hasText: 'บันทึกการเลือกคำตอบแล้ว' }).waitFor()
      await expect(lead.getByTestId('answer-state').textContent()).resolves.toContain('นับเฉพาะหลักฐานที่อยู่ในคำตอบ')
      const leftOut = lead
        .locator('[data-element=e1] li')
        .filter({ hasText: 'หลักฐาน O2 e1' })
        .getByTestId('contribution')
      await expect(leftOut.getAttribute('data-in-answer')).resolves.toBe('no')
      await expect(leftOut.textContent()).resolves.toMatch(
        new RegExp(`ไม่อยู่ในคำตอบ.*ไม่ใช้โดย ${org.people.coordinator.nameTh}`),
      )
      await expect(lead.locator('[data-element=e1]').textContent()).resolves.toContain('ในคำตอบ 1 จาก 2')

      // the answer (PR's e1, finance's e2 and link) is complete: the submission goes through
      await submit(lead, () => lead.getByRole('button', { name: 'ส่งตรวจ', exact: true }).click())
      await statusBecomes(lead, 'ส่งตรวจแล้ว')
      const answer = await answerEvidenceIds(org.organization.id, catalogId, 'O2')
      const item = (await getItemReview(org.organization.id, catalogId, 'O2'))!
      const byTitle = new Map(item.elements.flatMap((e) => e.evidence).map((x) => [x.title, x.id]))
      expect(answer!.sort()).toEqual(
        [byTitle.get(otherUnitLibraryTitle), byTitle.get('หลักฐาน O2 e2'), byTitle.get('หลักฐาน O2 link')].sort(),
      )
      await lead.context().close()
    },
  )

  it(
    'a coordinator links evidence to a KPI element from the evidence page and submits the KPI; its answer is ' +
      'then frozen',
    async () => {
      const kpis = await publishAndAssign(org, 'kpi-agreement-integrity-template', { itemCodes: ['7.2'] })
      const actor = actorsOf(org).coordinator
      // every element but e1 has its evidence already
      for (const e of (await getItemReview(org.organization.id, kpis.id, '7.2'))!.elements.filter(
        (x) => x.id !== 'e1',
      )) {
        for (let n = 0; n < e.minCount; n++) {
          const x = await createTextEvidence(actor, { title: `KPI 7.2 ${e.id} ${n + 1}`, html: '<p>x</p>' })
          await linkEvidence(
            actor,
            x.id,
            { catalogId: kpis.id, itemCode: '7.2', elementId: e.id },
            { resolveTarget: resolveOrganizationTarget },
          )
        }
      }
      const mine = await createTextEvidence(actor, { title: 'คำสั่งแต่งตั้งคณะทำงานตัวชี้วัด', html: '<p>คำสั่ง</p>' })
      const page = await pageAs('coordinator')
      // the picker lists its options from script: text typed before hydration opens no list
      await open(page, `${baseUrl}/evidence/${mine.id}`)
      await page.getByRole('textbox', { name: 'เลือกองค์ประกอบ (แคตตาล็อก · ข้อ · องค์ประกอบ)' }).fill('2569 · 7.2 e1')
      await page.getByRole('option', { name: /^2569 · 7\.2 e1:/ }).click()
      await page.getByRole('button', { name: 'เชื่อมโยง', exact: true }).click()
      await page.getByTestId('target-row').filter({ hasText: '7.2 e1:' }).waitFor()

      await page.goto(`${baseUrl}/items/${kpis.id}/7.2`)
      await submit(page, () => page.getByRole('button', { name: 'ส่งตรวจ', exact: true }).click())
      await statusBecomes(page, 'ส่งตรวจแล้ว')

      await page.goto(`${baseUrl}/evidence/${mine.id}`)
      await expect(page.getByTestId('evidence-locked').textContent()).resolves.toMatch(
        /เป็นคำตอบของ 7\.2 ".+" \(ส่งตรวจแล้ว\)/,
      )
      expect(await page.getByRole('button', { name: 'ย้ายไปถังขยะ' }).count()).toBe(0)
      expect(await page.getByRole('button', { name: 'ยกเลิกการเชื่อมโยง' }).count()).toBe(0)
      await page.context().close()
    },
  )
})
