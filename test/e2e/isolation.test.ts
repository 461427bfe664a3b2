/**
 * The cross-tenant sweep. Every route of the built app that takes an id in its path is asked,
 * by each member of organization B, for organization A's ids, with GET and with POSTs of every
 * intent. The answer must be 404 (or 403 where the role is refused first) and organization A's
 * data must not change. A route whose id has no fixture below fails the sweep: adding a route
 * means saying how to find an id of another organization for it.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { useE2eDatabase } from '#test/support/e2e-db'
import { createTestOrg, TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import { startFromBuiltIn } from '#models/catalog.server'
import { createTextEvidence } from '#models/evidence.server'
import type { Role } from '#models/permissions'

const baseUrl = inject('baseUrl')

/** How to get an id of organization A for each route parameter. */
const ID_FIXTURES: Record<string, (a: TestOrg) => Promise<string> | string> = {
  unitId: (a) => a.units[0].id,
  userId: (a) => a.people.coordinator.id,
  catalogId: async (a) => (await startFromBuiltIn(a.actor, 'ita-nacc-2569')).id,
  evidenceId: async (a) => (await createTextEvidence({ ...a.actor, userId: a.people.coordinator.id }, { title: 'คำอธิบาย', html: '<p>หลักฐาน</p>' })).id,
  // the n-th snapshot of an evidence item: the evidence id already belongs to A
  index: () => '0',
  // an item code of A's catalog: the catalog id already belongs to A
  itemCode: () => 'O1',
}

/** Parameters that are not tenant ids, with the reason. */
const NOT_TENANT_IDS: Record<string, string> = {
  token: 'one-time link tokens are bearer secrets checked by hash, not ids of an organization',
}

/** Every intent a form of the app posts; each is tried against every route with an action. */
const INTENTS = ['', 'save', 'retire', 'restore', 'deactivate', 'reactivate', 'invite', 'reset', 'delete', 'publish', 'approve', 'return', 'submit', 'link', 'unlink', 'restore-version']

interface BuiltRoute {
  id: string
  parentId?: string
  path?: string
  index?: boolean
  module: { loader?: unknown; action?: unknown; default?: unknown }
}

function fullPath(routes: Record<string, BuiltRoute>, route: BuiltRoute): string {
  const parts: string[] = []
  for (let r: BuiltRoute | undefined = route; r; r = r.parentId ? routes[r.parentId] : undefined) if (r.path) parts.unshift(r.path)
  return '/' + parts.join('/')
}

async function snapshotOf(orgId: string, userIds: string[]): Promise<string> {
  const db = mongoose.connection.db!
  const hash = createHash('sha256')
  const collections = (await db.listCollections().toArray()).map((c) => c.name).sort()
  const oid = new mongoose.Types.ObjectId(orgId)
  for (const name of collections) {
    if (name === 'sessions' || name === 'login_failures') continue // signing in as B writes there
    const docs = await db.collection(name).find({ $or: [{ organizationId: oid }, { organizationId: orgId }] }).sort({ _id: 1 }).toArray()
    hash.update(name).update(JSON.stringify(docs))
  }
  const users = await db.collection('users').find({ _id: { $in: userIds.map((u) => new mongoose.Types.ObjectId(u)) } }).sort({ _id: 1 }).toArray()
  hash.update(JSON.stringify(users))
  return hash.digest('hex')
}

