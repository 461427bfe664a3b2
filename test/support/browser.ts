/** Debian's Chromium driven by playwright-core: no browser is ever downloaded. */
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core'
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '#evidence/documents/pdf.server'
import { TEST_PASSWORD } from '#test/support/fixtures'

export { CHROMIUM_PATH }

export interface BrowserSession {
  browser: Browser
  context: BrowserContext
  newPage(): Promise<Page>
  /** A separate cookie jar: another device or another person; options override the Thai, Bangkok defaults. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>
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

/*
 * Waiting on what the app reports, never on time. A page that has loaded is not yet live: until React
 * has hydrated it a click misses its handler (a confirm button submits without asking) and the first
 * render may reset what was typed into a controlled field. A click that submits a form is answered
 * later still: the action's POST, then the loaders' revalidation, then the render. Under load each of
 * these takes seconds, so a test that reads the page right after clicking (or polls it for a second)
 * reads the state before.
 */

/**
 * Resolves once React has hydrated the page (its root no longer marked dehydrated). Only for pages with
 * JavaScript. Reads React's own root state: the container mark alone is set before hydration starts.
 */
export async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const key = Object.keys(document).find((k) => k.startsWith('__reactContainer$'))
    const root = key
      ? (
          document as unknown as Record<
            string,
            { stateNode?: { current?: { memoizedState?: { isDehydrated?: boolean } } } }
          >
        )[key].stateNode
      : undefined
    return root?.current?.memoizedState?.isDehydrated === false
  })
}

/** Goes to a page and resolves once it is live (hydrated). */
export async function open(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await hydrated(page)
}

/** Resolves once Remix has no navigation, revalidation or fetcher in flight. */
export async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    type State = { navigation: { state: string }; revalidation: string; fetchers: Map<string, { state: string }> }
    const router = (window as unknown as { __remixRouter?: { state: State } }).__remixRouter
    if (!router) return false
    const { navigation, revalidation, fetchers } = router.state
    return (
      navigation.state === 'idle' && revalidation === 'idle' && [...fetchers.values()].every((f) => f.state === 'idle')
    )
  })
}

/**
 * Submits the way a person does (`act`: the clicks, a confirmation included) on a live page, and
 * resolves with the action's response once the page has revalidated with its result.
 */
export async function submit(page: Page, act: () => Promise<unknown>): Promise<Response> {
  await hydrated(page)
  const origin = new URL(page.url()).origin
  const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().startsWith(origin))
  await act()
  const response = await answered
  await settled(page)
  return response
}

/**
 * Resolves once the element's text is `expected` (a string: the whole text, trimmed; a RegExp: a match).
 * A failure says what the text still was.
 */
export async function textBecomes(locator: Locator, expected: string | RegExp): Promise<void> {
  const pattern =
    typeof expected === 'string' ? new RegExp(`^\\s*${expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`) : expected
  try {
    await locator.filter({ hasText: pattern }).first().waitFor()
  } catch (error) {
    const seen = await locator
      .first()
      .textContent({ timeout: 1000 })
      .catch(() => '(no such element)')
    throw new Error(`expected the text ${String(expected)}, still "${seen}"`, { cause: error })
  }
}

/** Resolves once the locator matches exactly `expected` elements, checking as the page changes. */
export async function countBecomes(locator: Locator, expected: number, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let seen = await locator.count()
  while (seen !== expected) {
    if (Date.now() > deadline) throw new Error(`expected ${expected} matching elements, still ${seen}`)
    await new Promise((r) => setTimeout(r, 100)) // between two looks at the page
    seen = await locator.count()
  }
}

export async function openBrowser(): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: CHROMIUM_ARGS,
  })
  const newContext = (options: BrowserContextOptions = {}) =>
    browser.newContext({ locale: 'th-TH', timezoneId: 'Asia/Bangkok', ...options })
  const context = await newContext()
  return {
    browser,
    context,
    newPage: () => context.newPage(),
    newContext,
    close: () => browser.close(),
  }
}

/** A new cookie jar (a device of its own) with the person signed in through the form, on the home page. */
export async function signedInPage(session: BrowserSession, baseUrl: string, person: { email: string }): Promise<Page> {
  const page = await (await session.newContext()).newPage()
  await signIn(page, baseUrl, person.email, TEST_PASSWORD)
  return page
}
