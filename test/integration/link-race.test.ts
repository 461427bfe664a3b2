import { describe, expect, it } from 'vitest'
import { consumeLink, issueLink } from '#models/tenancy/auth.server'
import type { TestOrg } from '#test/support/fixtures'
import { withOrg } from '#test/support/kit'

let org: TestOrg
withOrg('link-race', (o) => (org = o))

describe('one-time links under simultaneous use', () => {
  it('let exactly one of several simultaneous requests use a link', async () => {
    for (let round = 0; round < 5; round++) {
      const { token } = await issueLink('reset', org.people.executive.id, org.organization.id)
      const results = await Promise.all(Array.from({ length: 6 }, () => consumeLink(token)))
      expect(results.filter(Boolean)).toHaveLength(1)
    }
  })
})
