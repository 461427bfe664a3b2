/**
 * The sign-in route's own handler against the real database: the throttles hold when attempts
 * arrive at once, one address is limited across accounts, a body that is not a form is a 400,
 * and `redirectTo` never leaves the site.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { addPerson, setPassword } from '#models/tenancy/user.server'
import { TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { type Handler, provide, release } from '#test/support/kit'

// small enough to reach quickly; the default (50) leaves room for the e2e suite's own sign-ins
const PER_ADDRESS = 8
let org: TestOrg
let login: Handler
let language: Handler

beforeAll(async () => {
  // the route reads its configuration from the environment; the database connection made here is reused
  ;({ org } = await provide({ org: 'sign-in', env: { SIGNIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS) } }))
  login = (await import('#app/routes/login')).action as unknown as Handler
  language = (await import('#app/routes/language')).action as unknown as Handler
})
afterAll(release)

const ORIGIN = 'http://127.0.0.1:3000'

async function signIn(email: string, password: string, ip: string, redirectTo = '/') {
  const request = new Request(`${ORIGIN}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ email, password, redirectTo }),
  })
  // a route answers a failure with a Response (json) and a success by returning a redirect
  return login({ request, params: {}, context: { ip } })
}

let counter = 0
/** A fresh account with TEST_PASSWORD, so that each test starts with no failures counted. */
async function newPerson(label: string) {
  const person = await addPerson(org.actor, {
    email: `${label}-${++counter}-${Date.now()}@sign-in.saisaat.test`,
    nameTh: `บุคคล ${label}`,
    role: 'coordinator',
  })
  await setPassword(org.actor, person.id, TEST_PASSWORD)
  return person
}

describe('sign-in throttling under concurrency', () => {
  it('checks at most five passwords of one account when twenty arrive at once', async () => {
    const person = await newPerson('burst')
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) => signIn(person.email, `wrong-password-${i}`, '127.0.0.21')),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(15)
    expect(statuses.every((s) => s === 401 || s === 429)).toBe(true)
    // a refused attempt is not counted (when every one of the burst was refused, none was checked):
    // one by one, the account reaches exactly five checked passwords, then waits
    let checked = statuses.filter((s) => s === 401).length
    for (let i = 0; i < 6; i++) {
      const status = (await signIn(person.email, `one-by-one-${i}`, '127.0.0.21')).status
      if (status === 429) break
      expect(status).toBe(401)
      checked++
    }
    expect(checked).toBe(5)
    // and the right password waits too
    const right = await signIn(person.email, TEST_PASSWORD, '127.0.0.21')
    expect(right.status).toBe(429)
    expect(((await right.json()) as { formError: string }).formError).toMatch(/กรุณารออีก 1[45] นาที.* wait 1[45] minutes/)
  })

  it('checks at most five of 19 wrong passwords sent at once with the right one', async () => {
    const person = await newPerson('burst-right')
    const passwords = [...Array.from({ length: 19 }, (_, i) => `wrong-password-${i}`), TEST_PASSWORD]
    const answers = await Promise.all(passwords.map((p) => signIn(person.email, p, '127.0.0.22')))
    const wrong = answers.slice(0, 19).map((r) => r.status)
    expect(wrong.filter((s) => s === 401).length).toBeLessThanOrEqual(5)
    expect(wrong.filter((s) => s === 429).length).toBeGreaterThanOrEqual(14)
    // the right one got in only if it was among the first few to be counted
    expect([302, 429]).toContain(answers[19].status)
  })

  it('limits one address across many accounts, and another address is not affected', async () => {
    const accounts = await Promise.all(Array.from({ length: 12 }, (_, i) => newPerson(`spray-${i}`)))
    // one wrong guess per account: far below the per-account limit, all from one address at once
    const answers = await Promise.all(accounts.map((a) => signIn(a.email, 'spring-2569-guess', '127.0.0.23')))
    const statuses = answers.map((r) => r.status)
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(12 - PER_ADDRESS)
    // a refused attempt is not counted: keep guessing one by one until the address must wait
    let checked = statuses.filter((s) => s === 401).length
    for (const a of accounts) {
      const status = (await signIn(a.email, 'summer-2569-guess', '127.0.0.23')).status
      if (status === 429) break
      expect(status).toBe(401)
      checked++
    }
    expect(checked).toBe(PER_ADDRESS)
    // that address now waits even with a right password of a fresh account…
    const fresh = await newPerson('spray-fresh')
    expect((await signIn(fresh.email, TEST_PASSWORD, '127.0.0.23')).status).toBe(429)
    // …while the same account signs in from another address
    const elsewhere = await signIn(fresh.email, TEST_PASSWORD, '127.0.0.24')
    expect(elsewhere.status).toBe(302)
    expect(elsewhere.headers.get('Set-Cookie')).toMatch(/saisaat_session=/)
  })
  it('counts an IPv6 client by its /64, and an IPv4-mapped address as the IPv4 address', async () => {
    const accounts = await Promise.all(Array.from({ length: PER_ADDRESS }, (_, i) => newPerson(`v6-${i}`)))
    // one wrong guess per account, each from a different address of the same /64 (no traffic: the route is called
    // directly)
    for (const [i, a] of accounts.entries())
      expect((await signIn(a.email, 'autumn-2569-guess', `2001:db8:5:6::${i + 1}`)).status).toBe(401)
    const fresh = await newPerson('v6-fresh')
    expect((await signIn(fresh.email, TEST_PASSWORD, '2001:db8:5:6:ffff::99')).status).toBe(429)
    expect((await signIn(fresh.email, TEST_PASSWORD, '2001:db8:5:7::1')).status).toBe(302)

    const mapped = await Promise.all(Array.from({ length: PER_ADDRESS }, (_, i) => newPerson(`mapped-${i}`)))
    for (const [i, a] of mapped.entries())
      expect((await signIn(a.email, 'winter-2569-guess', i % 2 ? '::ffff:127.0.0.27' : '127.0.0.27')).status).toBe(401)
    const other = await newPerson('mapped-fresh')
    expect((await signIn(other.email, TEST_PASSWORD, '127.0.0.27')).status).toBe(429)
  })
})

