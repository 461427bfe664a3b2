/**
 * What the app's own server (server/index.ts) does before Remix sees a request.
 *
 * Request bodies are capped before any route reads them: a sign-in or
 * language form is at most 64 KB, with or without Content-Length, so that large posts sent
 * before signing in cannot fill the server's memory. Import forms have a larger cap; the
 * streaming evidence uploads (the library's and an item element's) keep their own.
 */
import http from 'node:http'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { getItemReview } from '#models/work/review.server'
import { largePdfLike, multipartRequest } from '#test/support/evidence-files'
import { TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { provideE2e } from '#test/support/e2e-db'
import { publishAndAssign, release } from '#test/support/kit'

const baseUrl = inject('baseUrl')
const MiB = 1024 * 1024
let org: TestOrg

beforeAll(async () => {
  ;({ org } = await provideE2e('bodycap', { browser: false }))
})
afterAll(release)

interface Answer {
  status: number
  text: string
  /** Body bytes the client had written when the answer arrived. */
  written: number
}

/**
 * Posts `total` bytes of a form field in 1 MiB writes, declaring Content-Length or not
 * (chunked), and stops writing as soon as the server answers.
 */
function post(
  path: string,
  total: number,
  options: { declareLength: boolean; contentType?: string; cookie?: string; keepAlive?: boolean },
): Promise<Answer> {
  const url = new URL(path, baseUrl)
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {
      'Content-Type': options.contentType ?? 'application/x-www-form-urlencoded',
      Origin: baseUrl,
    }
    if (options.cookie) headers.Cookie = options.cookie
    if (options.declareLength) headers['Content-Length'] = String(total)
    // a connection of its own, closed after the answer ("Connection: close") unless kept alive as browsers do
    const agent = options.keepAlive ? new http.Agent({ keepAlive: true }) : false
    const request = http.request({
      host: url.hostname,
      port: url.port,
      path: url.pathname + url.search,
      method: 'POST',
      headers,
      agent,
    })
    let written = 0
    let answered = false
    request.on('response', (response) => {
      answered = true
      const at = written
      let text = ''
      response.setEncoding('utf8')
      response.on('data', (d: string) => (text += d))
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, text, written: at })
        request.destroy()
        if (agent) agent.destroy()
      })
    })
    // the server closes the connection after refusing: writing on then fails, which is expected
    request.on('error', (error) => {
      if (!answered) reject(new Error(`${path}: ${error.message} after ${written} bytes`))
    })
    const chunk = Buffer.alloc(MiB, 'a')
    const write = () => {
      while (!answered && written < total) {
        const part = chunk.subarray(0, Math.min(MiB, total - written))
        written += part.length
        if (!request.write(part)) return void request.once('drain', write)
      }
      if (!answered) request.end()
    }
    request.write('x=')
    write()
  })
}

/** Signs in through the form; returns the session cookie. */
async function signIn(email: string): Promise<string> {
  const form = new URLSearchParams({ email, password: TEST_PASSWORD, redirectTo: '/' })
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    body: form,
    headers: { Origin: baseUrl },
    redirect: 'manual',
  })
  expect(response.status).toBe(302)
  return (response.headers.get('Set-Cookie') ?? '').split(';')[0]
}

