/**
 * The hostile corpus: requests an attacker, a careless client or a confused member might send,
 * grouped by area, each with the answer it must get (status, and a Thai or English fragment of
 * the message naming the field or the rule). hostile.test.ts replays every case against the
 * running app and checks that the database and the bucket did not change (except what a case
 * names in `changes`, with the reason).
 *
 * Link targets use loopback spellings only (the test's own listener): never another address.
 * "evil.example" appears only inside headers and redirect targets, which are never fetched.
 */
import type { Role } from '#models/tenancy/permissions'
import type { TestOrg } from '#test/support/fixtures'
import { elfBytes, minimalPdf, solidPng, thaiXlsx } from '#test/support/evidence-files'
import { multipartBody, send, type Answer, type Part } from './http'

export interface Ctx {
  baseUrl: string
  /** Signed-in session cookies of organization A's four roles. */
  cookies: Record<Role, string>
  /** Organization B's administrator (for a member of another organization). */
  otherAdmin: string
  a: TestOrg
  b: TestOrg
  ids: {
    catalogA: string
    catalogB: string
    textA: string
    fileA: string
    fileASize: number
    textB: string
    unitB: string
    /** A link of A stored while private addresses were allowed, pointing at the trap. */
    trapLinkA: string
    /** The same, to the trap answering with a redirect to another loopback spelling. */
    redirectLinkA: string
    /** A text of A in the answer of A's submitted item O1 (frozen); fileA is in it too, on element e2. */
    frozenText: string
    /** A password-reset token of A's executive. */
    resetToken: string
    /** IIT/EIT indicator numbers of A's catalog (survey imports). */
    surveyIndicators: number[]
  }
  /** The loopback listener link targets point at. */
  trap: { port: number; connections: () => number; setRedirect: (to: string | null) => void }
  /** Failed sign-ins one address may make in the window (the app's configuration). */
  perAddressLimit: number
  /** Accounts of A used only by the sign-in throttle cases (they end up throttled). */
  throttleVictims: { email: string; password: string }[]
}

export interface HostileCase {
  name: string
  send: (ctx: Ctx) => Promise<Answer>
  /** The expected status (any of them, when several are acceptable). */
  status: number | number[]
  /** A fragment of the answer naming the field or the rule (Thai or English). */
  message?: string | RegExp
  /** A redirect answer whose Location must stay on this site. */
  sameOriginLocation?: boolean
  /** What a case may change, with the reason; everything else must stay byte-identical. */
  changes?: { collections?: string[]; bucket?: boolean; reason: string }
  /** Further assertions on the answer. */
  check?: (answer: Answer, ctx: Ctx) => void | Promise<void>
}

export interface Area {
  area: string
  cases: HostileCase[]
}

// ---- request builders --------------------------------------------------------------------------

type Who = Role | 'other' | null
interface Opts {
  as?: Who
  headers?: Record<string, string>
  /** Origin header; defaults to the app's own for non-GET requests; null leaves it out. */
  origin?: string | null
  chunked?: boolean
  localAddress?: string
}
type P = string | ((ctx: Ctx) => string)
const at = (p: P, ctx: Ctx) => (typeof p === 'function' ? p(ctx) : p)

function headersFor(ctx: Ctx, method: string, o: Opts): Record<string, string> {
  const h: Record<string, string> = {}
  const who = o.as ?? null
  if (who === 'other') h.Cookie = ctx.otherAdmin
  else if (who) h.Cookie = ctx.cookies[who]
  if (method !== 'GET' && o.origin !== null) h.Origin = o.origin ?? ctx.baseUrl
  return { ...h, ...o.headers }
}

export const get =
  (path: P, o: Opts = {}) =>
  (ctx: Ctx) =>
    send(ctx.baseUrl, {
      method: 'GET',
      path: at(path, ctx),
      headers: headersFor(ctx, 'GET', o),
      localAddress: o.localAddress,
    })

export const postForm =
  (
    path: P,
    fields: Record<string, string> | ((ctx: Ctx) => Record<string, string> | [string, string][]),
    o: Opts = {},
  ) =>
  (ctx: Ctx) => {
    const f = typeof fields === 'function' ? fields(ctx) : fields
    return send(ctx.baseUrl, {
      method: 'POST',
      path: at(path, ctx),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headersFor(ctx, 'POST', o) },
      body: new URLSearchParams(f as Record<string, string>).toString(),
      chunked: o.chunked,
      localAddress: o.localAddress,
    })
  }

export const postRaw =
  (path: P, contentType: string | null, body: Buffer | string | ((ctx: Ctx) => Buffer | string), o: Opts = {}) =>
  (ctx: Ctx) =>
    send(ctx.baseUrl, {
      method: 'POST',
      path: at(path, ctx),
      headers: { ...(contentType ? { 'Content-Type': contentType } : {}), ...headersFor(ctx, 'POST', o) },
      body: typeof body === 'function' ? body(ctx) : body,
      chunked: o.chunked,
      localAddress: o.localAddress,
    })

export const postMultipart =
  (path: P, parts: (ctx: Ctx) => (Part | { raw: string })[] | Promise<(Part | { raw: string })[]>, o: Opts = {}) =>
  async (ctx: Ctx) => {
    const { body, contentType } = multipartBody(await parts(ctx))
    return send(ctx.baseUrl, {
      method: 'POST',
      path: at(path, ctx),
      headers: { 'Content-Type': contentType, ...headersFor(ctx, 'POST', o) },
      body,
      chunked: o.chunked,
    })
  }

const file = (filename: string, data: Buffer | string, type?: string): Part => ({ name: 'file', filename, data, type })
const field = (name: string, value: string): Part => ({ name, value })

// ---- shared expectations -----------------------------------------------------------------------

const NOT_FOUND = /ไม่พบ|not found/i
const FORBIDDEN = /ไม่มีสิทธิ์|you may not do this/
const CROSS_ORIGIN = /Cross-origin request refused|คำขอจากเว็บไซต์อื่นถูกปฏิเสธ/
const INTERNAL = /not an internal address|ไม่ใช่ที่อยู่ภายในเครือข่าย/
const AUDITED_REFUSAL = {
  collections: ['audit_events'],
  reason: 'a refused upload is recorded in the audit trail (evidence.upload-refused)',
}
const SIGN_IN = {
  collections: ['sessions', 'audit_events'],
  reason: 'a successful sign-in starts a session and is audited',
}

/** Every JSON refusal of the upload route names the file it refused, as cleaned for display. */
function uploadRefusal(
  status: number,
  message: string | RegExp,
  name?: string,
): Pick<HostileCase, 'status' | 'message' | 'changes' | 'check'> {
  return {
    status,
    message,
    changes: AUDITED_REFUSAL,
    check: (answer) => {
      const json = JSON.parse(answer.raw.toString('utf8')) as { ok: boolean; fileName: string; reason: string }
      if (json.ok !== false) throw new Error('the upload was accepted')
      if (name !== undefined && json.fileName !== name)
        throw new Error(`refusal names "${json.fileName}", expected "${name}"`)
      // no control, bidi or separator characters reach the message or the shown name
      if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(json.fileName + json.reason))
        throw new Error(`control characters in the refusal: ${JSON.stringify(json)}`)
      if (/[/\\]/.test(json.fileName) || json.fileName.includes('..'))
        throw new Error(`a path in the file name: ${json.fileName}`)
    },
  }
}

/** An accepted upload whose hostile name must come back as one clean segment. */
function cleanUpload(expected?: string): Pick<HostileCase, 'status' | 'changes' | 'check'> {
  return {
    status: 201,
    changes: {
      collections: ['evidence', 'audit_events', 'evidence_state', 'organization_activity'],
      bucket: true,
      reason: 'an accepted upload stores the file and records it (the name is the hostile part)',
    },
    check: async (answer, ctx) => {
      const json = JSON.parse(answer.raw.toString('utf8')) as {
        ok: boolean
        fileName: string
        evidence: { id: string }
      }
      if (expected !== undefined && json.fileName !== expected)
        throw new Error(`stored name "${json.fileName}", expected "${expected}"`)
      // the download header carries the clean name, never a raw control character
      const download = await get(`/evidence/${json.evidence.id}/file?download=1`, { as: 'coordinator' })(ctx)
      const disposition = String(download.headers['content-disposition'] ?? '')
      if (/[\u0000-\u001f\u007f\u202a-\u202e\u2066-\u2069/\\]/.test(json.fileName) || json.fileName.includes('..'))
        throw new Error(`unclean stored name ${JSON.stringify(json.fileName)}`)
      if (Object.keys(download.headers).some((h) => /injected/i.test(h)) || /content-type:/i.test(disposition))
        throw new Error('a header was injected through the name')
      if (download.status !== 200 || !/attachment/.test(disposition))
        throw new Error(`download: ${download.status} ${disposition}`)
      if (
        /[\u0000-\u001f\u007f]/.test(disposition) ||
        /\.\.|%2F|\//i.test(disposition.replace(/^[^;]*;/, '').replace(/filename\*=UTF-8''/i, ''))
      )
        throw new Error(`unsafe Content-Disposition: ${disposition}`)
    },
  }
}

function sameSite(ctx: Ctx, location: string | undefined): boolean {
  if (!location) return false
  const base = new URL(ctx.baseUrl)
  try {
    return new URL(location, base).origin === base.origin
  } catch {
    return false
  }
}

// ---- the corpus --------------------------------------------------------------------------------

