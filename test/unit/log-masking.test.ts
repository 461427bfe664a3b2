import { Writable } from 'node:stream'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { maskUrl, REDACTED_PATHS } from '#app/utils/logger.server'
import { requestIdFor } from '../../server/logging'

const TOKEN = 'q3Vb0kR4s9JmZx1Lw8YpT2cN6hGfD5aE7uIoKjHs0Bw' // the shape of a one-time link token (43 characters)

describe('URLs as the log shows them', () => {
  it('masks one-time tokens in the path and secret query values', () => {
    expect(maskUrl(`/password/${TOKEN}`)).toBe('/password/[redacted]')
    expect(maskUrl(`/password/short?x=1`)).toBe('/password/[redacted]?x=1')
    expect(maskUrl(`/invitations?token=${TOKEN}&lang=th`)).toBe('/invitations?token=[redacted]&lang=th')
    expect(maskUrl(`/signup/confirm/${TOKEN}`)).toBe('/signup/confirm/[redacted]')
    expect(maskUrl(`/x?%74oken=${TOKEN}`)).toBe('/x?%74oken=[redacted]')
    expect(maskUrl(`/file?X-Amz-Signature=abc&X-Amz-Credential=def`)).toBe(
      '/file?X-Amz-Signature=[redacted]&X-Amz-Credential=[redacted]',
    )
  })

  it('keeps ids and ordinary queries as they are', () => {
    const url = '/items/65a1b2c3d4e5f60718293a4b/O12?_data=routes%2Fitems.%24catalogId.%24itemCode&fy=2569'
    expect(maskUrl(url)).toBe(url)
    expect(maskUrl('/evidence/65a1b2c3d4e5f60718293a4b/file')).toBe('/evidence/65a1b2c3d4e5f60718293a4b/file')
  })
})

describe('request ids', () => {
  it('keeps a safe incoming id and replaces anything else', () => {
    expect(requestIdFor('0f8c2d9e-1b7a-4c3d-9e8f-123456789abc')).toBe('0f8c2d9e-1b7a-4c3d-9e8f-123456789abc')
    expect(requestIdFor('trace-01HF:span.7')).toBe('trace-01HF:span.7')
    for (const bad of ['x"}\n{"level":"fatal', 'short', 'a'.repeat(101), '<script>', undefined, ['a', 'b']]) {
      expect(requestIdFor(bad)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
    }
  })
})

describe('redaction', () => {
  it('never writes passwords, tokens or cookies that code logs by mistake', () => {
    let out = ''
    const sink = new Writable({
      write(chunk, _encoding, done) {
        out += String(chunk)
        done()
      },
    })
    const logger = pino({ redact: { paths: REDACTED_PATHS, censor: '[redacted]' } }, sink)
    logger.info({ form: { email: 'a@b.go.th', password: 'hunter2-hunter2' }, token: TOKEN }, 'sign-in')
    logger.info({ req: { headers: { cookie: `__session=${TOKEN}`, authorization: 'Bearer abc123' } } }, 'request')
    expect(out).not.toContain('hunter2')
    expect(out).not.toContain(TOKEN)
    expect(out).not.toContain('abc123')
    expect(out).toContain('a@b.go.th')
  })
})
