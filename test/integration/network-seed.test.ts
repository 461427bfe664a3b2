/**
 * The demo network seeded by `npm run local`: the demo province with 30 local administrations beneath it in varied
 * states, its network executive able to see them, and nothing added by a second run.
 */
import { afterAll, beforeAll, expect, it } from 'vitest'
import { getNetworkView, listDescendants, parseNetworkQuery } from '#models/reporting/network.server'
import { getMembership, getUserByEmail } from '#models/tenancy/user.server'
import { provide, release } from '#test/support/kit'

beforeAll(async () => {
  await provide({ env: true })
})
afterAll(release)

it('seeds a province with 30 local administrations in varied states, the same on a second run', async () => {
  const { seedDemoNetwork, NETWORK_EXECUTIVE } = await import('#scripts/seed-network')
  const started = Date.now()
  const { province, children } = await seedDemoNetwork()
  console.log(`demo network seeded in ${Date.now() - started} ms`)
  expect(children).toHaveLength(30)
  const exec = (await getUserByEmail(NETWORK_EXECUTIVE.email))!
  expect((await getMembership(province.id, exec.id))?.role).toBe('executive')
  const actor = { organizationId: province.id, userId: exec.id, userName: exec.nameTh }
  const view = (await getNetworkView(actor, province, parseNetworkQuery(new URLSearchParams())))!
  expect(view.rows).toHaveLength(30)
  expect(view.options.branches).toHaveLength(3)
  expect(new Set(view.rows.map((r) => r.band?.code ?? 'none')).size).toBeGreaterThan(2)
  expect(view.attention.length).toBeGreaterThan(0)
  expect(view.attention.length).toBeLessThan(30)
  await seedDemoNetwork()
  expect(await listDescendants(province.id)).toHaveLength(30)
}, 900_000)
