/**
 * Error pages below the root: a record that does not exist (404) and a page the role may not open
 * (403) answer with their own title in the reader's language and the other, the app's message, and
 * the shell with its navigation menu still there, so the person can go on. Nothing internal shows.
 */
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { hydrated, openBrowser, signIn, type BrowserSession } from '#test/support/browser'
import { useE2eDatabase } from '#test/support/e2e-db'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'

const baseUrl = inject('baseUrl')
let session: BrowserSession
let org: TestOrg
let disconnect: () => Promise<void>

beforeAll(async () => {
  disconnect = await useE2eDatabase()
  org = await createTestOrg('errors')
  session = await openBrowser()
})
afterAll(async () => {
  await session?.close()
  await disconnect?.()
})

/** A signed-in coordinator's page, in Thai unless `locale` says English. */
async function coordinatorPage(locale: 'th' | 'en' = 'th'): Promise<Page> {
  const context = await session.newContext()
  const page = await context.newPage()
  await signIn(page, baseUrl, org.people.coordinator.email, TEST_PASSWORD)
  if (locale === 'en') await context.addCookies([{ name: 'saisaat_lang', value: 'en', url: baseUrl }])
  return page
}

/** What the error page shows as text, checked for anything internal. */
async function visibleText(page: Page): Promise<string> {
  const text = await page.evaluate(() => document.body.innerText)
  for (const internal of ['Error', 'at Object', 'node_modules', '.server', 'Unexpected Server Error', 'stack']) {
    expect(text, internal).not.toContain(internal)
  }
  return text
}

/**
 * Opens `path` and checks the error page: the status, its title (a heading) in the reader's language,
 * the menu with `menuLink`, and each of `texts` (the title in the other language, the message).
 */
async function expectErrorPage(
  page: Page,
  path: string,
  want: { status: number; title: string; menuLink: string; texts: string[] },
) {
  const response = await page.goto(`${baseUrl}${path}`)
  expect(response?.status()).toBe(want.status)
  await hydrated(page)
  await page.getByRole('heading', { name: want.title }).waitFor()
  await expect(page.getByRole('navigation').getByRole('link', { name: want.menuLink }).count()).resolves.toBe(1)
  const text = await visibleText(page)
  for (const expected of want.texts) expect(text).toContain(expected)
  return text
}

/** What a 403 page shows: its title, the menu link looked for, and the other texts. */
const denied = (title: string, menuLink: string, ...texts: string[]) => ({ status: 403, title, menuLink, texts })

describe('error pages keep the shell', () => {
  it('an unknown evidence id: 404, bilingual title, the evidence message and the menu', async () => {
    const page = await coordinatorPage()
    const unknown = '0123456789abcdef01234567'
    const want = { status: 404, title: 'ไม่พบหน้าที่ต้องการ', menuLink: 'หน้าแรก', texts: ['Page not found', 'ไม่พบหลักฐาน'] }
    const text = await expectErrorPage(page, `/evidence/${unknown}`, want)
    await expect(page.getByRole('navigation').getByRole('link', { name: 'คลังหลักฐาน' }).count()).resolves.toBe(1)
    expect(text).not.toContain(unknown)
    await page.context().close()
  })

  it('a page the role may not open: 403, bilingual title, the refusal and the menu', async () => {
    const page = await coordinatorPage()
    await expectErrorPage(
      page,
      '/admin/people',
      denied('ไม่มีสิทธิ์เข้าถึงหน้านี้', 'หน้าแรก', 'Access denied', 'ไม่มีสิทธิ์ดำเนินการนี้'),
    )
    // the menu still leads on: the home page opens from it
    await page.getByRole('navigation').getByRole('link', { name: 'หน้าแรก' }).click()
    await page.waitForURL(`${baseUrl}/`)
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain(
      org.people.coordinator.nameTh,
    )
    await page.context().close()
  })

  it('in English: the English title first, the Thai one too, and the English message', async () => {
    const page = await coordinatorPage('en')
    await expectErrorPage(
      page,
      '/admin/units',
      denied('Access denied', 'Home', 'ไม่มีสิทธิ์เข้าถึงหน้านี้', 'you may not do this'),
    )
    await page.context().close()
  })
})
