/** Debian's Chromium driven by playwright-core: no browser is ever downloaded. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface BrowserSession {
  browser: Browser
  context: BrowserContext
  newPage(): Promise<Page>
  /** A separate cookie jar: another device or another person. */
  newContext(): Promise<BrowserContext>
  close(): Promise<void>
}

/** Signs in through the form, as a person would; resolves when the home page has loaded. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('อีเมล').fill(email)
  await page.getByLabel('รหัสผ่าน').fill(password)
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click()
  await page.waitForURL(`${baseUrl}/`)
}

export async function openBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      // this machine has no network beyond loopback: stop Chromium from trying
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  })
  const newContext = () => browser.newContext({ locale: 'th-TH', timezoneId: 'Asia/Bangkok' })
  const context = await newContext()
  return {
    browser,
    context,
    newPage: () => context.newPage(),
    newContext,
    close: () => browser.close(),
  }
}