/** Targets of redirectTo that a browser would take off this site (or to a script). */
const REDIRECT_TARGETS: [string, string][] = [
  ['encoded backslash', '/%5Cevil.example'],
  ['tab after the slash', '/\tevil.example'],
  ['protocol-relative', '//evil.example'],
  ['absolute https', 'https://evil.example'],
  ['upper-case absolute', 'HTTPS://EVIL.EXAMPLE/'],
  ['slash backslash', '/\\evil.example'],
  ['two backslashes', '\\\\evil.example'],
  ['slash backslash slash', '/\\/evil.example'],
  ['scheme without slashes', 'https:evil.example'],
  ['dot segment then two slashes', '/.//evil.example'],
  ['leading space', ' //evil.example'],
  ['CR LF inside', '/\r\n/evil.example'],
  ['javascript:', 'javascript:alert(document.cookie)'],
  ['data:', 'data:text/html,<script>alert(1)</script>'],
  ['user info', '//evil.example@127.0.0.1/'],
  ['encoded protocol-relative host', '//%65vil.example'],
]

function redirectCases(): HostileCase[] {
  const cases: HostileCase[] = []
  for (const [label, target] of REDIRECT_TARGETS) {
    cases.push({
      name: `/language redirectTo ${label} (${JSON.stringify(target)}) stays on this site`,
      send: postForm('/language', { locale: 'th', redirectTo: target }),
      status: 302,
      sameOriginLocation: true,
    })
  }
  for (const [label, target] of REDIRECT_TARGETS.slice(0, 10)) {
    cases.push({
      name: `sign-in with redirectTo ${label} (${JSON.stringify(target)}) stays on this site`,
      send: (ctx) =>
        postForm('/login', {
          email: ctx.a.people.assessor.email,
          password: 'correct-horse-battery-staple',
          redirectTo: target,
        })(ctx),
      status: 302,
      sameOriginLocation: true,
      changes: SIGN_IN,
    })
  }
  cases.push({
    name: 'a protected page asked for while signed out sends to sign-in with a local redirectTo only',
    send: get('//evil.example/admin/units'),
    status: [302, 404],
    check: (answer, ctx) => {
      if (answer.status === 302 && !sameSite(ctx, answer.headers.location))
        throw new Error(`Location ${answer.headers.location}`)
    },
  })
  return cases
}

const KiB = 1024
/**
 * Failed sign-ins count against the client address for 15 minutes: the corpus makes its own from
 * loopback addresses of its own, so that other test files signing in from 127.0.0.1 are not slowed.
 */
const OWN_ADDRESS = '127.0.0.24'
const bigForm = (bytes: number) => `email=a%40b.test&password=${'a'.repeat(bytes)}`

function bodyCases(): HostileCase[] {
  const tooLarge = /larger than 64 KB|ใหญ่เกิน 64 KB/
  return [
    {
      name: 'a 65 KiB sign-in form with Content-Length',
      send: postRaw('/login', 'application/x-www-form-urlencoded', bigForm(65 * KiB)),
      status: 413,
      message: tooLarge,
    },
    {
      name: 'a 65 KiB sign-in form sent chunked',
      send: postRaw('/login', 'application/x-www-form-urlencoded', bigForm(65 * KiB), { chunked: true }),
      status: 413,
      message: tooLarge,
    },
    {
      name: 'a 65 KiB language form with Content-Length',
      send: postRaw('/language', 'application/x-www-form-urlencoded', `locale=th&redirectTo=/${'a'.repeat(65 * KiB)}`),
      status: 413,
      message: tooLarge,
    },
    {
      name: 'a 65 KiB language form sent chunked',
      send: postRaw('/language', 'application/x-www-form-urlencoded', `locale=th&redirectTo=/${'a'.repeat(65 * KiB)}`, {
        chunked: true,
      }),
      status: 413,
      message: tooLarge,
    },
    // signed-in forms have a larger cap than the sign-in form; 3 MB is over either
    {
      name: 'a 3 MB form to an administrator form',
      send: postRaw('/admin/units', 'application/x-www-form-urlencoded', `kind=group&nameTh=${'ก'.repeat(350 * KiB)}`, {
        as: 'admin',
      }),
      status: 413,
      message: /request body: larger than \d+ [KM]B/,
    },
    {
      name: 'a 3 MB form with a forged session cookie',
      send: postRaw('/admin/units', 'application/x-www-form-urlencoded', `kind=group&nameTh=${'ก'.repeat(350 * KiB)}`, {
        headers: { Cookie: '__session=forged' },
      }),
      status: 413,
      message: /request body: larger than \d+ [KM]B/,
    },
    {
      name: 'a 65 KiB multipart sign-in form',
      send: postMultipart('/login', () => [field('email', 'a@b.test'), field('password', 'x'.repeat(65 * KiB))]),
      status: 413,
      message: tooLarge,
    },
    {
      name: 'a JSON sign-in body',
      send: (ctx) =>
        postRaw(
          '/login',
          'application/json',
          JSON.stringify({ email: ctx.a.people.admin.email, password: 'correct-horse-battery-staple' }),
        )(ctx),
      status: 400,
      message: /must be sent as form data|ต้องส่งเป็นข้อมูลแบบฟอร์ม/,
    },
    {
      name: 'a JSON sign-in body with an operator for the password',
      send: postRaw('/login', 'application/json', '{"email":{"$ne":null},"password":{"$ne":null}}'),
      status: 400,
      message: /must be sent as form data/,
    },
    {
      name: 'a text/plain sign-in body',
      send: postRaw('/login', 'text/plain', 'email=a@b.test&password=x'),
      status: 400,
      message: /must be sent as form data/,
    },
    {
      name: 'a sign-in body without Content-Type',
      send: postRaw('/login', null, 'email=a@b.test&password=x'),
      status: 400,
      message: /must be sent as form data/,
    },
    {
      name: 'a multipart sign-in without a boundary',
      send: postRaw(
        '/login',
        'multipart/form-data',
        '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.test\r\n--x--\r\n',
      ),
      status: 400,
      message: /must be sent as form data|กรุณากรอกอีเมล|Please enter/,
    },
    {
      name: 'a multipart sign-in whose body never closes',
      send: postRaw(
        '/login',
        'multipart/form-data; boundary=xyz',
        '--xyz\r\nContent-Disposition: form-data; name="email"\r\n\r\na@b.test',
      ),
      status: 400,
      message: /must be sent as form data|Please enter/,
    },
    {
      name: 'a sign-in e-mail of 300 characters',
      send: postForm('/login', { email: `${'a'.repeat(290)}@b.test`, password: 'x' }),
      status: 400,
      message: /Please enter your e-mail and password|กรุณากรอกอีเมลและรหัสผ่าน/,
    },
    {
      name: 'a sign-in password of 201 characters',
      send: postForm('/login', { email: 'someone@b.test', password: 'x'.repeat(201) }),
      status: 400,
      message: /Please enter your e-mail and password/,
    },
    {
      name: 'a sign-in without a password',
      send: postForm('/login', { email: 'someone@b.test' }),
      status: 400,
      message: /Please enter your e-mail and password/,
    },
    {
      name: 'a JSON body to an administrator form',
      send: postRaw('/admin/units', 'application/json', '{"nameTh":"x","kind":"group"}', { as: 'admin' }),
      status: [400, 415],
      message: /form|แบบฟอร์ม/,
    },
    {
      name: 'an import form over the import cap (6 MB), chunked',
      send: postMultipart('/surveys?year=2569', () => [file('s.csv', Buffer.alloc(6 * 1024 * KiB + 10, 'a'))], {
        as: 'admin',
        chunked: true,
      }),
      status: 413,
      message: /larger than 6 MB|ใหญ่เกิน 6 MB/,
    },
    {
      name: 'a catalog file over its own 5 MB limit',
      send: postMultipart('/catalogs?index', () => [file('big.json', Buffer.alloc(5 * 1024 * KiB + 100 * KiB, ' '))], {
        as: 'admin',
      }),
      status: [400, 413],
      message: /larger than 5 MB|ใหญ่เกิน 5 MB/,
    },
    {
      name: 'a catalog import whose multipart body never closes',
      send: postRaw(
        '/catalogs?index',
        'multipart/form-data; boundary=q1',
        '--q1\r\nContent-Disposition: form-data; name="file"; filename="c.json"\r\n\r\n{"kind":',
        { as: 'admin' },
      ),
      status: 400,
      message: /the upload cannot be read|อ่านไฟล์ที่ส่งมาไม่ได้/,
    },
    {
      name: 'a survey import whose multipart body never closes',
      send: postRaw(
        '/surveys?year=2569',
        'multipart/form-data; boundary=q2',
        '--q2\r\nContent-Disposition: form-data; name="file"; filename="s.csv"\r\n\r\n1,50',
        { as: 'admin' },
      ),
      status: 400,
      message: /the upload cannot be read|อ่านไฟล์ที่ส่งมาไม่ได้/,
    },
    {
      name: 'a clarification import without a boundary',
      send: postRaw('/clarifications?index', 'multipart/form-data', 'garbage', { as: 'admin' }),
      status: 400,
      message: /the upload cannot be read|อ่านไฟล์ที่ส่งมาไม่ได้/,
    },
    {
      name: 'an upload form without a boundary',
      send: postRaw('/evidence/upload', 'multipart/form-data', 'garbage', { as: 'coordinator' }),
      ...uploadRefusal(400, /malformed|ไม่ถูกต้อง|no file in the request/),
    },
    {
      name: 'an upload whose multipart body never closes',
      send: postRaw(
        '/evidence/upload',
        'multipart/form-data; boundary=zz',
        '--zz\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n%PDF-1.4',
        { as: 'coordinator' },
      ),
      ...uploadRefusal(400, /malformed|ไม่ถูกต้อง|no file|empty|ว่างเปล่า/),
    },
    {
      name: 'an upload with a field and no file',
      send: postMultipart('/evidence/upload', () => [field('note', 'hello')], { as: 'coordinator' }),
      ...uploadRefusal(400, /no file in the request|ไม่พบไฟล์ในคำขอ/),
    },
    {
      name: 'an upload whose form field is over 10,000 bytes',
      send: postMultipart(
        '/evidence/upload',
        () => [field('note', 'x'.repeat(10_001)), file('report.pdf', minimalPdf())],
        { as: 'coordinator' },
      ),
      ...uploadRefusal(413, /form field "note" is too long|ช่อง "note" ของฟอร์มยาวเกินกำหนด/),
    },
    {
      name: 'an upload whose field over the limit comes after the file (the stored file goes too)',
      send: postMultipart(
        '/evidence/upload',
        () => [file('report.pdf', minimalPdf('after')), field('note', 'x'.repeat(20_000))],
        { as: 'coordinator' },
      ),
      ...uploadRefusal(413, /form field "note" is too long/),
    },
    {
      name: 'a multipart header whose file name never closes its quote',
      send: postMultipart(
        '/evidence/upload',
        () => [
          {
            raw:
              'Content-Disposition: form-data; name="file"; filename="a.exe\r\nContent-Type: application/pdf\r\n\r\n' +
              elfBytes(64).toString('latin1'),
          },
        ],
        { as: 'coordinator' },
      ),
      ...uploadRefusal(
        400,
        /malformed|ไม่ถูกต้อง|no file in the request|which is not accepted|extension \.exe is not accepted/,
      ),
      status: [400, 415],
    },
    {
      name: 'an RFC 5987 file name carrying CR LF (filename*)',
      send: postMultipart(
        '/evidence/upload',
        () => [
          {
            raw:
              'Content-Disposition: form-data; name="file"; ' +
              "filename*=UTF-8''evil%0D%0AX-Injected%3A%201.pdf\r\n" +
              'Content-Type: application/pdf\r\n\r\n' +
              elfBytes(64).toString('latin1'),
          },
        ],
        { as: 'coordinator' },
      ),
      ...uploadRefusal(400, /malformed|ไม่ถูกต้อง|no file in the request|the name says/),
    },
  ]
}

