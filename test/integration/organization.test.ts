/**
 * Agency settings: names, type and the web domains link evidence must be on. A domain list
 * restricts new links and re-checks of old ones; bad input names the field and saves nothing.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkLinkEvidence } from '#evidence/links/check.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { createLinkEvidence, getEvidence } from '#models/evidence/records.server'
import { getOrganizationById, updateOrganizationSettings } from '#models/tenancy/organization.server'
import type { TestOrg } from '#test/support/fixtures'
import { provide, release } from '#test/support/kit'
import { refusal } from '#test/support/refusal'
import type { Storage } from '#evidence/storage/storage.server'

let org: TestOrg
let storage: Storage
let site: Server
let siteUrl: string
beforeAll(async () => {
  ;({ org, storage } = await provide({ org: 'org-settings', bucket: true }))
  site = createServer((_, res) =>
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<h1>โครงสร้างหน่วยงาน</h1>'),
  )
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve))
  siteUrl = `http://localhost:${(site.address() as AddressInfo).port}`
})
afterAll(async () => {
  site?.close()
  await release()
})

const settings = (linkDomains: string) => ({
  nameTh: org.organization.nameTh,
  nameEn: 'Settings test',
  agencyType: 'department' as const,
  linkDomains,
})

describe('agency settings', () => {
  it('refuses a bad domain naming the field and the value, and changes nothing', async () => {
    const before = await getOrganizationById(org.organization.id)
    const r = await refusal(() => updateOrganizationSettings(org.actor, settings('example.go.th\nnot a domain!')))
    expect(r.status).toBe(400)
    expect(r.fieldErrors.linkDomains).toMatch(/"not"|"a"|"domain!"/)
    expect(r.fieldErrors.linkDomains).toMatch(/is not a domain name/)
    expect(
      (await refusal(() => updateOrganizationSettings(org.actor, { ...settings(''), nameTh: '' }))).fieldErrors.nameTh,
    ).toMatch(/Thai name is required/)
    expect(await getOrganizationById(org.organization.id)).toEqual(before)
  })

  it('normalises URLs to domains, saves them and audits the change', async () => {
    const saved = await updateOrganizationSettings(
      org.actor,
      settings('https://www.Example.go.th/about\nexample.go.th, localhost.test'),
    )
    expect(saved.linkDomains).toEqual(['www.example.go.th', 'example.go.th', 'localhost.test'])
    const events = await listAuditEvents(org.organization.id, { action: 'organization.update' })
    expect(events.events[0].changes.linkDomains.after).toEqual(['www.example.go.th', 'example.go.th', 'localhost.test'])
  })

  it('restricts new link evidence to the domains and their sub-domains', async () => {
    await updateOrganizationSettings(org.actor, settings('example.go.th'))
    const r = await refusal(() => createLinkEvidence(org.actor, { url: 'https://www.other.go.th/ita' }))
    expect(r.fieldErrors.url).toMatch(/must be on the agency's domains \(example.go.th\)/)
    const ok = await createLinkEvidence(org.actor, { url: 'https://ita.example.go.th/o1' })
    expect(ok.url).toBe('https://ita.example.go.th/o1')
  })

  it('reports a re-check of an old link outside the new domains without fetching it', async () => {
    await updateOrganizationSettings(org.actor, settings(''))
    const link = await createLinkEvidence(org.actor, { url: `${siteUrl}/o1` }, { allowPrivate: true })
    const first = await checkLinkEvidence(storage, org.actor, link.id, { allowPrivate: true, snapshot: true })
    expect(first.lastCheck?.ok).toBe(true)
    expect(first.snapshots).toHaveLength(1)
    await updateOrganizationSettings(org.actor, settings('example.go.th'))
    const again = await checkLinkEvidence(storage, org.actor, link.id, { allowPrivate: true, snapshot: true })
    expect(again.lastCheck?.ok).toBe(false)
    expect(again.lastCheck?.error).toMatch(/agency's domains/)
    expect((await getEvidence(org.organization.id, link.id))?.snapshots).toHaveLength(1)
  })
})
