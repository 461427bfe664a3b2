/**
 * The item page as the workspace, in Chromium. A coordinator drops twelve monthly PDFs on O12's monthly element in
 * one gesture, sees each upload progress and link, sees the twelve-month grid complete and submits; then drops a file
 * of another fiscal year on O11 and sees it marked outside the year — five gestures at most for all of it. An assessor
 * previews every evidence in the panel beside the ticks, ticks and approves with the keyboard only. A coordinator is
 * never offered an element of an item assigned to another unit, and a forced POST for one is refused with 403 inside
 * the page, nothing linked. The library picker narrows monthly files of one name by unit and dates, shows each one's
 * date and unit, and links two of them, chosen with the keyboard, in one go; the answer to the words typed stays shown
 * when the first search (without words) answers after it.
 */
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { Page } from 'playwright-core'
import {
  createLinkEvidence,
  createTextEvidence,
  getEvidence,
  linkEvidence,
  updateEvidenceMetadata,
} from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { getItemReview } from '#models/work/review.server'
import {
  type BrowserSession,
  countBecomes,
  open,
  settled,
  signedInPage,
  submit,
  textBecomes,
} from '#test/support/browser'
import { minimalPdf } from '#test/support/evidence-files'
import type { TestOrg } from '#test/support/fixtures'
import { provideE2e, signInCookie } from '#test/support/e2e-db'
import { actorsOf, publishAndAssign, release } from '#test/support/kit'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg
let catalogId: string

// FY2569 runs from ตุลาคม 2568 to กันยายน 2569
const MONTHS = ['ตุลาคม', 'พฤศจิกายน', 'ธันวาคม', 'มกราคม', 'กุมภาพันธ์', 'มีนาคม']
  .map((m) => `${m}-2568`)
  .slice(0, 3)
  .concat(
    ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน', 'กรกฎาคม', 'สิงหาคม', 'กันยายน'].map(
      (m) => `${m}-2569`,
    ),
  )
const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: minimalPdf(name) })

async function link(itemCode: string, elementId: string, kind: 'text' | 'link' = 'text') {
  const actor = actorsOf(org).coordinator
  const e =
    kind === 'link'
      ? await createLinkEvidence(actor, { url: `https://example.go.th/${itemCode}`, title: `เว็บไซต์ ${itemCode}` })
      : await createTextEvidence(actor, { title: `หลักฐาน ${itemCode} ${elementId}`, html: `<p>${elementId}</p>` })
  await linkEvidence(actor, e.id, { catalogId, itemCode, elementId }, { resolveTarget: resolveOrganizationTarget })
}

beforeAll(async () => {
  ;({ org, session } = await provideE2e('item-workspace'))
  // O12 and O11 are the finance unit's (the coordinator's), O2 the PR unit's
  catalogId = (
    await publishAndAssign(
      org,
      'ita-nacc-2569',
      { itemCodes: ['O12', 'O11'] },
      { itemCodes: ['O2'], unitIds: [org.units[1].id] },
    )
  ).id
  // O12's annual report and web page are there: the monthly element is the work
  await link('O12', 'e1')
  await link('O12', 'link', 'link')
})
afterAll(release)

const element = (page: Page, id: string) => page.locator(`[data-testid="element-row"][data-element="${id}"]`)

