/**
 * The crawler: signed out and as each role of a demo-like agency, visit every page reachable by
 * links from the home page and the navigation (same origin only), follow every link and download
 * (GET only), and fail on what a person would notice:
 * - a 404 or 500 answer (listing the URL and the page that linked it);
 * - an error in the browser console, a React hydration warning or an uncaught exception;
 * - internal text on screen: a 24-hex database id, an enum value (period rule, status, kind…) or
 *   an audit action code where a label belongs;
 * - any WCAG 2 A/AA violation found by axe-core.
 * Pages of the same shape (the same route with other ids) are visited a few times, not all.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { Readable } from 'node:stream'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { AUDIT_ACTION_CODES } from '#app/messages/audit'
import { newObjectKey } from '#evidence/storage/keys'
import { putHashedStream } from '#evidence/storage/objects.server'
import { createStorage } from '#evidence/storage/storage.server'
import { ASSIGNMENT_STATUSES } from '#models/work/assignment.server'
import { getCatalog, startFromBuiltIn } from '#models/catalog/catalog.server'
import { CATALOG_KINDS, CATALOG_STATUSES, listCriteria, PERIOD_RULES } from '#models/catalog/schema'
import { ELEMENT_EVIDENCE_KINDS } from '#models/evidence/kinds'
import { CLARIFICATION_STATUSES, PRELIMINARY_RESULTS } from '#models/work/clarification.server'
import {
  createFileEvidence,
  createLinkEvidence,
  createTextEvidence,
  linkEvidence,
} from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { KPI_CERTIFICATIONS } from '#models/reporting/kpi-report.server'
import type { Organization } from '#models/tenancy/organization.server'
import { PACKAGE_STATUSES } from '#models/reporting/package-job.server'
import type { Role } from '#models/tenancy/permissions'
import { ITEM_STATUSES } from '#models/work/review.server'
import { PHASE_KINDS } from '#models/work/calendar.server'
import { getUserByEmail } from '#models/tenancy/user.server'
import { DEMO_PASSWORD, DEMO_PEOPLE, findDemoCatalog, seedDemo } from '#scripts/seed'
import { fiscalYearOf } from '#models/dates'
import { openBrowser, type BrowserSession } from '#test/support/browser'
import { useE2eDatabase } from '#test/support/e2e-db'

const baseUrl = inject('baseUrl')
const origin = new URL(baseUrl).origin
/** At most this many pages per role: the app has about 40 routes; the rest are the same shapes. */
const MAX_PAGES = 150
/** Pages of one shape (route with other ids, or other query values) visited per role. */
const MAX_PER_SHAPE = 2
/** Never followed: they end the session or change something even when asked with GET. */
const SKIP = [/^\/logout\b/, /^\/language\b/, /^\/switch-organization\b/]
/** Answers that are files, checked by status only. */
const DOWNLOAD = /(\.(xlsx|csv|pdf|json|zip)$)|(\/file$)|(\/download$)|(\/snapshot\/\d+$)/

/** Codes that belong in data, never on screen: each has a Thai and English label. */
const INTERNAL_CODES = [
  ...PERIOD_RULES,
  ...ITEM_STATUSES,
  ...CATALOG_STATUSES,
  ...CATALOG_KINDS,
  ...PACKAGE_STATUSES,
  ...CLARIFICATION_STATUSES,
  // "passed" is also an ordinary English word (a file format's help names it): the hyphenated one only
  ...PRELIMINARY_RESULTS.filter((r) => r.includes('-')),
  ...KPI_CERTIFICATIONS,
  ...PHASE_KINDS,
  ...ASSIGNMENT_STATUSES,
  ...ELEMENT_EVIDENCE_KINDS.filter((k) => k !== 'text' && k !== 'file'),
  ...AUDIT_ACTION_CODES,
]
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const INTERNAL_TEXT = new RegExp(
  `(?<![\\w.@/-])(${[...new Set(INTERNAL_CODES)].map(escape).join('|')})(?![\\w@/-]|\\.\\w)`,
)
const HEX_ID = /(?<![0-9a-f])[0-9a-f]{24}(?![0-9a-f])/i