async function signInCookie(email: string): Promise<string> {
  const response = await fetch(`${baseUrl}/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: baseUrl },
    body: new URLSearchParams({ email, password: TEST_PASSWORD, redirectTo: '/' }),
    redirect: 'manual',
  })
  const cookie = response.headers.get('set-cookie')?.split(';')[0]
  if (response.status !== 302 || !cookie) throw new Error(`sign-in of ${email} failed: ${response.status}`)
  return cookie
}

const made = new Map<string, string>()
/** One id per parameter, made once: creating the fixture is not what the sweep measures. */
async function fixtureId(param: string): Promise<string> {
  if (!made.has(param)) made.set(param, await ID_FIXTURES[param](a))
  return made.get(param)!
}

let disconnect: () => Promise<void>
let a: TestOrg
let b: TestOrg
let routes: Record<string, BuiltRoute>

beforeAll(async () => {
  disconnect = await useE2eDatabase()
  a = await createTestOrg('tenant-a')
  b = await createTestOrg('tenant-b')
  const build = await import(pathToFileURL(path.join(inject('buildDir'), 'build', 'index.js')).href)
  routes = build.routes
})
afterAll(() => disconnect?.())

describe('tenant isolation', () => {
  it('answers 404 to another organization for every id-taking route, and changes nothing', async () => {
    const idRoutes = Object.values(routes)
      .map((r) => ({ route: r, path: fullPath(routes, r) }))
      .filter(({ path }) => /\/:/.test(path))
    expect(idRoutes.length).toBeGreaterThan(0)

    const missing = idRoutes.flatMap(({ path }) =>
      [...path.matchAll(/:(\w+)/g)].map((m) => m[1]).filter((p) => !(p in ID_FIXTURES) && !(p in NOT_TENANT_IDS)).map((p) => `${path} (:${p})`),
    )
    expect(missing, 'routes whose id has no fixture in ID_FIXTURES: add one').toEqual([])

    for (const param of Object.keys(ID_FIXTURES)) await fixtureId(param)
    const cookies = Object.fromEntries(
      await Promise.all((Object.keys(b.people) as Role[]).map(async (role) => [role, await signInCookie(b.people[role].email)])),
    ) as Record<Role, string>
    const before = await snapshotOf(a.organization.id, Object.values(a.people).map((p) => p.id))

    let requests = 0
    let swept = 0
    const failures: string[] = []
    for (const { route, path } of idRoutes) {
      const params = [...path.matchAll(/:(\w+)/g)].map((m) => m[1])
      if (params.every((p) => p in NOT_TENANT_IDS)) continue
      swept++
      let url = path
      for (const p of params) url = url.replace(`:${p}`, p in ID_FIXTURES ? await fixtureId(p) : 'x')
      const seen: number[] = []
      for (const role of Object.keys(cookies) as Role[]) {
        const headers = { Cookie: cookies[role], Origin: baseUrl }
        const tries: RequestInit[] = []
        if (route.module.loader) tries.push({ method: 'GET', headers })
        if (route.module.action) {
          for (const intent of INTENTS) {
            tries.push({
              method: 'POST',
              headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ intent, nameTh: 'ถูกแก้โดยหน่วยงานอื่น', kind: 'group', role: 'admin', email: 'attacker@b.test' }),
            })
          }
        }
        for (const init of tries) {
          const response = await fetch(`${baseUrl}${url}`, { ...init, redirect: 'manual' })
          requests++
          seen.push(response.status)
          if (response.status !== 404 && response.status !== 403) {
            failures.push(`${init.method} ${url} as ${role} of B (intent ${(init.body as URLSearchParams | undefined)?.get('intent') ?? '-'}): ${response.status}`)
          }
        }
      }
      if (!seen.includes(404)) failures.push(`${path}: no role of B reached the organization check (only ${[...new Set(seen)].join(', ')})`)
    }

    const after = await snapshotOf(a.organization.id, Object.values(a.people).map((p) => p.id))
    console.log(`isolation sweep: ${swept} id-taking routes, ${requests} requests as the 4 roles of another organization`)
    expect(failures).toEqual([])
    expect(after, "organization A's data changed").toBe(before)
    expect(swept).toBeGreaterThanOrEqual(2)
  })

  it('lets organization A itself reach the same ids (the fixtures are real)', async () => {
    const cookie = await signInCookie(a.people.admin.email)
    for (const [param, fixture] of Object.entries(ID_FIXTURES)) {
      const route = Object.values(routes).find((r) => fullPath(routes, r).includes(`:${param}`) && r.module.loader && r.module.default)
      if (!route) continue
      void fixture
      let url = fullPath(routes, route)
      for (const p of [...url.matchAll(/:(\w+)/g)].map((m) => m[1])) url = url.replace(`:${p}`, await fixtureId(p))
      const response = await fetch(`${baseUrl}${url}`, { headers: { Cookie: cookie }, redirect: 'manual' })
      expect(response.status, url).toBe(200)
    }
  })
})
