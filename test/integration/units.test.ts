import { describe, expect, it } from 'vitest'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { createUnit, getUnit, listUnits, setUnitRetired, updateUnit } from '#models/tenancy/unit.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { withOrg } from '#test/support/kit'
import { refusal } from '#test/support/refusal'

let org: TestOrg
withOrg('units', (o) => (org = o))

describe('units of an organization', () => {
  it('form a tree: create, rename and move, each audited', async () => {
    const bureau = await createUnit(org.actor, { nameTh: 'สำนักบริหารกลาง', kind: 'bureau' })
    const group = await createUnit(org.actor, { nameTh: 'กลุ่มงานพัสดุ', kind: 'group', parentId: bureau.id })
    expect(group.parentId).toBe(bureau.id)
    const renamed = await updateUnit(org.actor, group.id, {
      nameTh: 'กลุ่มงานพัสดุและครุภัณฑ์',
      kind: 'group',
      parentId: bureau.id,
    })
    expect(renamed.nameTh).toBe('กลุ่มงานพัสดุและครุภัณฑ์')
    const moved = await updateUnit(org.actor, group.id, { nameTh: renamed.nameTh, kind: 'group', parentId: null })
    expect(moved.parentId).toBeNull()
    const { events } = await listAuditEvents(org.organization.id, { targetId: group.id })
    expect(events.map((e) => e.action)).toEqual(['unit.move', 'unit.update', 'unit.create'])
    expect(events[0].changes.parentId).toEqual({ before: bureau.id, after: null })
  })

  it('refuses a move under its own child, naming the field, and changes nothing', async () => {
    const top = await createUnit(org.actor, { nameTh: 'สำนักยุทธศาสตร์', kind: 'bureau' })
    const child = await createUnit(org.actor, { nameTh: 'กลุ่มแผนงาน', kind: 'group', parentId: top.id })
    const grandchild = await createUnit(org.actor, { nameTh: 'ฝ่ายงบประมาณ', kind: 'section', parentId: child.id })
    for (const target of [top.id, grandchild.id]) {
      const error = await refusal(() =>
        updateUnit(org.actor, top.id, { nameTh: 'สำนักยุทธศาสตร์', kind: 'bureau', parentId: target }),
      )
      expect(error.fieldErrors.parentId).toMatch(/ใต้ตัวเอง/)
      expect(error.message).toMatch(/parent unit: a unit cannot move under itself/)
    }
    expect((await getUnit(org.organization.id, top.id))?.parentId).toBeNull()
  })

  it('refuses bad input naming the field: missing name, overlong name, unknown kind', async () => {
    const before = (await listUnits(org.organization.id)).length
    expect((await refusal(() => createUnit(org.actor, { nameTh: '', kind: 'group' }))).fieldErrors.nameTh).toMatch(
      /Thai name: required/,
    )
    expect(
      (await refusal(() => createUnit(org.actor, { nameTh: 'ก'.repeat(201), kind: 'group' }))).fieldErrors.nameTh,
    ).toMatch(/at most 200/)
    expect(
      (await refusal(() => createUnit(org.actor, { nameTh: 'หน่วย', kind: 'ministry' as never }))).fieldErrors.kind,
    ).toMatch(/unknown unit kind/)
    expect((await listUnits(org.organization.id)).length).toBe(before)
  })

  it('retires instead of deleting, and refuses to retire a unit with active sub-units', async () => {
    const parent = await createUnit(org.actor, { nameTh: 'ศูนย์ราชการใสสะอาด', kind: 'center' })
    const child = await createUnit(org.actor, { nameTh: 'ฝ่ายรับเรื่องร้องเรียน', kind: 'section', parentId: parent.id })
    const error = await refusal(() => setUnitRetired(org.actor, parent.id, true))
    expect(error.status).toBe(409)
    await setUnitRetired(org.actor, child.id, true)
    const retired = await setUnitRetired(org.actor, parent.id, true)
    expect(retired.retired).toBe(true)
    expect((await listUnits(org.organization.id)).some((u) => u.id === parent.id)).toBe(true)
    // a retired unit cannot take new sub-units
    const underRetired = await refusal(() =>
      createUnit(org.actor, { nameTh: 'ใหม่', kind: 'group', parentId: parent.id }),
    )
    expect(underRetired.fieldErrors.parentId).toMatch(/retired/)
  })

  it('never reaches another organization', async () => {
    const other = await createTestOrg('units-other')
    expect(await getUnit(other.organization.id, org.units[0].id)).toBeNull()
    await expect(updateUnit(other.actor, org.units[0].id, { nameTh: 'ยึด', kind: 'group' })).rejects.toMatchObject({
      status: 404,
    })
    await expect(setUnitRetired(other.actor, org.units[0].id, true)).rejects.toMatchObject({ status: 404 })
    expect((await getUnit(org.organization.id, org.units[0].id))?.retired).toBe(false)
  })
})
