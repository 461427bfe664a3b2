import { describe, expect, it } from 'vitest'
import { safeRedirect } from '#app/utils/safe-redirect'

const ORIGIN = 'http://127.0.0.1:3000'
const at = (to: unknown) => safeRedirect(to, `${ORIGIN}/login`)

describe('safeRedirect', () => {
  // each is a form a browser resolves to another site (or to a script), from a query or a form field
  const hostile: [string, unknown][] = [
    ['protocol-relative', '//evil.example'],
    ['backslash', '/\\evil.example'],
    ['two backslashes', '\\\\evil.example'],
    ['slash then backslash', '\\/evil.example'],
    ['tab between slashes', '/\t/evil.example'],
    ['newline between slashes', '/\n/evil.example'],
    ['carriage return between slashes', '/\r/evil.example'],
    ['leading spaces', '   //evil.example'],
    ['absolute https', 'https://evil.example/path'],
    ['absolute http', 'http://evil.example'],
    ['scheme with one slash', 'https:/evil.example'],
    ['other scheme', 'ftp://evil.example'],
    ['javascript:', 'javascript:alert(document.cookie)'],
    ['javascript: with case and spaces', ' JaVaScRiPt:alert(1)'],
    ['data:', 'data:text/html,<script>alert(1)</script>'],
    ['credentials', `http://127.0.0.1:3000@evil.example/`],
    ['same host, other port', 'http://127.0.0.1:4000/'],
  ]
  it.each(hostile)('keeps the browser on this site: %s', (_name, to) => {
    const result = at(to)
    expect(result.startsWith('/') && !result.startsWith('//') && !result.startsWith('/\\')).toBe(true)
    expect(new URL(result, ORIGIN).origin).toBe(ORIGIN)
    expect(result).toBe('/')
  })

  // forms that stay on this site whatever a browser does with them
  it.each([
    ['/%5Cevil.example', '/%5Cevil.example'],
    ['%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/%2F%2Fevil.example', '/%2F%2Fevil.example'],
    ['/\tevil.example', '/evil.example'],
    ['/.//evil.example', '/evil.example'],
    ['/..//evil.example', '/evil.example'],
    ['/a/..//evil.example', '/evil.example'],
  ])('reduces %j to a path of this site', (to, expected) => {
    expect(at(to)).toBe(expected)
    expect(new URL(at(to), ORIGIN).origin).toBe(ORIGIN)
  })

  it('keeps paths, queries and fragments of this site, and this origin written out', () => {
    expect(at('/evidence?q=1&type=file#top')).toBe('/evidence?q=1&type=file#top')
    expect(at('/items/abc/O1')).toBe('/items/abc/O1')
    expect(at(`${ORIGIN}/dashboard?year=2569`)).toBe('/dashboard?year=2569')
    expect(at('/evidence?q=ก')).toBe('/evidence?q=%E0%B8%81')
  })

  it('falls back for nothing, non-strings and junk', () => {
    for (const to of [null, undefined, '', '   ', 42, {}, 'http://[::1']) expect(at(to)).toBe('/')
    expect(safeRedirect('//evil.example', ORIGIN, '/home')).toBe('/home')
  })
})