function headerCases(): HostileCase[] {
  // a new unit posted by the administrator, with the Origin and headers given
  const newUnit = (nameTh: string, request: Pick<Opts, 'origin' | 'headers'>) =>
    postForm('/admin/units', { nameTh, kind: 'group' }, { as: 'admin', ...request })
  return [
    // no browser sends a Referer that is not a URL: it counts as no Referer (a client that is not a page), never as a
    // crash
    {
      name: 'a sign-in whose Referer is not a URL (no Origin) is answered as a sign-in',
      send: postForm(
        '/login',
        { email: 'nobody@sec.saisaat.test', password: 'x' },
        { origin: null, headers: { Referer: 'not a url' }, localAddress: OWN_ADDRESS },
      ),
      status: 401,
      message: /Wrong e-mail or password|อีเมลหรือรหัสผ่านไม่ถูกต้อง/,
    },
    {
      name: 'an administrator form whose Referer is not a URL reaches its own checks',
      send: newUnit('', { origin: null, headers: { Referer: '::::' } }),
      status: 400,
      message: /Thai name: required/,
    },
    {
      name: 'a sign-in from another origin',
      send: postForm('/login', { email: 'a@b.test', password: 'x' }, { origin: 'http://evil.example' }),
      status: 403,
      message: CROSS_ORIGIN,
    },
    {
      name: 'a sign-in with Origin: null (sandboxed frame)',
      send: postForm('/login', { email: 'a@b.test', password: 'x' }, { origin: 'null' }),
      status: 403,
      message: CROSS_ORIGIN,
    },
    {
      name: 'a new unit posted from a look-alike origin',
      send: newUnit('หน่วยปลอม', { origin: 'http://127.0.0.1.evil.example' }),
      status: 403,
      message: CROSS_ORIGIN,
    },
    {
      name: 'a new unit posted with only a foreign Referer',
      send: newUnit('หน่วยปลอม', { origin: null, headers: { Referer: 'http://evil.example/page' } }),
      status: 403,
      message: CROSS_ORIGIN,
    },
    {
      name: 'a new unit posted from another port of this host',
      send: (ctx) => newUnit('หน่วยปลอม', { origin: `http://127.0.0.1:${ctx.trap.port}` })(ctx),
      status: 403,
      message: CROSS_ORIGIN,
    },
    {
      name: 'an upload from another origin',
      send: postMultipart('/evidence/upload', () => [file('report.pdf', minimalPdf())], {
        as: 'coordinator',
        origin: 'http://evil.example',
      }),
      status: 403,
      message: CROSS_ORIGIN,
    },
    {
      name: 'a sign-out from another origin',
      send: postForm('/logout', {}, { as: 'executive', origin: 'http://evil.example' }),
      status: 403,
      message: CROSS_ORIGIN,
    },
    {
      name: 'a byte range past the end of the file (Range: bytes=999999-)',
      send: (ctx) =>
        get(`/evidence/${ctx.ids.fileA}/file`, { as: 'coordinator', headers: { Range: 'bytes=999999-' } })(ctx),
      status: 416,
      message: /past the end|เกินขนาดไฟล์/,
      check: (answer, ctx) => {
        if (answer.headers['content-range'] !== `bytes */${ctx.ids.fileASize}`)
          throw new Error(`Content-Range ${answer.headers['content-range']}`)
      },
    },
    {
      name: 'a malformed Range header is ignored (the whole file)',
      send: (ctx) =>
        get(`/evidence/${ctx.ids.fileA}/file`, { as: 'coordinator', headers: { Range: 'bytes=abc-def' } })(ctx),
      status: 200,
      check: (answer, ctx) => {
        if (answer.raw.length !== ctx.ids.fileASize) throw new Error(`${answer.raw.length} bytes`)
      },
    },
    {
      name: 'a multi-range header answers one representation, never a crash',
      send: (ctx) =>
        get(`/evidence/${ctx.ids.fileA}/file`, { as: 'coordinator', headers: { Range: 'bytes=0-1,5-6,-1' } })(ctx),
      status: [200, 206, 416],
    },
    {
      name: 'a forged session cookie is a signed-out visitor',
      send: get('/admin/units', { headers: { Cookie: '__session=forged.token; saisaat_session=forged' } }),
      status: 302,
      check: (answer) => {
        if (!String(answer.headers.location).startsWith('/login'))
          throw new Error(`Location ${answer.headers.location}`)
      },
    },
    {
      name: 'a 20 KB Cookie header',
      send: get('/', { headers: { Cookie: `x=${'a'.repeat(20 * KiB)}` } }),
      status: 431,
    },
  ]
}

/** Loopback spellings a link might use to reach the server itself (each refused, nothing fetched). */
function linkTargets(port: number): [string, string][] {
  return [
    ['dotted loopback', `http://127.0.0.1:${port}/`],
    ['short 127.1', `http://127.1:${port}/`],
    ['three parts 127.0.1', `http://127.0.1:${port}/`],
    ['decimal 2130706433', `http://2130706433:${port}/`],
    ['hexadecimal 0x7f000001', `http://0x7f000001:${port}/`],
    ['hexadecimal first part', `http://0x7f.0.0.1:${port}/`],
    ['octal first part', `http://0177.0.0.1:${port}/`],
    ['zero-padded parts', `http://127.000.000.001:${port}/`],
    ['another loopback address', `http://127.53.0.9:${port}/`],
    ['0.0.0.0', `http://0.0.0.0:${port}/`],
    ['bare 0', `http://0:${port}/`],
    ['IPv6 loopback', `http://[::1]:${port}/`],
    ['IPv6 loopback written out', `http://[0:0:0:0:0:0:0:1]:${port}/`],
    ['IPv6 unspecified', `http://[::]:${port}/`],
    ['IPv4-mapped dotted', `http://[::ffff:127.0.0.1]:${port}/`],
    ['IPv4-mapped hexadecimal', `http://[::ffff:7f00:1]:${port}/`],
    ['IPv4-mapped written out', `http://[0:0:0:0:0:ffff:7f00:1]:${port}/`],
    ['localhost', `http://localhost:${port}/`],
    ['LOCALHOST upper case', `http://LOCALHOST:${port}/`],
    ['localhost with a trailing dot', `http://localhost.:${port}/`],
    ['https to loopback', `https://127.0.0.1:${port}/`],
    ['loopback with a path trick', `http://127.0.0.1:${port}/%2e%2e/%2e%2e/admin`],
  ]
}

