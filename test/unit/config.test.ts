import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig } from '#app/config.server'

const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/saisaat', S3_BUCKET: 'evidence' }

function problems(env: Record<string, string>) {
  try {
    parseConfig(env)
  } catch (error) {
    if (error instanceof ConfigError) return error.problems
    throw error
  }
  return []
}

describe('configuration', () => {
  it('accepts a minimal development environment and fills defaults', () => {
    const config = parseConfig(base)
    expect(config.port).toBe(3000)
    expect(config.publicUrl).toBe('http://localhost:3000')
    expect(config.s3.region).toBe('us-east-1')
    expect(config.s3.forcePathStyle).toBe(false) // AWS itself when no endpoint is given
  })

  it('uses path-style addressing for a custom endpoint unless told otherwise', () => {
    expect(parseConfig({ ...base, S3_ENDPOINT: 'http://127.0.0.1:9000' }).s3.forcePathStyle).toBe(true)
    expect(
      parseConfig({ ...base, S3_ENDPOINT: 'http://127.0.0.1:9000', S3_FORCE_PATH_STYLE: 'false' }).s3.forcePathStyle,
    ).toBe(false)
  })

  it('names each missing or malformed variable with its rule', () => {
    expect(problems({})).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^MONGODB_URI is required/),
        expect.stringMatching(/^S3_BUCKET is required/),
      ]),
    )
    expect(problems({ ...base, MONGODB_URI: 'postgres://x' })).toEqual([
      'MONGODB_URI must start with mongodb:// or mongodb+srv://',
    ])
    expect(problems({ ...base, PORT: 'eighty' })).toEqual(['PORT must be a number'])
    expect(problems({ ...base, PORT: '70000' })).toEqual(['PORT must be between 1 and 65535'])
    expect(problems({ ...base, S3_BUCKET: 'Evidence_Files' })).toEqual([
      'S3_BUCKET must be 3–63 lowercase letters, digits, dots or hyphens',
    ])
    expect(problems({ ...base, S3_FORCE_PATH_STYLE: 'yes' })).toEqual(['S3_FORCE_PATH_STYLE must be true or false'])
    expect(problems({ ...base, S3_ACCESS_KEY_ID: 'key' })).toEqual([
      expect.stringMatching(/^S3_SECRET_ACCESS_KEY must be set together/),
    ])
  })

  it('requires a long session secret in production only', () => {
    expect(problems({ ...base, NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^SESSION_SECRET is required in production/),
    ])
    expect(problems({ ...base, NODE_ENV: 'production', SESSION_SECRET: 'short' })).toEqual([
      'SESSION_SECRET must be at least 32 characters',
    ])
    expect(parseConfig({ ...base, NODE_ENV: 'production', SESSION_SECRET: 's'.repeat(32) }).sessionSecret).toBe(
      's'.repeat(32),
    )
  })

  it('treats empty variables as unset', () => {
    expect(parseConfig({ ...base, PORT: '', S3_ENDPOINT: '' }).port).toBe(3000)
  })
})
