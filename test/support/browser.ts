/** Debian's Chromium driven by playwright-core: no browser is ever downloaded. */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export interface BrowserSession {
  browser: Browser
  context: BrowserContext
  newPage(): Promise<Page>
  close(): Promise<void>
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
  const context = await browser.newContext({ locale: 'th-TH', timezoneId: 'Asia/Bangkok' })
  return {
    browser,
    context,
    newPage: () => context.newPage(),
    close: () => browser.close(),
  }
}