describe('a coordinator works on the item page', () => {
  it('drops twelve monthly PDFs at once, sees the year complete, submits; another year is outside', async () => {
    const page = await signedInPage(session, baseUrl, org.people.coordinator)
    let gestures = 0
    await open(page, `${baseUrl}/items/${catalogId}/O12`)
    const e2 = element(page, 'e2')
    await expect(e2.getByTestId('coverage-grid').getAttribute('data-gaps')).resolves.toBe('12')

    // one gesture: twelve files on the element's own input, as a drop of twelve files
    gestures++
    await e2.locator('input[type="file"]').setInputFiles(MONTHS.map((m) => pdf(`สขร1-${m}.pdf`)))
    await countBecomes(e2.getByTestId('upload-item'), 12, 120_000) // each with its own row and progress
    await countBecomes(e2.locator('[data-testid="upload-item"][data-status="done"]'), 12, 240_000)
    await countBecomes(e2.getByTestId('element-evidence'), 12, 240_000)
    await textBecomes(e2.getByTestId('coverage-status'), 'ครบทุกช่วง')
    expect(await e2.locator('[data-testid="coverage-cell"][data-filled="true"]').count()).toBe(12)

    gestures++
    const answer = await submit(page, () => page.getByRole('button', { name: 'ส่งตรวจ', exact: true }).click())
    expect(answer.status()).toBe(200)
    await textBecomes(page.getByTestId('review-status'), 'ส่งตรวจแล้ว')
    expect((await getItemReview(org.organization.id, catalogId, 'O12'))!.status).toBe('submitted')

    // O11 asks for the first half of the year: a file named for October 2567 is of fiscal year 2568
    await open(page, `${baseUrl}/items/${catalogId}/O11`)
    const e1 = element(page, 'e1')
    gestures++
    await e1.locator('input[type="file"]').setInputFiles([pdf('สขร1-ตุลาคม-2567.pdf')])
    await countBecomes(e1.getByTestId('element-evidence'), 1, 60_000)
    await textBecomes(e1.getByTestId('coverage-outside'), /สขร1-ตุลาคม-2567.*อยู่นอกปีงบประมาณ/)
    expect(gestures).toBeLessThanOrEqual(5)
  })

  it("moves an element's evidence up and unlinks one from their rows' buttons, with the keyboard", async () => {
    const actor = actorsOf(org).coordinator
    const tag = Math.random().toString(36).slice(2, 8)
    const [first, second] = [`ลำดับแรก ${tag}`, `ลำดับสอง ${tag}`]
    for (const title of [first, second]) {
      const e = await createTextEvidence(actor, { title, html: '<p>x</p>' })
      const target = { catalogId, itemCode: 'O11', elementId: 'e2' }
      await linkEvidence(actor, e.id, target, { resolveTarget: resolveOrganizationTarget })
    }
    const page = await signedInPage(session, baseUrl, org.people.coordinator)
    await open(page, `${baseUrl}/items/${catalogId}/O11`)
    const e2 = element(page, 'e2')
    const rows = e2.getByTestId('element-evidence')
    const place = async (title: string) => (await rows.allTextContents()).findIndex((text) => text.includes(title))
    expect(await place(first)).toBeLessThan(await place(second))
    // each answer is the app's own request (Remix's `_data`), not a reload of the page by a plain form
    const sentByApp = (r: { url(): string; status(): number }) => [
      r.status(),
      new URL(r.url()).searchParams.has('_data'),
    ]
    await e2.getByRole('button', { name: `เลื่อน ${second} ขึ้น` }).focus()
    expect(sentByApp(await submit(page, () => page.keyboard.press('Enter')))).toEqual([200, true])
    await expect.poll(async () => (await place(second)) < (await place(first))).toBe(true)
    await e2.getByRole('button', { name: `เลิกเชื่อมโยง ${first}` }).focus()
    expect(sentByApp(await submit(page, () => page.keyboard.press('Enter')))).toEqual([200, true])
    await countBecomes(rows.filter({ hasText: first }), 0)
    expect(await place(second)).toBeGreaterThanOrEqual(0)
  })

  it('is never offered an element of another unit; a forced POST is refused inside the page', async () => {
    const page = await signedInPage(session, baseUrl, org.people.coordinator)
    await open(page, `${baseUrl}/items/${catalogId}/O2`)
    await expect(page.getByTestId('element-row').count()).resolves.toBeGreaterThan(0)
    expect(await page.getByTestId('element-workspace').count()).toBe(0)
    expect(await page.locator('input[type="file"]').count()).toBe(0)

    const e = await createTextEvidence(actorsOf(org).coordinator, { title: 'ส่งเข้าข้อของหน่วยอื่น', html: '<p>x</p>' })
    const cookie = await signInCookie(org.people.coordinator.email)
    const response = await fetch(`${baseUrl}/items/${catalogId}/O2`, {
      method: 'POST',
      headers: { Cookie: cookie, Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ intent: 'link-existing', elementId: 'e1', evidenceId: e.id }),
    })
    expect(response.status).toBe(403)
    const html = await response.text()
    expect(html).toContain('ไม่ได้อยู่ในข้อที่มอบหมายให้หน่วยของท่าน') // beside the element
    expect(html).toContain('data-testid="element-row"') // the page, not an error page
    expect((await getEvidence(org.organization.id, e.id))!.links).toEqual([])
  })
})