/** The visible text without the parts that legitimately hold such strings: e-mail addresses and URLs. */
function visibleTextProblems(text: string): string[] {
  const cleaned = text.replace(/[\w.+-]+@[\w.-]+/g, ' ').replace(/https?:\/\/\S+/g, ' ')
  const out: string[] = []
  const id = cleaned.match(HEX_ID)
  if (id) out.push(`shows a raw id "${id[0]}" in "${around(cleaned, id.index!)}"`)
  const code = cleaned.match(INTERNAL_TEXT)
  if (code) out.push(`shows the internal code "${code[1]}" in "${around(cleaned, code.index!)}"`)
  return out
}
const around = (text: string, at: number) => text.slice(Math.max(0, at - 40), at + 60).replace(/\s+/g, ' ')

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
/**
 * Counts React commits through the hook React DOM offers to developer tools (production builds
 * too): the first commit is the end of hydration, when any hydration error has been logged.
 */
const COMMIT_COUNTER = `window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true, isDisabled: false, renderers: new Map(),
  inject() { return 1 }, checkDCE() {}, onScheduleFiberRoot() {}, onCommitFiberUnmount() {}, onPostCommitFiberRoot() {},
  onCommitFiberRoot() { window.__saisaatCommits = (window.__saisaatCommits || 0) + 1 },
}`

interface Problem {
  url: string
  from: string
  problem: string
}

/** Normalizes a link to a path with query, or null when it is not to be followed. */
function target(href: string): string | null {
  let url: URL
  try {
    url = new URL(href, baseUrl)
  } catch {
    return null
  }
  if (url.origin !== origin) return null
  if (SKIP.some((r) => r.test(url.pathname))) return null
  return url.pathname + url.search
}

/** The same route with other ids or query values: ids, codes and numbers become placeholders. */
function shape(path: string): string {
  const url = new URL(path, baseUrl)
  const segments = url.pathname.split('/').map((s) => (/^[0-9a-f]{24}/i.test(s) ? ':id' : /\d/.test(s) ? ':n' : s))
  return `${segments.join('/')}?${[...url.searchParams.keys()].sort().join('&')}`
}

async function newCrawlContext(): Promise<BrowserContext> {
  // a browser far from Bangkok with another language: a date or number formatted with the
  // browser's own zone or locale differs from the server's HTML and fails hydration here
  const context = await session.newContext({ timezoneId: 'Pacific/Honolulu', locale: 'en-US' })
  await context.addInitScript({ content: COMMIT_COUNTER })
  // the axe engine before the page's own scripts: the page's CSP refuses injected script tags
  await context.addInitScript({ content: AXE_SOURCE })
  return context
}

/** Waits until React has hydrated the page (its first commit), so that hydration errors are in. */
async function hydrated(page: Page): Promise<void> {
  await page.waitForFunction(() => ((window as unknown as { __saisaatCommits?: number }).__saisaatCommits ?? 0) > 0)
}

async function axeViolations(page: Page): Promise<string[]> {
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            ctx: Document,
            opts: unknown,
          ) => Promise<{
            violations: { id: string; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[]
          }>
        }
      }
    ).axe
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
    return result.violations.map((v) => ({
      id: v.id,
      help: v.help,
      nodes: v.nodes
        .slice(0, 3)
        .map((n) => `${JSON.stringify(n.target)} ${(n.failureSummary ?? '').split('\n').slice(1, 2).join(' ').trim()}`),
      count: v.nodes.length,
    }))
  })
  return violations.map((v) => `axe ${v.id} (${v.help}) on ${v.count} element(s): ${v.nodes.join(' | ')}`)
}