describe('what the sign-in form accepts', () => {
  it('answers a NUL in the e-mail or the password as a failed sign-in, not 500 (PostgreSQL refuses NUL)', async () => {
    const person = await newPerson('nul')
    const [user, domain] = person.email.split('@')
    const answer = await signIn(`${user}\u0000@${domain}`, 'wrong\u0000guess', '127.0.0.31')
    expect([400, 401]).toContain(answer.status)
    expect((await signIn(person.email, TEST_PASSWORD, '127.0.0.31')).status).toBe(302)
  })

  it('answers a JSON or text body with 400 and a Thai/English message, not 500', async () => {
    for (const [type, body] of [
      ['application/json', JSON.stringify({ email: org.people.admin.email, password: TEST_PASSWORD })],
      ['text/plain', `email=${org.people.admin.email}`],
      ['', 'garbage'],
    ]) {
      const request = new Request(`${ORIGIN}/login`, {
        method: 'POST',
        headers: type ? { 'Content-Type': type } : {},
        body,
      })
      const response = await login({ request, params: {}, context: { ip: '127.0.0.25' } })
      expect(response.status, type).toBe(400)
      expect(((await response.json()) as { formError: string }).formError).toMatch(
        /แบบฟอร์มเข้าสู่ระบบ: .* \/ sign-in form: must be sent as form data/,
      )
    }
  })

  it('never sends the browser to another site after signing in', async () => {
    // what the sign-in page's hidden field holds for /login?redirectTo=/%5Cevil.example and /%09/evil.example
    const fromQuery = (q: string) => new URL(`${ORIGIN}/login?redirectTo=${q}`).searchParams.get('redirectTo')!
    for (const target of [
      fromQuery('/%5Cevil.example'),
      fromQuery('/%09/evil.example'),
      '//evil.example',
      'https://evil.example/',
      '/\\evil.example',
      '/.//evil.example',
    ]) {
      const response = await signIn(org.people.executive.email, TEST_PASSWORD, '127.0.0.26', target)
      expect(response.status, target).toBe(302)
      const location = response.headers.get('Location')!
      expect(new URL(location, ORIGIN).origin, `${JSON.stringify(target)} → ${location}`).toBe(ORIGIN)
    }
    const kept = await signIn(org.people.executive.email, TEST_PASSWORD, '127.0.0.26', '/evidence?q=ก#top')
    expect(kept.headers.get('Location')).toBe('/evidence?q=%E0%B8%81#top')
  })

  it('keeps the language switch on this site too', async () => {
    for (const target of ['/\\evil.example', '/\t/evil.example', '//evil.example', 'javascript:alert(1)']) {
      const request = new Request(`${ORIGIN}/language`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ locale: 'en', redirectTo: target }),
      })
      const response = await language({ request, params: {}, context: {} })
      expect(new URL(response.headers.get('Location')!, ORIGIN).origin, JSON.stringify(target)).toBe(ORIGIN)
    }
  })
})
