/**
 * What an instance keeps of rarely written documents under their stamps (models/db.server.ts): each reader gets its
 * own copy, a write through the model in this process is seen by the next read, a write that matched nothing changes
 * no stamp, one request reads each stamp once yet sees the stamps its own writes changed, and readers arriving together
 * after a change load once. Writes made by another process are covered by the two-instance test.
 */
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newStampScope, organizationStamps, readStamps, withStampScope } from '#models/db.server'
import { createUnit, listUnits, updateUnit } from '#models/tenancy/unit.server'
import type { TestOrg } from '#test/support/fixtures'
import { actorsOf, provide, release } from '#test/support/kit'

let org: TestOrg

beforeAll(async () => {
  ;({ org } = await provide({ org: 'keptreads' }))
}, 300_000)
afterAll(release)

/** The finds this process sends to a collection while `run` runs. */
async function findsOf<T>(collection: string, run: () => Promise<T>): Promise<{ value: T; finds: number }> {
  const client = mongoose.connection.getClient()
  let finds = 0
  const count = (e: { commandName: string; command: Record<string, unknown> }) => {
    if (e.commandName === 'find' && e.command.find === collection) finds++
  }
  client.on('commandStarted', count)
  try {
    return { value: await run(), finds }
  } finally {
    client.off('commandStarted', count)
  }
}

describe('reads kept under stamps', () => {
  it('share one read-only value among readers, and show a write made through the model at the next read', async () => {
    const { admin } = actorsOf(org)
    const first = await listUnits(org.organization.id)
    const count = first.length
    // a reader cannot change what the others read: the change throws, and the value stays
    expect(() => {
      first[0].nameTh = 'เปลี่ยนในสำเนาของผู้อ่าน'
    }).toThrow(TypeError)
    expect(() => first.pop()).toThrow(TypeError)
    const again = await findsOf('units', () => listUnits(org.organization.id))
    expect(again.finds).toBe(0)
    expect(again.value).toHaveLength(count)
    expect(again.value.map((u) => u.nameTh)).not.toContain('เปลี่ยนในสำเนาของผู้อ่าน')
    // a copy is the reader's own
    const copy = structuredClone(again.value)
    copy[0].nameTh = 'เปลี่ยนในสำเนาของผู้อ่าน'
    expect((await listUnits(org.organization.id))[0].nameTh).not.toBe('เปลี่ยนในสำเนาของผู้อ่าน')

    const unit = await createUnit(admin, { nameTh: 'กองตรวจสอบภายใน', kind: 'division' })
    expect((await listUnits(org.organization.id)).map((u) => u.id)).toContain(unit.id)
    await updateUnit(admin, unit.id, { nameTh: 'กองตรวจสอบภายในใหม่', kind: 'division' })
    const renamed = await findsOf('units', () => listUnits(org.organization.id))
    expect(renamed.finds).toBe(1)
    expect(renamed.value.find((u) => u.id === unit.id)?.nameTh).toBe('กองตรวจสอบภายในใหม่')
  })

  it('are not read again after a write that matched nothing', async () => {
    const stamps = organizationStamps('units', org.organization.id)
    const before = await readStamps(stamps)
    await mongoose
      .model('Unit')
      .updateOne({ _id: new mongoose.Types.ObjectId(), organizationId: org.organization.id }, { $set: { nameTh: 'x' } })
    expect(await readStamps(stamps)).toEqual(before)
  })

  it('are read once per request, which still sees the stamps its own writes changed', async () => {
    const { admin } = actorsOf(org)
    const stamps = organizationStamps('units', org.organization.id)
    await withStampScope(newStampScope(), async () => {
      const read = await findsOf('stamps', async () => [await readStamps(stamps), await readStamps(stamps)])
      expect(read.finds).toBe(1)
      expect(read.value[1]).toEqual(read.value[0])
      const unit = await createUnit(admin, { nameTh: 'กองกลาง', kind: 'division' })
      const after = await findsOf('stamps', () => listUnits(org.organization.id))
      expect(after.finds).toBe(0)
      expect(after.value.map((u) => u.id)).toContain(unit.id)
    })
  })

  it('are loaded once for readers that arrive together after a change', async () => {
    const { admin } = actorsOf(org)
    await createUnit(admin, { nameTh: 'กองแผนงาน', kind: 'division' })
    await withStampScope(newStampScope(), async () => {
      const both = await findsOf('units', () =>
        Promise.all([listUnits(org.organization.id), listUnits(org.organization.id)]),
      )
      expect(both.finds).toBe(1)
      expect(both.value[1]).toEqual(both.value[0])
      expect(both.value[0].map((u) => u.nameTh)).toContain('กองแผนงาน')
    })
  })
})