describe('the library picker on the item page', () => {
  it('filters by unit and dates, shows date and unit, and links several chosen with the keyboard', async () => {
    const actor = actorsOf(org).coordinator
    // other files' evidence in the shared e2e organization shares the title's words: one word of its own finds these
    const word = `pk${Math.random().toString(36).slice(2, 10)}`
    const title = `รายงานผลจัดซื้อจัดจ้างประจำเดือน ${word}`
    const dated = async (documentDate: string, issuingUnitId: string) => {
      const e = await createTextEvidence(actor, { title, html: `<p>${documentDate}</p>` })
      await updateEvidenceMetadata(actor, e.id, { title, documentDate, issuingUnitId })
    }
    await dated('2026-01-12', org.units[0].id)
    await dated('2026-02-10', org.units[0].id)
    await dated('2026-01-20', org.units[1].id)
    const page = await signedInPage(session, baseUrl, org.people.coordinator)
    await open(page, `${baseUrl}/items/${catalogId}/O11`)
    const e2 = element(page, 'e2')
    const before = await e2.getByTestId('element-evidence').count()
    await e2.getByText('จากคลังหลักฐาน', { exact: true }).click()
    const results = e2.getByTestId('picker-results')
    const boxes = results.getByRole('checkbox')
    await e2.getByLabel('ค้นหาในคลังหลักฐานสำหรับองค์ประกอบ e2').fill(word)
    await countBecomes(boxes, 3)
    await e2.getByLabel('หน่วยที่ออกเอกสาร').selectOption({ label: org.units[0].nameTh })
    await countBecomes(boxes, 2)
    await e2.getByLabel('ตั้งแต่วันที่').fill('1/1/2569')
    await e2.getByLabel('ถึงวันที่').fill('31/1/2569')
    await countBecomes(boxes, 1)
    await textBecomes(results, new RegExp(`ลงวันที่ 12 ม\\.ค\\. 2569.*${org.units[0].nameTh}`))
    await boxes.first().focus()
    await page.keyboard.press('Space')
    // the choice stays while the filters change: January of every unit
    await e2.getByLabel('หน่วยที่ออกเอกสาร').selectOption({ value: '' })
    await countBecomes(boxes, 2)
    const pr = results.locator('.mantine-Checkbox-root', { hasText: org.units[1].nameTh }).getByRole('checkbox')
    await pr.focus()
    await page.keyboard.press('Space')
    const answer = await submit(page, () => e2.getByRole('button', { name: 'เชื่อมโยง 2 รายการที่เลือก' }).click())
    expect(answer.status()).toBe(200)
    await countBecomes(e2.getByTestId('element-evidence'), before + 2)
  })

  it('shows the answer to the words typed even when the first search, without words, answers last', async () => {
    const word = `pk${Math.random().toString(36).slice(2, 10)}`
    await createTextEvidence(actorsOf(org).coordinator, { title: `คำสั่งแต่งตั้ง ${word}`, html: '<p>x</p>' })
    const page = await signedInPage(session, baseUrl, org.people.coordinator)
    await open(page, `${baseUrl}/items/${catalogId}/O11`)
    // the picker's first search (no words) is held until the search for the word has been answered, and the routes
    // the page discovers are held until the word is typed: the two searches overlap, the first ends last
    const gate = () => {
      let open!: () => void
      const opened = new Promise<void>((resolve) => (open = resolve))
      return { open, opened }
    }
    const typed = gate()
    const wordAnswered = gate()
    const isFirst = (url: URL) => url.pathname.endsWith('/picker') && !url.searchParams.has('q')
    await page.route('**/__manifest*', async (route) => {
      await typed.opened
      await route.continue()
    })
    await page.route(isFirst, async (route) => {
      await wordAnswered.opened
      await route.continue().catch(() => undefined) // the page may have given this search up
    })
    page.on('response', (r) => {
      if (new URL(r.url()).searchParams.get('q') === word) wordAnswered.open()
    })
    const firstEnded = new Promise<void>((resolve) => {
      const ended = (r: { url(): string }) => isFirst(new URL(r.url())) && resolve()
      page.on('requestfinished', ended)
      page.on('requestfailed', ended)
    })
    const e2 = element(page, 'e2')
    await e2.getByText('จากคลังหลักฐาน', { exact: true }).click()
    await e2.getByLabel('ค้นหาในคลังหลักฐานสำหรับองค์ประกอบ e2').fill(word)
    typed.open()
    const boxes = e2.getByTestId('picker-results').getByRole('checkbox')
    await countBecomes(boxes, 1)
    await firstEnded
    await settled(page)
    // the page has run its queued work and drawn twice since: an answer it took would be shown by now
    for (const _ of [1, 2]) {
      await page.evaluate(() => new Promise((resolve) => setTimeout(() => requestAnimationFrame(resolve))))
    }
    expect(await boxes.count()).toBe(1)
    expect(await e2.getByTestId('picker-results').textContent()).toContain(word)
  })

  it('says so when the search fails, and shows the next answer', async () => {
    const word = `pk${Math.random().toString(36).slice(2, 10)}`
    await createTextEvidence(actorsOf(org).coordinator, { title: `ประกาศ ${word}`, html: '<p>x</p>' })
    const page = await signedInPage(session, baseUrl, org.people.coordinator)
    await open(page, `${baseUrl}/items/${catalogId}/O11`)
    await page.route(
      (url) => url.pathname.endsWith('/picker') && url.searchParams.get('q') === 'ล้มเหลว',
      (route) => route.fulfill({ status: 500, body: 'down' }),
    )
    const e2 = element(page, 'e2')
    await e2.getByText('จากคลังหลักฐาน', { exact: true }).click()
    const box = e2.getByLabel('ค้นหาในคลังหลักฐานสำหรับองค์ประกอบ e2')
    await box.fill('ล้มเหลว')
    await textBecomes(e2.getByRole('alert'), 'ค้นหาในคลังหลักฐานไม่สำเร็จ กรุณาลองใหม่')
    await box.fill(word)
    await countBecomes(e2.getByTestId('picker-results').getByRole('checkbox'), 1)
    expect(await e2.getByRole('alert').count()).toBe(0)
  })
})