function linkCases(): HostileCase[] {
  const nothingFetched = (answer: Answer, ctx: Ctx) => {
    if (ctx.trap.connections() !== 0)
      throw new Error(`the loopback listener was reached ${ctx.trap.connections()} time(s)`)
  }
  const cases: HostileCase[] = linkTargets(0).map(([label], i) => ({
    name: `a link to ${label}`,
    send: (ctx: Ctx) =>
      postForm(
        '/evidence?index',
        { intent: 'link', url: linkTargets(ctx.trap.port)[i][1], title: 'ลิงก์ภายใน' },
        { as: 'coordinator' },
      )(ctx),
    status: 400,
    message: INTERNAL,
    check: nothingFetched,
  }))
  cases.push(
    {
      name: 'a link with credentials',
      send: (ctx) =>
        postForm(
          '/evidence?index',
          { intent: 'link', url: `http://user:secret@127.0.0.1:${ctx.trap.port}/` },
          { as: 'coordinator' },
        )(ctx),
      status: 400,
      message: /user name or password|ชื่อผู้ใช้หรือรหัสผ่าน/,
      check: nothingFetched,
    },
    {
      name: 'a file: link',
      send: postForm('/evidence?index', { intent: 'link', url: 'file:///etc/passwd' }, { as: 'coordinator' }),
      status: 400,
      message: /must use http or https|http หรือ https/,
      check: nothingFetched,
    },
    {
      name: 'an ftp: link to loopback',
      send: (ctx) =>
        postForm(
          '/evidence?index',
          { intent: 'link', url: `ftp://127.0.0.1:${ctx.trap.port}/` },
          { as: 'coordinator' },
        )(ctx),
      status: 400,
      message: /must use http or https/,
      check: nothingFetched,
    },
    {
      name: 'a gopher: link to loopback',
      send: (ctx) =>
        postForm(
          '/evidence?index',
          { intent: 'link', url: `gopher://127.0.0.1:${ctx.trap.port}/_GET` },
          { as: 'coordinator' },
        )(ctx),
      status: 400,
      message: /must use http or https/,
      check: nothingFetched,
    },
    {
      name: 'a javascript: link',
      send: postForm('/evidence?index', { intent: 'link', url: 'javascript:alert(1)' }, { as: 'coordinator' }),
      status: 400,
      message: /must use http or https/,
    },
    {
      name: 'a data: link',
      send: postForm(
        '/evidence?index',
        { intent: 'link', url: 'data:text/html,<script>alert(1)</script>' },
        { as: 'coordinator' },
      ),
      status: 400,
      message: /must use http or https/,
    },
    {
      name: 'a link that is not a URL',
      send: postForm('/evidence?index', { intent: 'link', url: 'not a url' }, { as: 'coordinator' }),
      status: 400,
      message: /not a valid URL|ไม่ใช่ URL/,
    },
    {
      name: 'a link of 2,100 characters',
      send: postForm(
        '/evidence?index',
        { intent: 'link', url: `https://www.example.go.th/${'a'.repeat(2100)}` },
        { as: 'coordinator' },
      ),
      status: 400,
      message: /at most 2,000 characters|ไม่เกิน 2,000/,
    },
    {
      name: 'checking a stored link to loopback (stored when private addresses were allowed) fetches nothing',
      send: (ctx) => postForm(`/evidence/${ctx.ids.trapLinkA}`, { intent: 'check' }, { as: 'coordinator' })(ctx),
      status: [200, 400],
      message: INTERNAL,
      changes: {
        collections: ['evidence', 'audit_events', 'organization_activity'],
        reason: 'the refused check is recorded on the link (its last check and reason) and audited',
      },
      check: nothingFetched,
    },
    {
      name: 'checking a stored link to a loopback server that redirects to [::ffff:7f00:1] fetches nothing',
      send: async (ctx) => {
        ctx.trap.setRedirect(`http://[::ffff:7f00:1]:${ctx.trap.port}/admin`)
        try {
          return await postForm(`/evidence/${ctx.ids.redirectLinkA}`, { intent: 'check' }, { as: 'coordinator' })(ctx)
        } finally {
          ctx.trap.setRedirect(null)
        }
      },
      status: [200, 400],
      message: INTERNAL,
      changes: {
        collections: ['evidence', 'audit_events', 'organization_activity'],
        reason: 'the refused check is recorded on the link (its last check and reason) and audited',
      },
      check: nothingFetched,
    },
  )
  return cases
}

function uploadCases(): HostileCase[] {
  const up = (
    parts: (ctx: Ctx) => (Part | { raw: string })[] | Promise<(Part | { raw: string })[]>,
    as: Who = 'coordinator',
    path: P = '/evidence/upload',
  ) => postMultipart(path, parts, { as })
  const TYPE =
    /the name says .* but the content is|ชื่อไฟล์ระบุว่าเป็น .* แต่เนื้อไฟล์เป็น|the content is .*, which is not accepted|ซึ่งไม่รับ/
  // a name claiming a type that is never taken is refused by its extension, whatever the bytes
  const EXTENSION = /the extension \.[a-z]+ is not accepted|ไม่รับไฟล์นามสกุล/
  // one file uploaded by the coordinator: its name, its bytes, and what must come of it
  const oneFile = (
    name: string,
    fileName: string,
    data: () => Buffer | string,
    outcome: Omit<HostileCase, 'name' | 'send'>,
  ): HostileCase => ({ name, send: up(() => [file(fileName, data())]), ...outcome })
  const COOKIE_HTML = '<html><script>alert(document.cookie)</script></html>'
  const SCRIPT_SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
  const NAME_OR_CONTENT = /the name says|the content is .*, which is not accepted/
  // [what is sent, its file name, its bytes, what must come of it]
  const byContent: Array<[string, string, () => Buffer | string, Omit<HostileCase, 'name' | 'send'>]> = [
    ['an executable named report.pdf', 'report.pdf', elfBytes, uploadRefusal(415, TYPE, 'report.pdf')],
    ['a PDF named report.exe', 'report.exe', minimalPdf, uploadRefusal(415, EXTENSION, 'report.exe')],
    ['HTML with a script named page.pdf', 'page.pdf', () => COOKIE_HTML, uploadRefusal(415, TYPE, 'page.pdf')],
    [
      'an SVG with a script named picture.png',
      'picture.png',
      () => SCRIPT_SVG,
      uploadRefusal(415, TYPE, 'picture.png'),
    ],
    ['a PNG named minutes.docx', 'minutes.docx', solidPng, uploadRefusal(415, TYPE, 'minutes.docx')],
    [
      'an HTML file named page.html',
      'page.html',
      () => '<html><script>alert(1)</script></html>',
      uploadRefusal(415, EXTENSION, 'page.html'),
    ],
    [
      'an empty file',
      'empty.pdf',
      () => Buffer.alloc(0),
      uploadRefusal(400, /the file is empty|ไฟล์ว่างเปล่า/, 'empty.pdf'),
    ],
  ]
  // hostile names on an executable, refused for its content: [what is sent, its file name, the refusal]
  // (a raw CR LF ends the header line, as browsers send %0D%0A: whatever name survives must be one clean segment)
  const hostileNames: Array<[string, string, Omit<HostileCase, 'name' | 'send'>]> = [
    ['a file name with NUL (refused content)', 'rep\u0000ort.pdf', uploadRefusal(415, TYPE, 'report.pdf')],
    [
      'a file name with CR LF and a header (refused content)',
      'a\r\nX-Injected: 1.pdf',
      uploadRefusal(415, NAME_OR_CONTENT),
    ],
    [
      'a file name with U+202E (refused content)',
      'รายงาน\u202Efdp.exe',
      uploadRefusal(415, EXTENSION, 'รายงานfdp.exe'),
    ],
    ['a file name with ../ (refused content)', '../../etc/passwd.pdf', uploadRefusal(415, TYPE, 'passwd.pdf')],
    ['a Windows path as the file name (refused content)', 'C:\\Windows\\System32\\evil.pdf', uploadRefusal(415, TYPE)],
    ['a file name of only dots and slashes (refused content)', '../../..', uploadRefusal(415, TYPE)],
  ]
  // hostile names on a good PDF, accepted: [what is sent, its file name, the PDF's text, the name it is stored as]
  const cleanNames: Array<[string, string, string, string?]> = [
    ['a file name with NUL (accepted, stored clean)', 'nul\u0000name.pdf', 'nul', 'nulname.pdf'],
    ['a file name with CR LF (accepted, stored clean)', 'line\r\nContent-Type: text/html.pdf', 'crlf'],
    ['a file name with U+202E (accepted, stored clean)', 'รายงาน\u202Efdp.pdf', 'rlo', 'รายงานfdp.pdf'],
    ['a file name with ../ (accepted, stored clean)', '../../../index.pdf', 'dots', 'index.pdf'],
  ]
  return [
    ...byContent.map(([name, fileName, data, outcome]) => oneFile(name, fileName, data, outcome)),
    ...hostileNames.map(([name, fileName, outcome]) => oneFile(name, fileName, elfBytes, outcome)),
    ...cleanNames.map(([name, fileName, text, stored]) =>
      oneFile(name, fileName, () => minimalPdf(text), cleanUpload(stored)),
    ),
    {
      name: 'a new version of another organization\u2019s evidence',
      send: up(
        () => [file('report.pdf', minimalPdf('other'))],
        'coordinator',
        (ctx) => `/evidence/upload?replace=${ctx.ids.textB}`,
      ),
      ...uploadRefusal(404, NOT_FOUND),
    },
    {
      name: 'a new version of an id that is an operator',
      send: up(
        () => [file('report.pdf', minimalPdf('op'))],
        'coordinator',
        '/evidence/upload?replace=%7B%22%24ne%22%3Anull%7D',
      ),
      ...uploadRefusal(404, NOT_FOUND),
    },
    {
      name: 'an upload by an executive',
      send: up(() => [file('report.pdf', minimalPdf())], 'executive'),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an upload by an assessor',
      send: up(() => [file('report.pdf', minimalPdf())], 'assessor'),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an upload while signed out',
      send: up(() => [file('report.pdf', minimalPdf())], null),
      status: [302, 401, 403],
      check: (answer) => {
        if (answer.status === 302 && !String(answer.headers.location).startsWith('/login'))
          throw new Error(`Location ${answer.headers.location}`)
      },
    },
  ]
}

const csvFile = (text: string | Buffer, name = 'results.csv') => file(name, text, 'text/csv')