describe('the body cap before sign-in', () => {
  for (const path of ['/login', '/language']) {
    for (const [declareLength, keepAlive] of [
      [true, false],
      [false, false],
      [true, true],
      [false, true],
    ]) {
      it(
        `refuses a 64 MiB post to ${path} ${declareLength ? 'with' : 'without'} ` +
          `Content-Length${keepAlive ? ' on a kept-alive connection' : ''} with 413, before reading it`,
        async () => {
          const answer = await post(path, 64 * MiB, { declareLength, keepAlive })
          expect(answer.status).toBe(413)
          expect(answer.text).toBe('ข้อมูลที่ส่งมา: ใหญ่เกิน 64 KB / request body: larger than 64 KB')
          // answered long before the client could send it all
          expect(answer.written).toBeLessThan(64 * MiB)
        },
      )
    }
  }

  it('still signs in with a normal form, with and without Content-Length', async () => {
    const form = new URLSearchParams({ email: org.people.assessor.email, password: TEST_PASSWORD, redirectTo: '/' })
    expect(await signIn(org.people.assessor.email)).toMatch(/.+=.+/)

    // a streamed body has no Content-Length: the server counts it and hands it on whole
    const bytes = new TextEncoder().encode(form.toString())
    const streamed = await fetch(`${baseUrl}/login`, {
      method: 'POST',
      body: new ReadableStream({ start: (c) => (c.enqueue(bytes), c.close()) }),
      headers: { Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' },
      redirect: 'manual',
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(302)
    expect(streamed.headers.get('Set-Cookie')).toMatch(/.+=.+/)
  })

  it(
    'lets a signed-in form carry a long text (a text evidence of 60,000 Thai characters), and not a body ' +
      'without a session',
    async () => {
      const cookie = await signIn(org.people.coordinator.email)
      const form = new URLSearchParams({
        intent: 'text',
        title: 'คำอธิบายยาว',
        html: 'การเปิดเผยข้อมูล'.repeat(3750),
      }).toString()
      expect(form.length).toBeGreaterThan(500 * 1024)
      const headers = { Origin: baseUrl, 'Content-Type': 'application/x-www-form-urlencoded' }
      const signedIn = await fetch(`${baseUrl}/evidence?index`, {
        method: 'POST',
        body: form,
        headers: { ...headers, Cookie: cookie },
        redirect: 'manual',
      })
      expect(signedIn.status).toBe(302)
      expect(signedIn.headers.get('Location')).toMatch(/^\/evidence\/[0-9a-f]{24}$/)
      const anonymous = await fetch(`${baseUrl}/evidence?index`, {
        method: 'POST',
        body: form,
        headers,
        redirect: 'manual',
      })
      expect(anonymous.status).toBe(413)
      expect(await anonymous.text()).toBe('ข้อมูลที่ส่งมา: ใหญ่เกิน 64 KB / request body: larger than 64 KB')
      // the sign-in form stays at 64 KB even with a session cookie
      const login = await post('/login', MiB, { declareLength: true, cookie })
      expect(login.status).toBe(413)
    },
  )

  it('gives import forms a larger cap of their own, and leaves the evidence upload to its own cap', async () => {
    const cookie = await signIn(org.people.admin.email)
    const multipart = 'multipart/form-data; boundary=x'
    // 1 MiB is over the form cap but under the import cap: the route itself answers (the body is no real form)
    for (const path of ['/catalogs?index', '/surveys', '/clarifications?index', '/evidence/upload']) {
      const answer = await post(path, MiB, { declareLength: true, contentType: multipart, cookie })
      expect(answer.status, path).not.toBe(413)
      expect(answer.text, path).not.toMatch(/request body: larger than/)
    }
    const tooBig = await post('/surveys', 64 * MiB, { declareLength: false, contentType: multipart, cookie })
    expect(tooBig.status).toBe(413)
    expect(tooBig.text).toBe('ข้อมูลที่ส่งมา: ใหญ่เกิน 6 MB / request body: larger than 6 MB')
  })

  it("takes a file of several MB dropped on an item's element: it streams under the evidence cap", async () => {
    const catalog = await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O11'] })
    const cookie = await signIn(org.people.coordinator.email)
    const url = `${baseUrl}/items/${catalog.id}/O11/upload?element=e1`
    const answer = await fetch(
      multipartRequest(url, 'รายงานประจำปี.pdf', largePdfLike(3 * MiB), {
        headers: { Cookie: cookie, Origin: baseUrl, Accept: 'application/json' },
      }),
    )
    // before the fix: 413 "request body: larger than 1 MB", the signed-in form cap
    const text = await answer.text()
    expect(text).not.toMatch(/request body: larger than/)
    expect(answer.status).toBe(201)
    expect(JSON.parse(text)).toMatchObject({ ok: true, linked: 'e1' })
    const item = await getItemReview(org.organization.id, catalog.id, 'O11')
    expect(item!.elements.find((e) => e.id === 'e1')!.evidence.map((e) => e.title)).toEqual(['รายงานประจำปี'])
  })
})

describe('the cross-origin check', () => {
  const language = (headers: Record<string, string>) =>
    fetch(`${baseUrl}/language`, {
      method: 'POST',
      body: new URLSearchParams({ locale: 'en', redirectTo: '/login' }),
      headers,
      redirect: 'manual',
    })

  it('ignores a Referer that is not a URL instead of failing', async () => {
    const response = await language({ Referer: 'not a url' })
    expect(response.status).toBe(302)
    expect(response.headers.get('Location')).toBe('/login')
  })

  it('still refuses a post whose Referer is another site', async () => {
    const response = await language({ Referer: 'https://other-site.example/page' })
    expect(response.status).toBe(403)
    expect(await response.text()).toBe('คำขอจากเว็บไซต์อื่นถูกปฏิเสธ / Cross-origin request refused')
  })
})