/** Crawls from the home page; returns the problems found and the pages visited. */
async function crawl(
  context: BrowserContext,
  page: Page,
): Promise<{ problems: Problem[]; visited: string[]; downloads: string[] }> {
  const problems: Problem[] = []
  let current = { url: '', from: '' }
  const report = (problem: string) => problems.push({ ...current, problem })
  let expected404 = ''
  page.on('console', (m) => {
    // the browser's own line about the page answered 404 on purpose
    if (expected404 && m.location().url === `${baseUrl}${expected404}` && /Failed to load resource.*404/.test(m.text()))
      return
    // a failed load names the resource in its location
    if (m.type() === 'error' || (m.type() === 'warning' && /hydrat/i.test(m.text())))
      report(`console ${m.type()}: ${m.text().slice(0, 300)} (${m.location().url.replace(origin, '')})`)
  })
  page.on('pageerror', (e) => report(`uncaught: ${e.message.slice(0, 300)}`))
  // a script, style, image or data request of the page that fails: name it
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document')
      report(`${r.request().resourceType()} ${r.url().replace(origin, '')} answered ${r.status()}`)
  })

  const queue: { url: string; from: string }[] = [{ url: '/', from: '(start)' }]
  const seen = new Set<string>(['/'])
  const shapes = new Map<string, number>()
  const visited: string[] = []
  const downloads: string[] = []
  const timings: { url: string; ms: number }[] = []
  const enqueue = (href: string, from: string) => {
    const url = target(href)
    if (!url || seen.has(url)) return
    seen.add(url)
    const s = shape(url)
    if ((shapes.get(s) ?? 0) >= MAX_PER_SHAPE) return
    shapes.set(s, (shapes.get(s) ?? 0) + 1)
    queue.push({ url, from })
  }

  while (queue.length > 0 && visited.length < MAX_PAGES) {
    const next = queue.shift()!
    if (DOWNLOAD.test(new URL(next.url, baseUrl).pathname)) {
      // the context's request shares the page's cookies; the page (and what it logs) stays as it is
      const response = await context.request.get(`${baseUrl}${next.url}`, { maxRedirects: 0 })
      downloads.push(next.url)
      if (response.status() === 404 || response.status() >= 500)
        problems.push({ ...next, problem: `download answered ${response.status()}` })
      await response.dispose()
      continue
    }
    current = next
    const started = Date.now()
    const response = await page.goto(`${baseUrl}${next.url}`)
    visited.push(next.url)
    const status = response?.status() ?? 0
    if (status === 404 || status >= 500) report(`answered ${status}`)
    if (!(response?.headers()['content-type'] ?? '').startsWith('text/html')) continue
    await hydrated(page)
    for (const p of visibleTextProblems(await page.evaluate(() => document.body.innerText))) report(p)
    for (const p of await axeViolations(page)) report(p)
    const links = await page.$$eval('a[href]', (as) => as.map((a) => (a as HTMLAnchorElement).href))
    for (const href of links) enqueue(href, next.url)
    timings.push({ url: next.url, ms: Date.now() - started })
  }
  const slowest = timings
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 3)
    .map((t) => `${t.url} ${(t.ms / 1000).toFixed(1)} s`)
  console.log(`slowest pages: ${slowest.join(', ')}`)
  // and a page that does not exist: the error page keeps the shell (and the menu of a signed-in person)
  current = { url: '/no-such-page', from: '(typed by hand)' }
  expected404 = current.url
  const missing = await page.goto(`${baseUrl}${current.url}`)
  if (missing?.status() !== 404) report(`answered ${missing?.status()} instead of 404`)
  await hydrated(page)
  const signedIn = (await page.context().cookies()).length > 0 && (await page.locator('a[href="/login"]').count()) === 0
  if (signedIn && (await page.locator('nav a[href="/"]').count()) === 0) report('the error page has no navigation')
  const errorText = await page.evaluate(() => document.body.innerText)
  if (/\bError\b|no-such-page/.test(errorText))
    report(`the error page shows an internal message: ${around(errorText, errorText.search(/\bError\b|no-such-page/))}`)
  for (const p of [...visibleTextProblems(errorText), ...(await axeViolations(page))]) report(p)

  if (queue.length > 0)
    problems.push({
      url: queue[0].url,
      from: queue[0].from,
      problem: `crawl stopped at ${MAX_PAGES} pages with ${queue.length} left: raise MAX_PAGES or lower MAX_PER_SHAPE`,
    })
  return { problems, visited, downloads }
}

/** Signs in through the form; the first page may be the home page or one the person must see first. */
async function signInAs(page: Page, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('อีเมล').fill(email)
  await page.getByLabel('รหัสผ่าน').fill(DEMO_PASSWORD)
  await page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click()
  await page.waitForURL((url) => url.pathname !== '/login')
}

const format = (problems: Problem[]) => problems.map((p) => `${p.url} (linked from ${p.from}): ${p.problem}`)

let session: BrowserSession
let disconnect: () => Promise<void>
let organization: Organization

