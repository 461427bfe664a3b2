/**
 * Link checks reach private and loopback addresses only where the operator says so, in every
 * mode: a development or test server often sits on a network with internal pages.
 */
import { describe, expect, it } from 'vitest'
import { parseConfig } from '#app/config.server'

const base = { MONGODB_URI: 'mongodb://127.0.0.1:27017/saisaat', S3_BUCKET: 'evidence' }

describe('EVIDENCE_LINK_ALLOW_PRIVATE', () => {
  it('is off unless set, whatever NODE_ENV says', () => {
    for (const NODE_ENV of ['development', 'test', undefined]) {
      const env = NODE_ENV ? { ...base, NODE_ENV } : base
      expect(parseConfig(env).evidence.allowPrivateLinks).toBe(false)
    }
  })

  it('is on when the operator sets it', () => {
    expect(parseConfig({ ...base, EVIDENCE_LINK_ALLOW_PRIVATE: 'true' }).evidence.allowPrivateLinks).toBe(true)
    expect(
      parseConfig({ ...base, NODE_ENV: 'development', EVIDENCE_LINK_ALLOW_PRIVATE: 'false' }).evidence
        .allowPrivateLinks,
    ).toBe(false)
  })
})
