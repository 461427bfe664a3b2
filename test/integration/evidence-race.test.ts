/** Simultaneous changes of one evidence item on the real MongoDB-protocol server: one wins. */
import { describe, expect, it } from 'vitest'
import { loadBuiltInCatalogs } from '#models/catalog/files.server'
import {
  createFileEvidence,
  addFileVersion,
  getEvidence,
  linkEvidence,
  unlinkEvidence,
} from '#models/evidence/records.server'
import { resolveFromCatalogs } from '#models/evidence/targets.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { publishAndAssign, withOrg } from '#test/support/kit'

let org: TestOrg
const resolveTarget = resolveFromCatalogs(loadBuiltInCatalogs())
const file = (n: number) => ({
  key: `evidence/test/${n}`,
  size: 10 + n,
  sha256: String(n).padStart(64, '0'),
  mimeType: 'application/pdf',
  fileName: `เอกสาร ${n}.pdf`,
})
const target = (code: string) => ({ catalogId: 'ita-nacc-2569', itemCode: code, elementId: 'e1' })

withOrg('evidence-race', (o) => (org = o))

describe('simultaneous changes of one evidence item', () => {
  it('give each version number to one replacement only', async () => {
    const actor = { ...org.actor, userId: org.people.coordinator.id }
    const evidence = await createFileEvidence(actor, file(0))
    let count = 1
    for (let round = 1; round <= 3; round++) {
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((i) => addFileVersion(actor, evidence.id, file(round * 10 + i))),
      )
      // those that read the same state: one wins, the others get 409; one that read the state after a win (a fast
      // server lets a request end before another starts) is a later replacement and gets the next number
      const won = results.filter((r) => r.status === 'fulfilled').map((r) => r.value.versions.at(-1)!.number)
      expect(won.length).toBeGreaterThanOrEqual(1)
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ status: 409 })
      expect(won.sort((a, b) => a - b)).toEqual(Array.from({ length: won.length }, (_, i) => count + 1 + i))
      count += won.length
      const now = await getEvidence(org.organization.id, evidence.id)
      expect(now!.versions.map((v) => v.number)).toEqual(Array.from({ length: count }, (_, i) => i + 1))
      expect(new Set(now!.versions.map((v) => v.key)).size).toBe(count)
    }
  })

  it('apply one of several simultaneous link changes, and later changes still work', async () => {
    const actor = { ...org.actor, userId: org.people.coordinator.id }
    const evidence = await createFileEvidence(actor, file(100))
    const results = await Promise.allSettled(
      ['O1', 'O2', 'O3', 'O4'].map((code) => linkEvidence(actor, evidence.id, target(code), { resolveTarget })),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((await getEvidence(org.organization.id, evidence.id))!.links).toHaveLength(1)
    // the losers retry one after the other, as people would after the 409 message
    for (const code of ['O1', 'O2', 'O3', 'O4']) await linkEvidence(actor, evidence.id, target(code), { resolveTarget })
    expect((await getEvidence(org.organization.id, evidence.id))!.links.map((l) => l.itemCode).sort()).toEqual([
      'O1',
      'O2',
      'O3',
      'O4',
    ])
    // unlink and link again returns the list to the same length: still accepted
    await unlinkEvidence(actor, evidence.id, target('O4'))
    await linkEvidence(actor, evidence.id, target('O4'), { resolveTarget })
    expect((await getEvidence(org.organization.id, evidence.id))!.links).toHaveLength(4)
  })
})

describe('simultaneous rollover confirmations', () => {
  it('carry the assignments once', async () => {
    const { startFromBuiltIn } = await import('#models/catalog/catalog.server')
    const { confirmRollover } = await import('#models/work/catalog-changes.server')
    const { listAssignments } = await import('#models/work/assignment.server')
    const fresh = await createTestOrg('rollover-race')
    const y2568 = await publishAndAssign(fresh, 'ita-nacc-2568', { itemCodes: ['O16', 'O2'], dueDate: '2025-04-30' })
    const y2569 = await startFromBuiltIn(fresh.actor, 'ita-nacc-2569')
    const results = await Promise.allSettled([1, 2, 3].map(() => confirmRollover(fresh.actor, y2568.id, y2569.id)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((await listAssignments(fresh.organization.id, y2569.id)).map((a) => a.itemCode).sort()).toEqual([
      'O15',
      'O2',
    ])
  })
})