function importCases(): HostileCase[] {
  const catalog = (name: string, data: Buffer | string | ((ctx: Ctx) => Promise<Buffer> | Buffer), as: Who = 'admin') =>
    postMultipart('/catalogs?index', async (ctx) => [file(name, typeof data === 'function' ? await data(ctx) : data)], {
      as,
    })
  const survey = (text: string | Buffer | ((ctx: Ctx) => string), as: Who = 'admin') =>
    postMultipart('/surveys?year=2569', (ctx) => [csvFile(typeof text === 'function' ? text(ctx) : text)], { as })
  const clarification = (
    text: string | Buffer,
    catalogId: (ctx: Ctx) => string = (ctx) => ctx.ids.catalogA,
    as: Who = 'admin',
  ) => postMultipart('/clarifications?index', (ctx) => [field('catalogId', catalogId(ctx)), csvFile(text)], { as })
  const n = (ctx: Ctx, i = 0) => ctx.ids.surveyIndicators[i]
  // a row of the survey CSV whose score is `score`: refused naming the score column
  const badScore = (what: string, score: string): HostileCase => ({
    name: `survey CSV: ${what}`,
    send: survey((ctx) => `${n(ctx)},${score}\n`),
    status: 400,
    message: /column 2 \(score\)/,
  })
  const REFUSED = /import refused, nothing was saved|นำเข้าไม่สำเร็จ/
  const HEADER = 'criterion code,result,comment\n'
  return [
    // catalogs: JSON and Excel
    {
      name: 'catalog: JSON that does not parse',
      send: catalog('catalog.json', '{"kind": "ita", '),
      status: 400,
      message: /JSON file cannot be read|ไฟล์ JSON อ่านไม่ได้/,
    },
    { name: 'catalog: a JSON array', send: catalog('catalog.json', '[]'), status: 400, message: REFUSED },
    {
      name: 'catalog: __proto__ pollution',
      send: catalog('catalog.json', '{"__proto__":{"isAdmin":true,"status":"published"},"kind":"ita"}'),
      status: 400,
      message: REFUSED,
    },
    {
      name: 'catalog: constructor.prototype pollution',
      send: catalog('catalog.json', '{"constructor":{"prototype":{"isAdmin":true}}}'),
      status: 400,
      message: REFUSED,
    },
    {
      name: 'catalog: 5,000 nested arrays',
      send: catalog('catalog.json', '['.repeat(5000) + ']'.repeat(5000)),
      status: 400,
      message: REFUSED,
    },
    {
      name: 'catalog: a BOM-prefixed UTF-16 file',
      send: catalog('catalog.json', Buffer.from('\ufeff{"kind":"ita"}', 'utf16le')),
      status: 400,
      message: /JSON file cannot be read|import refused/,
    },
    {
      name: 'catalog: an .exe',
      send: catalog('catalog.exe', elfBytes()),
      status: 400,
      message: /must be \.xlsx or \.json|ต้องเป็น \.xlsx หรือ \.json/,
    },
    {
      name: 'catalog: a double extension .json.exe',
      send: catalog('catalog.json.exe', '{}'),
      status: 400,
      message: /must be \.xlsx or \.json/,
    },
    {
      name: 'catalog: a path as the file name',
      send: catalog('../../models/catalogs/ita.json', '{"kind":'),
      status: 400,
      message: /JSON file cannot be read/,
    },
    {
      name: 'catalog: text named .xlsx',
      send: catalog('catalog.xlsx', 'this is not a workbook'),
      status: 400,
      message: REFUSED,
    },
    { name: 'catalog: a PNG named .xlsx', send: catalog('catalog.xlsx', solidPng()), status: 400, message: REFUSED },
    {
      name: 'catalog: a workbook without the template sheets',
      send: catalog('catalog.xlsx', () => thaiXlsx()),
      status: 400,
      message: REFUSED,
    },
    {
      name: 'catalog: an empty file',
      send: catalog('catalog.json', Buffer.alloc(0)),
      status: 400,
      message: /please choose a file|กรุณาเลือกไฟล์/,
    },
    {
      name: 'catalog: no file field',
      send: postMultipart('/catalogs?index', () => [field('key', 'x')], { as: 'admin' }),
      status: 400,
      message: /please choose a file/,
    },
    {
      name: 'catalog: a built-in key with a path',
      send: postForm('/catalogs?index', { key: '../../package' }, { as: 'admin' }),
      status: [400, 404],
      message: /ไม่พบ|not found|unknown|ไม่รู้จัก/i,
    },
    {
      name: 'catalog: a built-in key __proto__',
      send: postForm('/catalogs?index', { key: '__proto__' }, { as: 'admin' }),
      status: [400, 404],
      message: /ไม่พบ|not found|unknown|ไม่รู้จัก/i,
    },
    {
      name: 'catalog: an import by a coordinator',
      send: catalog('catalog.json', '{}', 'coordinator'),
      status: 403,
      message: FORBIDDEN,
    },

    // survey results CSV
    {
      name: 'survey CSV: a formula as the score (=1+1)',
      send: survey((ctx) => `${n(ctx)},=1+1\n`),
      status: 400,
      message: /column 2 \(score\)|คอลัมน์ 2 \(คะแนน\)/,
    },
    // (a first row whose first cell is not a number is read as a header: the hostile rows come second)
    {
      name: 'survey CSV: a formula as the indicator (@SUM)',
      send: survey((ctx) => `${n(ctx)},50\n@SUM(A1:A9),50\n`),
      status: 400,
      message: /row 2 column 1 \(indicator number\)/,
    },
    badScore('a command formula (+cmd|)', "+cmd|' /C calc'!A0"),
    badScore('a formula starting with a minus (-2+3)', '-2+3'),
    badScore('a tab-prefixed formula', '"\t=1+1"'),
    badScore('a negative score', '-1'),
    badScore('a score over 100', '101'),
    badScore('NaN', 'NaN'),
    badScore('Infinity', 'Infinity'),
    badScore('1e400', '1e400'),
    badScore('a hexadecimal score', '0x50'),
    {
      name: 'survey CSV: three columns',
      send: survey((ctx) => `${n(ctx)},50,extra\n`),
      status: 400,
      message: /needs 2 columns|ต้องมี 2 คอลัมน์/,
    },
    {
      name: 'survey CSV: a repeated indicator',
      send: survey((ctx) => `${n(ctx)},50\n${n(ctx)},60\n`),
      status: 400,
      message: /repeats row|ซ้ำกับแถว/,
    },
    {
      name: 'survey CSV: an unknown indicator',
      send: survey('999,50\n'),
      status: 400,
      message: /not a survey indicator of this catalog/,
    },
    {
      name: 'survey CSV: an indicator written as __proto__',
      send: survey((ctx) => `${n(ctx)},50\n__proto__,50\n`),
      status: 400,
      message: /row 2 column 1 \(indicator number\): "__proto__"/,
    },
    {
      name: 'survey CSV: an unbalanced quote',
      send: survey((ctx) => `${n(ctx)},"50\n`),
      status: 400,
      message: /cannot be read|อ่านไม่ได้/,
    },
    {
      name: 'survey CSV: a header and no rows',
      send: survey('indicator,score\n'),
      status: 400,
      message: /no data rows|ไม่มีแถวข้อมูล/,
    },
    {
      name: 'survey CSV: an executable named .csv',
      send: survey(elfBytes(2048)),
      status: 400,
      message: /not imported, nothing changed|cannot be read|no data rows|นำเข้าไม่ได้|อ่านไม่ได้/,
    },
    {
      name: 'survey CSV: 150 KB',
      send: survey((ctx) => `${n(ctx)},50\n`.padEnd(150 * KiB, ' ')),
      status: 400,
      message: /larger than 100 KB|ใหญ่เกิน 100 KB/,
    },
    { name: 'survey CSV: an empty file', send: survey(Buffer.alloc(0)), status: 400, message: /please choose a file/ },
    {
      name: 'survey form: a score for an unknown indicator',
      send: postForm('/surveys?year=2569', { 'score.999': '50' }, { as: 'admin' }),
      status: 400,
      message: /not a survey \(IIT\/EIT\) indicator/,
    },
    {
      name: 'survey form: a score field named __proto__',
      send: postForm('/surveys?year=2569', { 'score.__proto__': '50', 'score.constructor': '1' }, { as: 'admin' }),
      status: 400,
      message: /not a survey \(IIT\/EIT\) indicator/,
    },
    {
      name: 'survey form: a formula as the score',
      send: (ctx) => postForm('/surveys?year=2569', { [`score.${n(ctx)}`]: '=1+1' }, { as: 'admin' })(ctx),
      status: 400,
      message: new RegExp(`indicator \\d+`),
    },
    {
      name: 'survey CSV: an import by a coordinator',
      send: survey('1,50\n', 'coordinator'),
      status: 403,
      message: FORBIDDEN,
    },

    // clarification round: preliminary results CSV
    {
      name: 'clarification CSV: headers it does not know',
      send: clarification('a,b,c\nO1,passed,\n'),
      status: 400,
      message: /column header|หัวคอลัมน์/,
    },
    {
      name: 'clarification CSV: an unknown criterion',
      send: clarification(`${HEADER}X99,passed,\n`),
      status: 400,
      message: /no criterion X99|ไม่พบข้อ X99/,
    },
    {
      name: 'clarification CSV: a repeated criterion',
      send: clarification(`${HEADER}O1,passed,\nO1,not passed,\n`),
      status: 400,
      message: /O1 repeats row|ซ้ำกับแถว/,
    },
    {
      name: 'clarification CSV: a formula as the result',
      send: clarification(`${HEADER}O1,=1+1,\n`),
      status: 400,
      message: /must be passed or not passed|ต้องเป็น "ผ่าน" หรือ "ไม่ผ่าน"/,
    },
    {
      name: 'clarification CSV: a HYPERLINK formula as the code',
      send: clarification(`${HEADER}"=HYPERLINK(""http://evil.example"",""x"")",passed,\n`),
      status: 400,
      message: /no criterion|ไม่พบข้อ/,
    },
    {
      name: 'clarification CSV: a DDE formula as the code',
      send: clarification(`${HEADER}"=cmd|' /C calc'!A0",passed,\n`),
      status: 400,
      message: /no criterion|ไม่พบข้อ/,
    },
    {
      name: 'clarification CSV: a comment over 2,000 characters',
      send: clarification(`${HEADER}O1,passed,${'ก'.repeat(2001)}\n`),
      status: 400,
      message: /at most 2,000 characters|ไม่เกิน 2,000/,
    },
    {
      name: 'clarification CSV: an unbalanced quote',
      send: clarification(`${HEADER}O1,"passed,\n`),
      status: 400,
      message: /not readable as CSV|อ่านเป็น CSV ไม่ได้/,
    },
    {
      name: 'clarification CSV: a header and no rows',
      send: clarification(HEADER),
      status: 400,
      message: /no data rows under the header|ไม่มีแถวข้อมูล/,
    },
    {
      name: 'clarification CSV: an empty file',
      send: clarification(Buffer.alloc(0)),
      status: 400,
      message: /please choose a file|กรุณาเลือกไฟล์/,
    },
    {
      name: 'clarification CSV: 1.2 MB',
      send: clarification(`${HEADER}O1,passed,x\n`.padEnd(1200 * KiB, ' ')),
      status: 400,
      message: /larger than 1 MB|ใหญ่เกิน 1 MB/,
    },
    {
      name: 'clarification CSV: another organization\u2019s catalog',
      send: clarification(`${HEADER}O1,passed,\n`, (ctx) => ctx.ids.catalogB),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'clarification CSV: a catalog id that is an operator',
      send: clarification(`${HEADER}O1,passed,\n`, () => '{"$ne":null}'),
      status: [400, 404],
      message: NOT_FOUND,
    },
    {
      name: 'clarification CSV: an import by a coordinator',
      send: clarification(`${HEADER}O1,passed,\n`, (ctx) => ctx.ids.catalogA, 'coordinator'),
      status: 403,
      message: FORBIDDEN,
    },
  ]
}

