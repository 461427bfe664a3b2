/**
 * The e2e side of the test kit: this file's own data in the database the e2e app server uses, Chromium,
 * and signing in over HTTP.
 */
import { afterAll, beforeAll, inject } from 'vitest'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { openBrowser, type BrowserSession } from '#test/support/browser'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { onRelease, release } from '#test/support/kit'

/** Connects this test file to the database the e2e app server uses, to create its own data. */
export async function useE2eDatabase(): Promise<() => Promise<void>> {
  await connectDatabase(inject('services').mongoUri, { dbName: 'e2e' })
  return () => disconnectDatabase()
}

/**
 * What an e2e file needs before its tests: the app's database, an organization of its own (with
 * `label`) and, unless told otherwise, Chromium. Call in beforeAll and pass `release` (kit.ts) to
 * afterAll: it closes the browser, then disconnects.
 */
export async function provideE2e(
  label: string,
  options: { browser?: boolean } = {},
): Promise<{ org: TestOrg; session: BrowserSession }> {
  onRelease(await useE2eDatabase())
  const org = await createTestOrg(label)
  const session = options.browser === false ? (undefined as unknown as BrowserSession) : await openBrowser()
  if (session) onRelease(() => session.close())
  return { org, session }
}

/**
 * The usual head of an e2e file: `provideE2e(label)` before its tests, its world handed to `set`, then
 * `prepare` (the file's own data), and `release` after them.
 */
export function withE2e(
  label: string,
  set: (world: { org: TestOrg; session: BrowserSession }) => void,
  prepare?: () => Promise<void>,
): void {
  beforeAll(async () => {
    set(await provideE2e(label))
    await prepare?.()
  })
  afterAll(release)
}

/**
 * Signs in over HTTP as the sign-in form does (no browser) and resolves with the session cookie
 * (`name=value`); fails when the app does not answer with the redirect of a successful sign-in.
 */
export async function signInCookie(email: string, password = TEST_PASSWORD): Promise<string> {
  const baseUrl = inject('baseUrl')
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ email, password, redirectTo: '/' }),
    redirect: 'manual',
  })
  const cookie = response.headers.get('set-cookie')?.split(';')[0]
  if (response.status !== 302 || !cookie) throw new Error(`sign-in of ${email} failed: ${response.status}`)
  return cookie
}
