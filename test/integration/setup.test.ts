/**
 * The first-run set-up of a new organization: sheets of units and people refused whole (naming sheet, row, column
 * and rule, nothing saved), progress read from the data, suggested owners applied only when confirmed, and the home
 * page sending a new organization's administrator to /setup until it is done.
 */
import ExcelJS from 'exceljs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSheet } from '#evidence/sheets/read.server'
import { listBuiltInCatalogs, startFromBuiltIn } from '#models/catalog/catalog.server'
import { fiscalYearOf } from '#models/dates'
import type { Actor } from '#models/tenancy/audit.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { upsertOrganization } from '#models/tenancy/organization.server'
import {
  applyAssignmentChoices,
  confirmProfile,
  finishSetupIfComplete,
  getSetupAssignments,
  getSetupCalendar,
  getSetupProgress,
  importPeople,
  PEOPLE_SHEET_COLUMNS,
  setupOpen,
} from '#models/tenancy/setup.server'
import { SheetRefusal, type SheetProblem } from '#models/tenancy/sheet-rows'
import { createUnit, importUnits, listUnits, UNIT_SHEET_COLUMNS, updateUnit } from '#models/tenancy/unit.server'
import { refusal } from '#test/support/refusal'
import { addPerson, listPeople, type Person } from '#models/tenancy/user.server'
import { listAssignments } from '#models/work/assignment.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { provide, release, sessionCookie, type Handler } from '#test/support/kit'

let actor: Actor
let organizationId: string
let admin: Person

beforeAll(async () => {
  const { org } = await provide({ org: 'setup-old', env: true })
  // a new organization as an operator creates it: no units, no catalogs, one administrator
  const organization = await upsertOrganization({
    code: `setup-new-${Date.now()}`,
    nameTh: 'กรมทดสอบระบบ',
    agencyType: 'department',
  })
  organizationId = organization.id
  actor = { organizationId, userId: null, userName: 'ผู้ดูแลแพลตฟอร์ม' }
  admin = await addPerson(actor, {
    email: `admin-${Date.now()}@setup.saisaat.test`,
    nameTh: 'ผู้ดูแล กรมทดสอบ',
    role: 'admin',
  })
  actor = { organizationId, userId: admin.id, userName: admin.nameTh }
  oldOrg = org
})
afterAll(release)
let oldOrg: Awaited<ReturnType<typeof provide>>['org']

const csv = (name: string, lines: string[]) => ({
  name,
  bytes: new TextEncoder().encode(`\ufeff${lines.join('\r\n')}\r\n`),
})

async function xlsx(name: string, sheet: string, rows: string[][]) {
  const book = new ExcelJS.Workbook()
  const ws = book.addWorksheet(sheet)
  for (const r of rows) ws.addRow(r)
  return { name, bytes: new Uint8Array(await book.xlsx.writeBuffer()) }
}

/** What the organization holds that an import could change: units, people, audit events. */
async function state() {
  const [units, people, audit] = await Promise.all([
    listUnits(organizationId),
    listPeople(organizationId),
    listAuditEvents(organizationId, {}, { limit: 1000 }),
  ])
  return { units: units.length, people: people.length, audit: audit.total }
}

