import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consumeLink, issueLink } from '#models/tenancy/auth.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { useTestDatabase } from '#test/support/services'

let cleanup: () => Promise<void>
let org: TestOrg
beforeAll(async () => {
  ;({ cleanup } = await useTestDatabase())
  org = await createTestOrg('link-race')
})
afterAll(() => cleanup())

describe('one-time links under simultaneous use', () => {
  it('let exactly one of several simultaneous requests use a link', async () => {
    for (let round = 0; round < 5; round++) {
      const { token } = await issueLink('reset', org.people.executive.id, org.organization.id)
      const results = await Promise.all(Array.from({ length: 6 }, () => consumeLink(token)))
      expect(results.filter(Boolean)).toHaveLength(1)
    }
  })
})