describe('an assessor reviews in place', () => {
  it('previews every evidence beside the ticks, ticks and approves with the keyboard only', async () => {
    const item = (await getItemReview(org.organization.id, catalogId, 'O12'))!
    expect(item.status).toBe('submitted')
    const flat = item.elements.flatMap((e) => e.evidence.map((x) => ({ elementId: e.id, evidence: x })))
    const page = await signedInPage(session, baseUrl, org.people.assessor)
    await open(page, `${baseUrl}/items/${catalogId}/O12`)
    const panel = page.getByTestId('preview-panel')
    for (const [i, { elementId, evidence }] of flat.entries()) {
      await expect.poll(() => panel.getAttribute('data-evidence')).toBe(evidence.id)
      await textBecomes(panel.getByTestId('preview-title'), evidence.title)
      if (evidence.type === 'file') {
        // the browser's own viewer, fed by the file route (byte ranges)
        const frame = panel.locator('iframe')
        expect(await frame.getAttribute('src')).toBe(`/evidence/${evidence.id}/file`)
        const served = await page.request.get(`${baseUrl}/evidence/${evidence.id}/file`, {
          headers: { Range: 'bytes=0-4' },
        })
        expect(served.status()).toBe(206)
        expect(await served.text()).toBe('%PDF-')
      } else if (evidence.type === 'text') {
        await textBecomes(panel.getByTestId('preview-text'), elementId)
      } else {
        await textBecomes(panel.getByTestId('preview-link'), /example\.go\.th/)
      }
      // the first evidence of each element: tick the element
      if (i === 0 || flat[i - 1].elementId !== elementId) {
        await page.keyboard.press('x')
        await expect.poll(() => page.locator(`input[name="tick.${elementId}"]`).isChecked()).toBe(true)
      }
      if (i < flat.length - 1) await page.keyboard.press('j')
    }
    expect(page.url()).toBe(`${baseUrl}/items/${catalogId}/O12`) // never left the form, no new tab
    expect(
      session.browser
        .contexts()
        .flatMap((c) => c.pages())
        .filter((p) => p.url().includes('/evidence/')).length,
    ).toBe(0)

    const answer = await submit(page, () => page.keyboard.press('a'))
    expect(answer.status()).toBe(200)
    await textBecomes(page.getByTestId('review-status'), 'อนุมัติแล้ว')
    const approved = (await getItemReview(org.organization.id, catalogId, 'O12'))!
    expect(approved.status).toBe('approved')
    expect(approved.elements.every((e) => e.ticked)).toBe(true)
  })
})