/** The problems a sheet import is refused with; fails when it is accepted. */
async function problemsOf(run: () => Promise<unknown>): Promise<SheetProblem[]> {
  const error = await run().then(
    () => null,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(SheetRefusal)
  return (error as SheetRefusal).problems
}

const units = (file: { name: string; bytes: Uint8Array }) => async () =>
  importUnits(actor, await readSheet(file, UNIT_SHEET_COLUMNS))
const people = (file: { name: string; bytes: Uint8Array }) => async () =>
  importPeople(actor, await readSheet(file, PEOPLE_SHEET_COLUMNS))

const HEAD = ['code', 'Thai name', 'kind', 'parent code']

/** The home page's answer to the person: a redirect is thrown, the page is returned. */
async function home(organization: string, userId: string): Promise<Response> {
  const cookie = await sessionCookie(organization, userId)
  const route = (await import('#app/routes/_index')) as unknown as { loader: Handler }
  return route
    .loader({ request: new Request('http://localhost/', { headers: { Cookie: cookie } }), params: {}, context: {} })
    .then(
      (r) => r,
      (r: unknown) => r as Response,
    )
}

describe('a new organization', () => {
  it("sends its administrator from the home page to /setup, and not another organization's", async () => {
    const sent = await home(organizationId, admin.id)
    expect([sent.status, sent.headers.get('Location')]).toEqual([302, '/setup'])
    expect((await home(oldOrg.organization.id, oldOrg.people.admin.id)).status).toBe(200)
  })
})

describe('a sheet with a bad row is refused whole, naming sheet, row, column and rule', () => {
  it.each([
    [
      'units.csv: a required column missing',
      () => csv('units.csv', ['code,Thai name,parent code', 'A,สำนักงานเลขานุการกรม,']),
      { sheet: 'units.csv', row: 1, column: 'kind', rule: /required column is missing/ },
    ],
    [
      'units.xlsx: an unknown kind',
      () =>
        xlsx('units.xlsx', 'หน่วยงาน', [HEAD, ['A', 'สำนักงานเลขานุการกรม', 'สำนัก', ''], ['B', 'แผนกพัสดุ', 'แผนก', 'A']]),
      { sheet: 'หน่วยงาน', row: 3, column: 'kind', rule: /unknown kind "แผนก"/ },
    ],
    [
      'units.csv: a repeated code',
      () => csv('units.csv', [HEAD.join(','), 'A,สำนักงานเลขานุการกรม,สำนัก,', 'B,กองคลัง,กอง,A', 'a,กองการเจ้าหน้าที่,กอง,A']),
      { sheet: 'units.csv', row: 4, column: 'code', rule: /repeats row 2/ },
    ],
    [
      'units.xlsx: an unknown parent code',
      () =>
        xlsx('units.xlsx', 'Sheet1', [
          HEAD,
          ['A', 'สำนักงานเลขานุการกรม', 'bureau', ''],
          ['B', 'กองคลัง', 'division', 'Z9'],
        ]),
      { sheet: 'Sheet1', row: 3, column: 'parent code', rule: /no unit has the code "Z9"/ },
    ],
    [
      'units.csv: units under each other in a circle',
      () => csv('units.csv', [HEAD.join(','), 'A,กองหนึ่ง,กอง,B', 'B,กองสอง,กอง,A']),
      { sheet: 'units.csv', row: 2, column: 'parent code', rule: /circle/ },
    ],
    [
      'units.csv: an empty Thai name',
      () => csv('units.csv', [HEAD.join(','), 'A,,กอง,']),
      { sheet: 'units.csv', row: 2, column: 'Thai name', rule: /required/ },
    ],
    [
      'units.xlsx: a code with a space',
      () => xlsx('units.xlsx', 'units', [HEAD, ['กอง 1', 'กองคลัง', 'กอง', '']]),
      { sheet: 'units', row: 2, column: 'code', rule: /letters, digits/ },
    ],
    [
      'units.xlsx: bytes that are not a workbook',
      async () => ({ name: 'units.xlsx', bytes: new TextEncoder().encode('code,Thai name\nA,B\n') }),
      { sheet: 'units.xlsx', row: 0, column: '—', rule: /not a readable Excel/ },
    ],
    [
      'units.txt: a file that is neither .xlsx nor .csv',
      async () => csv('units.txt', [HEAD.join(','), 'A,กองคลัง,กอง,']),
      { sheet: 'units.txt', row: 0, column: '—', rule: /only \.xlsx or \.csv/ },
    ],
  ])('%s', async (_, make, expected) => {
    const before = await state()
    const problems = await problemsOf(units(await make()))
    expect(problems[0]).toMatchObject({ ...expected, rule: expect.stringMatching(expected.rule) })
    expect(problems[0].rule).toMatch(/[ก-๙]/) // and in Thai
    expect(await state()).toEqual(before)
  })

  it('imports a good units sheet whole (children before parents too), then refuses a code already used', async () => {
    const before = await state()
    const file = await xlsx('units.xlsx', 'หน่วยงาน', [
      [...HEAD, 'English name'],
      ['FIN', 'กองคลัง', 'กอง', 'SEC', 'Finance Division'],
      ['SEC', 'สำนักงานเลขานุการกรม', 'สำนัก', '', ''],
      ['PR', 'กลุ่มงานประชาสัมพันธ์', 'group', 'SEC', ''],
      ['HR', 'กองการเจ้าหน้าที่', 'division', '', ''],
    ])
    const made = await units(file)()
    expect(made.map((u) => u.code)).toEqual(['FIN', 'SEC', 'PR', 'HR'])
    const byCode = new Map((await listUnits(organizationId)).map((u) => [u.code, u]))
    expect(byCode.get('FIN')).toMatchObject({
      nameEn: 'Finance Division',
      kind: 'division',
      parentId: byCode.get('SEC')!.id,
    })
    expect((await state()).units).toBe(before.units + 4)
    const { events } = await listAuditEvents(organizationId, {}, { limit: 1000 })
    expect(events.filter((e) => e.action === 'unit.create')).toHaveLength(4)
    expect(events.some((e) => e.action === 'unit.import')).toBe(true)

    const again = await state()
    const problems = await problemsOf(
      units(csv('more.csv', [HEAD.join(','), 'NEW,กองใหม่,กอง,SEC', 'fin,กองคลังซ้ำ,กอง,'])),
    )
    expect(problems).toEqual([
      { sheet: 'more.csv', row: 3, column: 'code', rule: expect.stringMatching(/a unit already has this code/) },
    ])
    expect(await state()).toEqual(again)
  })

  it('a unit typed in takes a code of its own; an edit without the code keeps it', async () => {
    const taken = await refusal(() => createUnit(actor, { code: 'fin', nameTh: 'กองคลังซ้ำ', kind: 'division' }))
    expect([taken.status, taken.fieldErrors.code]).toEqual([409, expect.stringMatching(/already has this code/)])
    const bad = await refusal(() => createUnit(actor, { code: 'ก อ ง', nameTh: 'กองใหม่', kind: 'division' }))
    expect(bad.fieldErrors.code).toMatch(/unit code: letters, digits/)
    const law = await createUnit(actor, { code: 'LAW', nameTh: 'กองกฎหมาย', kind: 'division' })
    const renamed = await updateUnit(actor, law.id, { nameTh: 'กองกฎหมายและระเบียบ', kind: 'division' })
    expect([renamed.code, renamed.nameTh]).toEqual(['LAW', 'กองกฎหมายและระเบียบ'])
  })

  const PEOPLE = ['e-mail', 'name', 'role', 'unit codes']
  it.each([
    [
      'people.csv: an e-mail that is not one',
      () =>
        csv('people.csv', [PEOPLE.join(','), 'ok@setup.saisaat.test,คนหนึ่ง,ผู้บริหาร,', 'not-an-address,คนสอง,ผู้บริหาร,']),
      { sheet: 'people.csv', row: 3, column: 'e-mail', rule: /not a valid address/ },
    ],
    [
      'people.xlsx: an unknown role',
      () => xlsx('people.xlsx', 'บุคลากร', [PEOPLE, ['a@setup.saisaat.test', 'คนหนึ่ง', 'หัวหน้า', 'FIN']]),
      { sheet: 'บุคลากร', row: 2, column: 'role', rule: /unknown role "หัวหน้า"/ },
    ],
    [
      'people.csv: an unknown unit code',
      () => csv('people.csv', [PEOPLE.join(','), 'a@setup.saisaat.test,คนหนึ่ง,coordinator,"FIN, XX"']),
      { sheet: 'people.csv', row: 2, column: 'unit codes', rule: /no unit has the code "XX"/ },
    ],
    [
      'people.csv: a coordinator without a unit',
      () => csv('people.csv', [PEOPLE.join(','), 'a@setup.saisaat.test,คนหนึ่ง,ผู้ประสานงาน,']),
      { sheet: 'people.csv', row: 2, column: 'unit codes', rule: /a coordinator needs at least one unit/ },
    ],
    [
      'people.xlsx: the same e-mail twice',
      () =>
        xlsx('people.xlsx', 'people', [
          PEOPLE,
          ['a@setup.saisaat.test', 'คนหนึ่ง', 'assessor', ''],
          ['A@setup.saisaat.test', 'คนหนึ่งซ้ำ', 'assessor', ''],
        ]),
      { sheet: 'people', row: 3, column: 'e-mail', rule: /repeats row 2/ },
    ],
    [
      'people.csv: a column the import does not know',
      () => csv('people.csv', [[...PEOPLE, 'phone'].join(','), 'a@setup.saisaat.test,คนหนึ่ง,assessor,,0812345678']),
      { sheet: 'people.csv', row: 1, column: 'phone', rule: /unknown column/ },
    ],
    [
      'people.csv: someone already in the organization',
      () => csv('people.csv', [PEOPLE.join(','), `${admin.email},ผู้ดูแลอีกครั้ง,admin,`]),
      { sheet: 'people.csv', row: 2, column: 'e-mail', rule: /already a member/ },
    ],
  ])('%s', async (_, make, expected) => {
    const before = await state()
    const problems = await problemsOf(people(await make()))
    expect(problems[0]).toMatchObject({ ...expected, rule: expect.stringMatching(expected.rule) })
    expect(await state()).toEqual(before)
  })
})

describe('progress, suggestions and the way home', () => {
  it('a new organization is in set-up; steps show in the progress; suggestions apply only when confirmed', async () => {
    expect(await setupOpen(oldOrg.organization.id)).toBe(false) // an organization from before the set-up
    expect(await setupOpen(organizationId)).toBe(true)
    let progress = await getSetupProgress(organizationId)
    expect(progress.done).toMatchObject({ units: true, people: false, catalog: false, calendar: false, profile: false })

    await confirmProfile(actor, {
      nameTh: 'กรมทดสอบระบบ',
      nameEn: 'Test Systems Department',
      agencyType: 'department',
      linkDomains: 'test.go.th',
      itasCode: '1234',
    })
    const invited = await people(
      csv('people.csv', [
        'e-mail,name,role,unit codes',
        'fin@setup.saisaat.test,ผู้ประสาน คลัง,ผู้ประสานงาน,FIN',
        'exec@setup.saisaat.test,ผู้บริหาร,executive,',
      ]),
    )()
    expect(invited.map((p) => [p.email, p.membership.role, p.membership.unitIds.length])).toEqual([
      ['fin@setup.saisaat.test', 'coordinator', 1],
      ['exec@setup.saisaat.test', 'executive', 0],
    ])
    progress = await getSetupProgress(organizationId)
    expect(progress.done).toMatchObject({ profile: true, units: true, people: true, catalog: false })

    const fiscalYear = fiscalYearOf(new Date())
    const builtIn = listBuiltInCatalogs().find((b) => b.kind === 'ita' && b.fiscalYear === fiscalYear)
    expect(builtIn, `a built-in ITA catalog of FY${fiscalYear}`).toBeDefined()
    const catalog = await publishCatalog(actor, (await startFromBuiltIn(actor, builtIn!.key)).id)

    // the screen lists suggestions, and loading it assigns nothing
    const screen = await getSetupAssignments(organizationId)
    const fin = (await listUnits(organizationId)).find((u) => u.code === 'FIN')!
    const hr = (await listUnits(organizationId)).find((u) => u.code === 'HR')!
    expect(screen.rows.find((r) => r.code === 'O11')?.suggestion.unitId).toBe(fin.id)
    expect(screen.rows.find((r) => r.code === 'O13')?.suggestion.unitId).toBe(hr.id)
    expect(await listAssignments(organizationId, catalog.id)).toEqual([])
    expect((await getSetupProgress(organizationId)).done.assignments).toBe(false)

    // O11 as suggested, O13 changed to the finance division: exactly these two
    const count = await applyAssignmentChoices(actor, {
      catalogId: catalog.id,
      choices: [
        { itemCode: 'O11', unitId: fin.id },
        { itemCode: 'O13', unitId: fin.id },
      ],
      dueDate: screen.dueDate,
    })
    expect(count).toBe(2)
    const assignments = await listAssignments(organizationId, catalog.id)
    expect(assignments.map((a) => [a.itemCode, a.unitIds])).toEqual(
      expect.arrayContaining([
        ['O11', [fin.id]],
        ['O13', [fin.id]],
      ]),
    )
    expect(assignments).toHaveLength(2)

    const calendar = await getSetupCalendar(organizationId)
    expect(calendar.estimate).toBe(true)
    expect(calendar.calendar.phases.every((p) => p.startsOn && p.endsOn)).toBe(true)
    expect(await finishSetupIfComplete(actor)).toBe(false) // the calendar is not saved: not done yet
    expect(await setupOpen(organizationId)).toBe(true)
  })

  it('the home page sends the administrator to /setup until the calendar, the last step, is saved', async () => {
    const cookie = await sessionCookie(organizationId, admin.id)
    const visit = () => home(organizationId, admin.id)
    const sent = await visit()
    expect([sent.status, sent.headers.get('Location')]).toEqual([302, '/setup'])

    // the calendar step saves through its route, which finishes the set-up and goes home
    const step = (await import('#app/routes/setup.calendar')) as unknown as { action: Handler }
    const { calendar, units: deadlines } = await getSetupCalendar(organizationId)
    const form = new URLSearchParams({ fiscalYear: String(calendar.fiscalYear) })
    for (const p of calendar.phases) {
      form.set(`${p.kind}.startsOn`, p.startsOn!.slice(0, 10))
      form.set(`${p.kind}.endsOn`, p.endsOn!.slice(0, 10))
    }
    for (const u of deadlines) form.append('unitId', u.id)
    const saved = await step
      .action({
        request: new Request('http://localhost/setup/calendar', {
          method: 'POST',
          headers: { Cookie: cookie },
          body: form,
        }),
        params: {},
        context: {},
      })
      .then(
        (r) => r,
        (r: unknown) => r as Response,
      )
    expect([saved.status, saved.headers.get('Location')]).toEqual([302, '/'])
    expect((await getSetupProgress(organizationId)).finished).toBe(true)
    expect((await visit()).status).toBe(200)
    const { events } = await listAuditEvents(organizationId, {}, { limit: 1000 })
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining(['setup.start', 'setup.profile-confirm', 'setup.finish']),
    )
  })
})