/** A few evidence items of every kind on the demo catalog, as a coordinator makes them. */
async function seedSomeEvidence(org: Organization) {
  // the demo's year in progress: the one its coordinator works on
  const summary = (await findDemoCatalog(org, 'ita', fiscalYearOf(new Date())))!
  const catalog = (await getCatalog(org.id, summary.id))!
  if (catalog.content.kind !== 'ita') throw new Error('ITA catalog expected')
  const coordinator = (await getUserByEmail(DEMO_PEOPLE[1].email))!
  const actor = { organizationId: org.id, userId: coordinator.id, userName: coordinator.nameTh }
  const storage = createStorage({ ...inject('services').s3, bucket: 'e2e-evidence', forcePathStyle: true })
  const criteria = listCriteria(catalog.content)
  const elementOf = (kind: 'file' | 'url' | 'text') => {
    for (const { criterion } of criteria)
      for (const e of criterion.elements)
        if (e.evidenceKind === kind) return { catalogId: catalog.id, itemCode: criterion.code, elementId: e.id }
    return {
      catalogId: catalog.id,
      itemCode: criteria[0].criterion.code,
      elementId: criteria[0].criterion.elements[0].id,
    }
  }
  const bytes = Buffer.from('รายงานผลการดำเนินงาน ปีงบประมาณ พ.ศ. 2569\n', 'utf8')
  const stored = await putHashedStream(storage, newObjectKey(org.id), Readable.from([bytes]), {
    contentType: 'text/plain',
    maxBytes: 1024 * 1024,
    fileName: 'รายงาน.txt',
  })
  const file = await createFileEvidence(actor, { ...stored, mimeType: 'text/plain', fileName: 'รายงาน.txt' })
  await linkEvidence(actor, file.id, elementOf('file'), { resolveTarget: resolveOrganizationTarget })
  const link = await createLinkEvidence(
    actor,
    { url: `${baseUrl}/healthz`, title: 'หน้าเว็บไซต์หน่วยงาน' },
    { allowPrivate: true },
  )
  await linkEvidence(actor, link.id, elementOf('url'), { resolveTarget: resolveOrganizationTarget })
  const text = await createTextEvidence(actor, { title: 'คำอธิบายการดำเนินงาน', html: '<p>ดำเนินการแล้ว</p>' })
  await linkEvidence(actor, text.id, elementOf('text'), { resolveTarget: resolveOrganizationTarget })
  // a draft next to the published catalogs: the editor pages
  await startFromBuiltIn(
    { organizationId: org.id, userId: null, userName: 'ระบบ (ข้อมูลตัวอย่าง) / system (demo data)' },
    'integrity-policy-plan',
  ).catch(() => undefined)
}

beforeAll(async () => {
  disconnect = await useE2eDatabase()
  organization = (await seedDemo()).organization
  await seedSomeEvidence(organization)
  session = await openBrowser()
})
afterAll(async () => {
  await session?.close()
  await disconnect?.()
})

const ROLES: (Role | null)[] = [null, 'admin', 'coordinator', 'assessor', 'executive']

describe('crawler: every linked page, as each role', () => {
  for (const role of ROLES) {
    it(
      `${role ?? 'signed out'}: no 404 or 500, console error, internal text or accessibility violation`,
      { timeout: 15 * 60_000 },
      async () => {
        const context = await newCrawlContext()
        try {
          const page = await context.newPage()
          if (role) await signInAs(page, DEMO_PEOPLE.find((p) => p.role === role)!.email)
          const { problems, visited, downloads } = await crawl(context, page)
          console.log(`crawl as ${role ?? 'signed out'}: ${visited.length} pages, ${downloads.length} downloads`)
          // something was crawled: the navigation of a signed-in person leads to several pages
          expect(visited.length).toBeGreaterThan(role ? 5 : 1)
          expect(format(problems)).toEqual([])
        } finally {
          await context.close()
        }
      },
    )
  }

  it('a page that does not exist keeps the shell and navigation, in Thai, without an internal message', async () => {
    const context = await newCrawlContext()
    try {
      const page = await context.newPage()
      await signInAs(page, DEMO_PEOPLE[0].email)
      const response = await page.goto(`${baseUrl}/nope-page`)
      expect(response?.status()).toBe(404)
      await hydrated(page)
      await page.getByRole('heading', { name: 'ไม่พบหน้าที่ต้องการ' }).waitFor()
      // the navigation is still there and leads on
      await expect(page.getByRole('navigation').getByRole('link', { name: 'คลังหลักฐาน' }).count()).resolves.toBe(1)
      const text = await page.evaluate(() => document.body.innerText)
      expect(text).not.toContain('Error')
      expect(text).not.toContain('nope-page')
      expect(text).toContain('Page not found')
    } finally {
      await context.close()
    }
  })
})
