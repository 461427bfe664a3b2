/**
 * The link check's guard with private addresses not allowed (production): every spelling of a
 * loopback or unspecified address, a name, and a redirect hop are refused without a single
 * request reaching the internal server. All traffic stays on loopback: the "internal" server
 * listens on 127.0.0.1 and ::1 and records every request it gets.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkLinkEvidence } from '#evidence/links/check.server'
import type { Storage } from '#evidence/storage/storage.server'
import type { Actor } from '#models/tenancy/audit.server'
import { createLinkEvidence } from '#models/evidence/records.server'
import { createTestOrg } from '#test/support/fixtures'
import { actorsOf, provide, release } from '#test/support/kit'

let storage: Storage
let actor: Actor
let port: number
const hits: string[] = []
const servers: Server[] = []

function listen(server: Server, host: string, at = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(at, host, () => resolve((server.address() as AddressInfo).port))
  })
}

beforeAll(async () => {
  ;({ storage } = await provide({ bucket: true }))
  const org = await createTestOrg('links')
  actor = actorsOf(org).coordinator
  const internal = () =>
    createServer((req, res) => {
      hits.push(`${req.socket.localAddress} ${req.url}`)
      res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end('<h1>หน้าภายใน internal</h1>')
    })
  const v4 = internal()
  servers.push(v4)
  port = await listen(v4, '127.0.0.1')
  // the same port on ::1, so that [::1], [::] and localhost would reach it too
  const v6 = internal()
  await listen(v6, '::1', port).then(
    () => servers.push(v6),
    () => undefined,
  )
})
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))))
  await release()
})

const LOOPBACK_FORMS: [string, RegExp][] = [
  ['[::ffff:127.0.0.1]', /\(loopback/],
  ['[::]', /\(unspecified/],
  ['0.0.0.0', /\(unspecified/],
  ['127.1', /\(loopback/],
  ['2130706433', /\(loopback/],
  ['0x7f.0.0.1', /\(loopback/],
  ['[::1]', /\(loopback/],
  ['localhost', /\(loopback/],
]

describe('link checks with private addresses not allowed', () => {
  it.each(LOOPBACK_FORMS)(
    'refuses http://%s:PORT/ when added and when checked, and never connects',
    async (host, cls) => {
      const url = `http://${host}:${port}/internal`
      await expect(createLinkEvidence(actor, { url, title: host })).rejects.toMatchObject({
        status: 400,
        message: expect.stringMatching(
          new RegExp(`ที่อยู่ภายในเครือข่าย ${cls.source}.* / .*internal address ${cls.source}`),
        ),
      })
      // an item added while private addresses were allowed (a local run), checked in production
      const link = await createLinkEvidence(actor, { url, title: host }, { allowPrivate: true })
      const checked = await checkLinkEvidence(storage, actor, link.id, { snapshot: true })
      expect(checked.lastCheck).toMatchObject({
        ok: false,
        status: 0,
        error: expect.stringMatching(new RegExp(`internal address ${cls.source}`)),
      })
      expect(checked.snapshots).toEqual([])
      expect(hits).toEqual([])
    },
  )

  it('refuses a redirect hop to [::ffff:7f00:1] without following it', async () => {
    const redirector = createServer((req, res) => {
      hits.push(`redirector ${req.url}`)
      res.writeHead(302, { Location: `http://[::ffff:7f00:1]:${port}/internal` }).end()
    })
    servers.push(redirector)
    const from = `http://127.0.0.1:${await listen(redirector, '127.0.0.1')}`
    const link = await createLinkEvidence(actor, { url: `${from}/moved`, title: 'redirect' }, { allowPrivate: true })
    // the redirector stands in for a public site; the hop it points to is checked as usual
    const checked = await checkLinkEvidence(storage, actor, link.id, { snapshot: true, allowPrivateOrigins: [from] })
    expect(checked.lastCheck).toMatchObject({
      ok: false,
      redirects: [`http://[::ffff:7f00:1]:${port}/internal`],
      error: expect.stringMatching(/ที่อยู่ภายในเครือข่าย \(loopback\) \/ .*internal address \(loopback\)/),
    })
    expect(checked.snapshots).toEqual([])
    expect(hits).toEqual(['redirector /moved'])
    hits.length = 0
  })

  it('refuses a name whose address is internal, naming the address', async () => {
    const link = await createLinkEvidence(actor, { url: `http://intranet.example.go.th:${port}/internal` })
    const checked = await checkLinkEvidence(storage, actor, link.id, {
      snapshot: true,
      resolve: async () => [{ address: '127.0.0.1', family: 4 }],
    })
    expect(checked.lastCheck).toMatchObject({
      ok: false,
      error: expect.stringMatching(/internal address \(loopback: 127\.0\.0\.1\)/),
    })
    expect(hits).toEqual([])
  })

  it('connects to the address it resolved and checked, without resolving the name again', async () => {
    // a name that answers 127.0.0.1 once, then 127.0.0.2 (where nothing listens): a second
    // resolution would send the request elsewhere and fail
    let lookups = 0
    const resolve = async () => [{ address: lookups++ === 0 ? '127.0.0.1' : '127.0.0.2', family: 4 }]
    const link = await createLinkEvidence(actor, { url: `http://rebind.example.go.th:${port}/pinned` })
    const checked = await checkLinkEvidence(storage, actor, link.id, { allowPrivate: true, snapshot: true, resolve })
    expect(checked.lastCheck).toMatchObject({ ok: true, status: 200 })
    expect(checked.snapshots).toHaveLength(1)
    expect(lookups).toBe(1)
    expect(hits).toEqual(['127.0.0.1 /pinned'])
  })
})