function formCases(): HostileCase[] {
  const unit = (fields: Record<string, string> | ((ctx: Ctx) => Record<string, string>)) =>
    postForm('/admin/units', fields, { as: 'admin' })
  const person = (fields: Record<string, string> | ((ctx: Ctx) => Record<string, string> | [string, string][])) =>
    postForm('/admin/people', fields, { as: 'admin' })
  const base = { email: 'new.person@sec.saisaat.test', nameTh: 'บุคคลใหม่', role: 'coordinator' }
  const password =
    (pw: string, confirm = pw) =>
    (ctx: Ctx) =>
      postForm(`/password/${ctx.ids.resetToken}`, { password: pw, confirm })(ctx)
  return [
    {
      name: 'unit: no Thai name',
      send: unit({ nameTh: '', kind: 'group' }),
      status: 400,
      message: /Thai name: required|ชื่อภาษาไทย: จำเป็นต้องกรอก/,
    },
    {
      name: 'unit: a Thai name of 201 characters',
      send: unit({ nameTh: 'ก'.repeat(201), kind: 'group' }),
      status: 400,
      message: /Thai name: at most 200 characters/,
    },
    {
      name: 'unit: an English name of 201 characters',
      send: unit({ nameTh: 'หน่วย', nameEn: 'a'.repeat(201), kind: 'group' }),
      status: 400,
      message: /English name: at most 200 characters/,
    },
    {
      name: 'unit: an unknown kind',
      send: unit({ nameTh: 'หน่วย', kind: 'root' }),
      status: 400,
      message: /kind: unknown unit kind|ประเภทหน่วย: ไม่รู้จักประเภทนี้/,
    },
    {
      name: 'unit: kind __proto__',
      send: unit({ nameTh: 'หน่วย', kind: '__proto__' }),
      status: 400,
      message: /kind: unknown unit kind/,
    },
    {
      name: 'unit: a parent of another organization',
      send: unit((ctx) => ({ nameTh: 'หน่วย', kind: 'group', parentId: ctx.ids.unitB })),
      status: 400,
      message: /parent unit: not a unit of this organization/,
    },
    {
      name: 'unit: a parent id that is an operator',
      send: unit({ nameTh: 'หน่วย', kind: 'group', parentId: '{"$gt":""}' }),
      status: 400,
      message: /parent unit: not a unit of this organization/,
    },
    {
      name: 'unit: a parent id with a path',
      send: unit({ nameTh: 'หน่วย', kind: 'group', parentId: '../../admin' }),
      status: 400,
      message: /parent unit: not a unit of this organization/,
    },
    {
      name: 'person: an e-mail that is not one',
      send: person({ ...base, email: 'not-an-email' }),
      status: 400,
      message: /email: not a valid address|อีเมล: รูปแบบไม่ถูกต้อง/,
    },
    {
      name: 'person: an e-mail with a header injection',
      send: person({ ...base, email: 'a@b.test\r\nBcc: victim@evil.example' }),
      status: 400,
      message: /email: not a valid address/,
    },
    {
      name: 'person: an e-mail of 300 characters',
      send: person({ ...base, email: `${'a'.repeat(290)}@b.test` }),
      status: 400,
      message: /email: (at most 254 characters|not a valid address)/,
    },
    {
      name: 'person: an unknown role',
      send: person({ ...base, role: 'superadmin' }),
      status: 400,
      message: /role: unknown role|บทบาท: ไม่รู้จักบทบาทนี้/,
    },
    {
      name: 'person: role __proto__',
      send: person({ ...base, role: '__proto__' }),
      status: 400,
      message: /role: unknown role/,
    },
    {
      name: 'person: a unit of another organization',
      send: person((ctx) => ({ ...base, unitIds: ctx.ids.unitB })),
      status: 400,
      message: /a unit is not in this organization|มีหน่วยที่ไม่อยู่ในหน่วยงานนี้/,
    },
    {
      name: 'person: a formula as the phone number',
      send: person({ ...base, phone: '=cmd|calc' }),
      status: 400,
      message: /phone: digits and|โทรศัพท์: ใช้ได้เฉพาะตัวเลข/,
    },
    {
      name: 'person: no Thai name',
      send: person({ ...base, nameTh: '' }),
      status: 400,
      message: /Thai name: required/,
    },
    {
      name: 'person: someone already a member',
      send: (ctx) => person({ ...base, email: ctx.a.people.coordinator.email })(ctx),
      status: 409,
      message: /already a member|อยู่ในหน่วยงานแล้ว/,
    },
    {
      name: 'evidence: a title of 201 characters',
      send: (ctx) =>
        postForm(
          `/evidence/${ctx.ids.textA}`,
          { intent: 'metadata', title: 'ก'.repeat(201) },
          { as: 'coordinator' },
        )(ctx),
      status: 400,
      message: /title: at most 200 characters|ชื่อหลักฐาน: ยาวได้ไม่เกิน 200/,
    },
    {
      name: 'evidence: an empty title',
      send: (ctx) =>
        postForm(`/evidence/${ctx.ids.textA}`, { intent: 'metadata', title: '   ' }, { as: 'coordinator' })(ctx),
      status: 400,
      message: /title: required|ชื่อหลักฐาน: จำเป็นต้องกรอก/,
    },
    {
      name: 'evidence: an unknown intent',
      send: (ctx) => postForm(`/evidence/${ctx.ids.textA}`, { intent: 'drop-database' }, { as: 'coordinator' })(ctx),
      status: 400,
      message: /unknown intent|คำสั่งไม่ถูกต้อง/,
    },
    {
      name: 'evidence: a text without a title',
      send: postForm('/evidence?index', { intent: 'text', title: '', html: '<p>x</p>' }, { as: 'coordinator' }),
      status: 400,
      message: /title: required/,
    },
    {
      name: 'package: a fiscal year that is not a number',
      send: postForm('/packages', { fiscalYear: '2569;drop', round: '12' }, { as: 'admin' }),
      status: 400,
      message: /fiscal year|ปีงบประมาณ/i,
    },
    {
      name: 'package: round 13',
      send: postForm('/packages', { fiscalYear: '2569', round: '13' }, { as: 'admin' }),
      status: 400,
      message: /round|รอบ/i,
    },
    {
      name: 'package: cancelling an id that is an operator',
      send: postForm('/packages', { intent: 'cancel', packageId: '{"$ne":null}' }, { as: 'admin' }),
      status: [400, 404],
      message: NOT_FOUND,
    },
    {
      name: 'switching to another organization',
      send: (ctx) => postForm('/switch-organization', { organizationId: ctx.b.organization.id }, { as: 'admin' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'switching to an organization id that is an operator',
      send: postForm('/switch-organization', { organizationId: '{"$ne":null}' }, { as: 'admin' }),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'password: shorter than 10 characters',
      send: password('short1'),
      status: 400,
      message: /password: at least 10 characters|รหัสผ่าน: ต้องยาวอย่างน้อย 10/,
    },
    {
      name: 'password: a common password with digits',
      send: password('password12'),
      status: 400,
      message: /password: a commonly used password|รหัสผ่านที่ใช้กันมาก/,
    },
    {
      name: 'password: a repeat',
      send: password('aaaaaaaaaaaa'),
      status: 400,
      message: /password: must not be a repeat or a sequence/,
    },
    {
      name: 'password: a keyboard sequence',
      send: password('1234567890'),
      status: 400,
      message: /password: (must not be a repeat or a sequence|a commonly used password)/,
    },
    {
      name: 'password: the person\u2019s own e-mail',
      send: (ctx) => password(`${ctx.a.people.executive.email}`)(ctx),
      status: 400,
      message: /password: must not be your e-mail, name or the organization code/,
    },
    {
      name: 'password: the organization code with digits',
      send: (ctx) => password(`${ctx.a.organization.code}2569`)(ctx),
      status: 400,
      message: /password: must not be your e-mail, name or the organization code/,
    },
    {
      name: 'password: over 200 characters',
      send: password('Zq8!'.repeat(51)),
      status: 400,
      message: /password: at most 200 characters/,
    },
    {
      name: 'password: a confirmation that differs',
      send: password('tide-lantern-okra-74', 'tide-lantern-okra-75'),
      status: 400,
      message: /confirm password: does not match/,
    },
    {
      name: 'password: a token that was never issued',
      send: postForm('/password/not-a-real-token', {
        password: 'tide-lantern-okra-74',
        confirm: 'tide-lantern-okra-74',
      }),
      status: [404, 410],
      message: /cannot be used|ใช้ไม่ได้/,
    },
    {
      name: 'sign-in: an operator as the e-mail is only a wrong e-mail',
      send: postForm('/login', { email: '{"$ne":null}', password: 'x' }, { localAddress: OWN_ADDRESS }),
      status: 401,
      message: /Wrong e-mail or password|อีเมลหรือรหัสผ่านไม่ถูกต้อง/,
    },
    {
      name: 'language: an unknown locale sets no cookie',
      send: postForm('/language', { locale: 'xx"; Domain=evil.example', redirectTo: '/' }),
      status: 302,
      check: (answer) => {
        if (answer.headers['set-cookie']) throw new Error(`Set-Cookie ${answer.headers['set-cookie']}`)
      },
    },
  ]
}

function queryCases(): HostileCase[] {
  const admin = (path: string) => get(path, { as: 'admin' })
  const noRawScript = (answer: Answer) => {
    const raw = answer.raw.toString('utf8')
    if (/<script>alert|<img src=x onerror/i.test(raw)) throw new Error('the query string came back as markup')
  }
  return [
    {
      name: 'completeness: an unknown status',
      send: admin('/completeness?status=hacked'),
      status: 400,
      message: /status: unknown status|สถานะ: ไม่รู้จักสถานะนี้/,
    },
    {
      name: 'completeness: a catalog id that is an operator',
      send: admin('/completeness?catalog=%7B%22%24ne%22%3Anull%7D'),
      status: 400,
      message: /catalog: not a valid id/,
    },
    {
      name: 'completeness: a unit id with a path',
      send: admin('/completeness?unit=..%2F..%2Fadmin'),
      status: 400,
      message: /unit: not a valid id/,
    },
    {
      name: 'completeness: an owner id with markup',
      send: admin('/completeness?owner=%3Cscript%3Ealert(1)%3C%2Fscript%3E'),
      status: 400,
      message: /owner: not a valid id/,
      check: noRawScript,
    },
    {
      name: 'completeness: 31 February',
      send: admin('/completeness?dueFrom=31%2F02%2F2569'),
      status: 400,
      message: /due from/,
    },
    {
      name: 'completeness: month 13',
      send: admin('/completeness?dueFrom=2569-13-45'),
      status: 400,
      message: /due from/,
    },
    {
      name: 'completeness: a year far away',
      send: admin('/completeness?dueTo=01%2F01%2F2999'),
      status: 400,
      message: /due to/,
    },
    {
      name: 'completeness: due to before due from',
      send: admin('/completeness?dueFrom=2026-06-01&dueTo=2026-01-01'),
      status: 400,
      message: /due to: must not be before/,
    },
    {
      name: 'completeness export: an unknown status',
      send: admin('/completeness.xlsx?status=hacked'),
      status: 400,
      message: /status: unknown status/,
    },
    {
      name: 'audit trail: a date that is not one',
      send: admin('/admin/audit?from=yesterday'),
      status: 400,
      message: /date range \(from\)/,
    },
    {
      name: 'audit trail: to before from',
      send: admin('/admin/audit?from=2026-06-01&to=2026-01-01'),
      status: 400,
      message: /date range \(to\): must not be before/,
    },
    {
      name: 'audit CSV: a date that is not one',
      send: admin('/admin/audit.csv?from=%3D1%2B1'),
      status: 400,
      message: /date range \(from\)/,
    },
    {
      name: 'evidence search: markup in the query is not reflected as markup',
      send: get('/evidence?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', {
        as: 'coordinator',
      }),
      status: 200,
      check: noRawScript,
    },
    {
      name: 'evidence search: a broken regular expression',
      send: get('/evidence?q=(%5B', { as: 'coordinator' }),
      status: 200,
    },
    {
      name: 'evidence search: a catastrophic regular expression',
      send: get(`/evidence?q=${encodeURIComponent('(a+)+$' + 'a'.repeat(40))}`, { as: 'coordinator' }),
      status: 200,
    },
    {
      name: 'evidence search: an operator as the type',
      send: get('/evidence?type%5B%24ne%5D=file&type=%7B%22%24ne%22%3A1%7D', { as: 'coordinator' }),
      status: 200,
    },
    {
      name: 'file download: version -1',
      send: (ctx) => get(`/evidence/${ctx.ids.fileA}/file?version=-1`, { as: 'coordinator' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'file download: version 99999',
      send: (ctx) => get(`/evidence/${ctx.ids.fileA}/file?version=99999`, { as: 'coordinator' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'snapshot: an index that is not a number',
      send: (ctx) => get(`/evidence/${ctx.ids.fileA}/snapshot/..%2F..%2F0`, { as: 'coordinator' })(ctx),
      status: 404,
    },
    {
      name: 'item page: a code with a path',
      send: (ctx) => get(`/items/${ctx.ids.catalogA}/..%2F..%2Fadmin`, { as: 'admin' })(ctx),
      status: 404,
    },
  ]
}

function pathCases(): HostileCase[] {
  const secret = (answer: Answer) => {
    const raw = answer.raw.toString('utf8')
    if (/SESSION_SECRET|MONGODB_URI|"dependencies"|root:x:0:0|S3_SECRET/.test(raw))
      throw new Error('a server file was served')
  }
  const paths = [
    '/build/../package.json',
    '/build/%2e%2e/package.json',
    '/build/..%2fpackage.json',
    '/build/%2e%2e%2f%2e%2e%2fpackage.json',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/..%2f..%2f..%2fetc%2fpasswd',
    '/.local/env',
    '/.env',
    '/.git/config',
    '/server/index.ts',
    '/app/config.server.ts',
    '/node_modules/.package-lock.json',
    '/public/../package.json',
    '//etc/passwd',
    '/\\..\\package.json',
    '/favicon.ico%00.json',
    '/build/%00',
  ]
  const cases: HostileCase[] = paths.map((p) => ({
    name: `GET ${p}`,
    send: get(p),
    status: [400, 403, 404],
    check: secret,
  }))
  cases.push({
    name: 'a text evidence titled x/../../index with markup in its body is stored as text and shown sanitised',
    send: postForm(
      '/evidence?index',
      {
        intent: 'text',
        title: 'x/../../index',
        html: '<p>ok</p><script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>',
      },
      { as: 'coordinator' },
    ),
    status: 302,
    changes: {
      collections: ['evidence', 'audit_events', 'evidence_state', 'organization_activity'],
      reason: 'an accepted text evidence is stored and audited (the title and body are the hostile part)',
    },
    check: async (answer, ctx) => {
      const page = await get(String(answer.headers.location), { as: 'coordinator' })(ctx)
      if (page.status !== 200) throw new Error(`evidence page ${page.status}`)
      if (!page.text.includes('x/../../index')) throw new Error('the title is not shown as written')
      if (/<script>alert|onerror=alert|href="javascript:/i.test(page.raw.toString('utf8')))
        throw new Error('markup from the body reached the page')
    },
  })
  return cases
}

function otherOrganizationCases(): HostileCase[] {
  const c = 'coordinator' as const
  return [
    {
      name: 'GET another organization\u2019s evidence',
      send: (ctx) => get(`/evidence/${ctx.ids.textB}`, { as: c })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'GET another organization\u2019s evidence file',
      send: (ctx) => get(`/evidence/${ctx.ids.textB}/file`, { as: c })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'delete another organization\u2019s evidence',
      send: (ctx) => postForm(`/evidence/${ctx.ids.textB}`, { intent: 'delete' }, { as: c })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'retitle another organization\u2019s evidence',
      send: (ctx) => postForm(`/evidence/${ctx.ids.textB}`, { intent: 'metadata', title: 'ถูกแก้' }, { as: c })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'rewrite another organization\u2019s text',
      send: (ctx) => postForm(`/evidence/${ctx.ids.textB}`, { intent: 'text', html: '<p>ถูกแก้</p>' }, { as: c })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'GET another organization\u2019s unit',
      send: (ctx) => get(`/admin/units/${ctx.ids.unitB}`, { as: 'admin' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'retire another organization\u2019s unit',
      send: (ctx) => postForm(`/admin/units/${ctx.ids.unitB}`, { intent: 'retire' }, { as: 'admin' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'rename another organization\u2019s unit',
      send: (ctx) =>
        postForm(
          `/admin/units/${ctx.ids.unitB}`,
          { intent: 'save', nameTh: 'ถูกแก้', kind: 'group' },
          { as: 'admin' },
        )(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'GET another organization\u2019s person',
      send: (ctx) => get(`/admin/people/${ctx.b.people.coordinator.id}`, { as: 'admin' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'deactivate another organization\u2019s person',
      send: (ctx) =>
        postForm(`/admin/people/${ctx.b.people.coordinator.id}`, { intent: 'deactivate' }, { as: 'admin' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'reset the password of another organization\u2019s administrator',
      send: (ctx) => postForm(`/admin/people/${ctx.b.people.admin.id}`, { intent: 'reset' }, { as: 'admin' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'GET another organization\u2019s catalog',
      send: (ctx) => get(`/catalogs/${ctx.ids.catalogB}`, { as: 'admin' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'export another organization\u2019s catalog',
      send: (ctx) => get(`/catalogs/${ctx.ids.catalogB}.json`, { as: 'admin' })(ctx),
      status: 404,
    },
    {
      name: 'publish another organization\u2019s catalog',
      send: (ctx) => postForm(`/catalogs/${ctx.ids.catalogB}`, { intent: 'publish' }, { as: 'admin' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'delete another organization\u2019s catalog',
      send: (ctx) => postForm(`/catalogs/${ctx.ids.catalogB}`, { intent: 'delete' }, { as: 'admin' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'GET an item of another organization\u2019s catalog',
      send: (ctx) => get(`/items/${ctx.ids.catalogB}/O1`, { as: 'admin' })(ctx),
      status: 404,
    },
    {
      name: 'link A\u2019s evidence to B\u2019s catalog',
      send: (ctx) =>
        postForm(`/evidence/${ctx.ids.textA}`, { intent: 'link', target: `${ctx.ids.catalogB}|O1|e1` }, { as: c })(ctx),
      status: [400, 404],
      message: NOT_FOUND,
    },
    {
      name: 'B\u2019s administrator reads A\u2019s evidence',
      send: (ctx) => get(`/evidence/${ctx.ids.textA}`, { as: 'other' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    {
      name: 'B\u2019s administrator deactivates A\u2019s coordinator',
      send: (ctx) =>
        postForm(`/admin/people/${ctx.a.people.coordinator.id}`, { intent: 'deactivate' }, { as: 'other' })(ctx),
      status: 404,
      message: NOT_FOUND,
    },
    { name: 'an evidence id that is not an id', send: get('/evidence/zzz', { as: c }), status: 404 },
    {
      name: 'an evidence id that is an encoded operator',
      send: get('/evidence/%7B%22%24ne%22%3Anull%7D', { as: c }),
      status: 404,
    },
    { name: 'an evidence id of zeros', send: get('/evidence/000000000000000000000000', { as: c }), status: 404 },
  ]
}

function roleCases(): HostileCase[] {
  return [
    {
      name: 'a coordinator creates a unit',
      send: postForm('/admin/units', { nameTh: 'หน่วยแอบสร้าง', kind: 'group' }, { as: 'coordinator' }),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an executive adds a person',
      send: postForm(
        '/admin/people',
        { email: 'sneaky@sec.saisaat.test', nameTh: 'แอบเพิ่ม', role: 'admin' },
        { as: 'executive' },
      ),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'a coordinator deactivates the administrator',
      send: (ctx) =>
        postForm(`/admin/people/${ctx.a.people.admin.id}`, { intent: 'deactivate' }, { as: 'coordinator' })(ctx),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an assessor makes themself administrator',
      send: (ctx) =>
        postForm(
          `/admin/people/${ctx.a.people.assessor.id}`,
          { intent: 'save', role: 'admin', nameTh: 'ผู้ตรวจ', email: ctx.a.people.assessor.email },
          { as: 'assessor' },
        )(ctx),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an assessor publishes a catalog',
      send: (ctx) => postForm(`/catalogs/${ctx.ids.catalogA}`, { intent: 'delete' }, { as: 'assessor' })(ctx),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'a coordinator starts a catalog',
      send: postForm('/catalogs?index', { key: 'ita-nacc-2569' }, { as: 'coordinator' }),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'a coordinator reads the audit trail',
      send: get('/admin/audit', { as: 'coordinator' }),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an executive exports the audit trail',
      send: get('/admin/audit.csv', { as: 'executive' }),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'a coordinator saves survey results',
      send: postForm('/surveys?year=2569', { 'score.1': '100' }, { as: 'coordinator' }),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an assessor generates a package',
      send: postForm('/packages', { fiscalYear: '2569', round: '12' }, { as: 'assessor' }),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'a coordinator opens the completeness matrix',
      send: get('/completeness', { as: 'coordinator' }),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an executive adds a link',
      send: postForm('/evidence?index', { intent: 'link', url: 'https://www.example.go.th/' }, { as: 'executive' }),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an assessor deletes evidence',
      send: (ctx) => postForm(`/evidence/${ctx.ids.textA}`, { intent: 'delete' }, { as: 'assessor' })(ctx),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'an executive records a preliminary result',
      send: (ctx) =>
        postForm(
          '/clarifications?index',
          { intent: 'record', catalogId: ctx.ids.catalogA, itemCode: 'O1', result: 'passed' },
          { as: 'executive' },
        )(ctx),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'a coordinator retires a unit',
      send: (ctx) => postForm(`/admin/units/${ctx.a.units[1].id}`, { intent: 'retire' }, { as: 'coordinator' })(ctx),
      status: 403,
      message: FORBIDDEN,
    },
    {
      name: 'a signed-out visitor creates a unit',
      send: postForm('/admin/units', { nameTh: 'หน่วยนิรนาม', kind: 'group' }),
      status: 302,
      check: (answer) => {
        if (!String(answer.headers.location).startsWith('/login'))
          throw new Error(`Location ${answer.headers.location}`)
      },
    },
  ]
}

/** Evidence in the answer of a submitted item: its own unit may not change it until the item is returned. */
function frozenCases(): HostileCase[] {
  const c = 'coordinator' as const
  const FROZEN = /which is submitted; possible again once the assessor returns the item|ซึ่งส่งตรวจแล้ว/
  return [
    {
      name: 'delete evidence of a submitted answer',
      send: (ctx) => postForm(`/evidence/${ctx.ids.frozenText}`, { intent: 'delete' }, { as: c })(ctx),
      status: 409,
      message: FROZEN,
    },
    {
      name: 'retitle evidence of a submitted answer',
      send: (ctx) =>
        postForm(`/evidence/${ctx.ids.frozenText}`, { intent: 'metadata', title: 'เปลี่ยนหลังส่งตรวจ' }, { as: c })(ctx),
      status: 409,
      message: FROZEN,
    },
    {
      name: 'rewrite a text of a submitted answer',
      send: (ctx) =>
        postForm(`/evidence/${ctx.ids.frozenText}`, { intent: 'text', html: '<p>เปลี่ยนหลังส่งตรวจ</p>' }, { as: c })(ctx),
      status: 409,
      message: FROZEN,
    },
    {
      name: 'unlink a file from a submitted answer',
      send: (ctx) =>
        postForm(
          `/evidence/${ctx.ids.fileA}`,
          { intent: 'unlink', target: `${ctx.ids.catalogA}|O1|e2` },
          { as: c },
        )(ctx),
      status: 409,
      message: FROZEN,
    },
    {
      name: 'a new version of a file in a submitted answer',
      send: (ctx) =>
        postMultipart(
          `/evidence/upload?replace=${ctx.ids.fileA}`,
          () => [file('replacement.pdf', minimalPdf('replacement'))],
          { as: c },
        )(ctx),
      status: 409,
      message: FROZEN,
      changes: AUDITED_REFUSAL,
    },
    {
      name: 'cancel a package id of zeros',
      send: postForm('/packages', { intent: 'cancel', packageId: '000000000000000000000000' }, { as: 'admin' }),
      status: 404,
      message: NOT_FOUND,
    },
  ]
}

/** Sign-in attempts sent at once; the throttle must count them before any password is checked. */
function concurrencyCases(): HostileCase[] {
  const attempt = (ctx: Ctx, email: string, password: string, localAddress: string) =>
    postForm('/login', { email, password, redirectTo: '/' }, { localAddress })(ctx)
  const THROTTLED = /Too many failed attempts|ลองเข้าสู่ระบบไม่สำเร็จหลายครั้งเกินไป/
  return [
    {
      name: '19 wrong passwords and the right one at once for one account: at most 5 are checked',
      send: async (ctx) => {
        const victim = ctx.throttleVictims[0]
        const tries = [...Array.from({ length: 19 }, (_, i) => `wrong-guess-${i}-x`), victim.password]
        const answers = await Promise.all(tries.map((pw) => attempt(ctx, victim.email, pw, '127.0.0.21')))
        const checked = answers.filter((a) => a.status === 401 || a.status === 302).length
        const throttled = answers.filter((a) => a.status === 429)
        if (checked > 5)
          throw new Error(`${checked} attempts were checked (statuses ${answers.map((a) => a.status).join(' ')})`)
        if (throttled.length < 15) throw new Error(`throttled answers: ${throttled.length}`)
        // every throttled answer must name the rule: the first stands for all of them, the others are checked here
        if (throttled.some((a) => !THROTTLED.test(a.text))) throw new Error('a throttled answer without the message')
        return throttled[0]
      },
      status: 429,
      message: THROTTLED,
      changes: {
        ...SIGN_IN,
        reason: 'if the right password was among the first five it signed in (a session, an audit entry)',
      },
    },
    {
      name: 'many accounts from one address: the per-address limit stops the next attempt, even with a right password',
      send: async (ctx) => {
        const limit = ctx.perAddressLimit
        const address = '127.0.0.22'
        let checked = 0
        const total = limit + 5
        // in waves of 10 at once: each wave races the count, and the count must still hold
        for (let i = 0; i < total; i += 10) {
          const wave = await Promise.all(
            Array.from({ length: Math.min(10, total - i) }, (_, j) =>
              attempt(ctx, `nobody-${i + j}@sec.saisaat.test`, 'wrong-password-x', address),
            ),
          )
          checked += wave.filter((a) => a.status === 401).length
          if (wave.some((a) => a.status !== 401 && a.status !== 429))
            throw new Error(`statuses ${wave.map((a) => a.status).join(' ')}`)
        }
        if (checked > limit)
          throw new Error(`${checked} failed attempts were checked from one address (limit ${limit})`)
        const victim = ctx.throttleVictims[1]
        const elsewhere = await attempt(ctx, victim.email, victim.password, '127.0.0.23')
        if (elsewhere.status !== 302) throw new Error(`the same account from another address: ${elsewhere.status}`)
        return attempt(ctx, victim.email, victim.password, address)
      },
      status: 429,
      message: THROTTLED,
      changes: { ...SIGN_IN, reason: 'the account signs in from another address (a session, an audit entry)' },
    },
  ]
}

export const CORPUS: Area[] = [
  { area: 'redirects', cases: redirectCases() },
  { area: 'bodies', cases: bodyCases() },
  { area: 'headers', cases: headerCases() },
  { area: 'link targets', cases: linkCases() },
  { area: 'uploads', cases: uploadCases() },
  { area: 'imports', cases: importCases() },
  { area: 'forms', cases: formCases() },
  { area: 'query strings', cases: queryCases() },
  { area: 'paths', cases: pathCases() },
  { area: 'other organization', cases: otherOrganizationCases() },
  { area: 'roles', cases: roleCases() },
  { area: 'frozen answers', cases: frozenCases() },
  { area: 'concurrent sign-ins', cases: concurrencyCases() },
]

export { sameSite }
