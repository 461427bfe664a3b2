import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CatalogFileError, loadBuiltInCatalogs } from '#models/catalog/files.server'
import { parseCatalog, type CatalogIssue } from '#models/catalog/schema'

// Mutable JSON copies of valid built-in catalogs: each test breaks exactly one rule.
type Json = any
const builtIns = loadBuiltInCatalogs()
const copy = (key: string): Json => structuredClone(builtIns.find((c) => c.key === key))
const ita = () => copy('ita-nacc-2566')
const kpi = () => copy('kpi-agreement-integrity-template')
const oit = (c: Json) => c.tools.find((t: Json) => t.code === 'OIT')
/** A KPI scored as a percentage where higher is better, with these thresholds. */
const percentAscending = (thresholds: number[]) => ({
  kind: 'quantitative',
  direction: 'ascending',
  unit: { th: 'ร้อยละ' },
  thresholds,
})

function issuesOf(doc: unknown): CatalogIssue[] {
  const r = parseCatalog(doc)
  if (r.ok) throw new Error('expected the catalog to be refused')
  return r.issues
}

describe('parseCatalog refuses invalid catalogs and names the path and the rule', () => {
  it('a duplicate criterion code', () => {
    const c = ita()
    oit(c).indicators[0].subIndicators[1].criteria[1].code = 'O11' // O12 → O11
    expect(issuesOf(c)).toEqual([
      { path: 'tools[2].indicators[0].subIndicators[1].criteria[1].code', message: 'รหัสซ้ำ / duplicate code: O11' },
    ])
  })

  it('the same code in another indicator is still a duplicate', () => {
    const c = ita()
    oit(c).indicators[1].subIndicators[0].criteria[0].code = 'O1'
    const [issue] = issuesOf(c)
    expect(issue.path).toBe('tools[2].indicators[1].subIndicators[0].criteria[0].code')
    expect(issue.message).toContain('duplicate code: O1')
  })

  it('tool weights summing to 90', () => {
    const c = ita()
    oit(c).weight = 30
    const [issue] = issuesOf(c)
    expect(issue.path).toBe('tools')
    expect(issue.message).toBe('น้ำหนักแบบวัดรวมกันต้องเท่ากับ 100 (ได้ 90) / tool weights must sum to 100 (got 90)')
  })

  it('descending thresholds declared ascending', () => {
    const c = kpi()
    c.kpis[0].scoring = percentAscending([100, 95, 90, 85, 80])
    const [issue] = issuesOf(c)
    expect(issue.path).toBe('kpis[0].scoring.thresholds')
    expect(issue.message).toContain('thresholds must strictly increase for direction "ascending"')
    // The same thresholds are fine when the KPI says lower is better.
    c.kpis[0].scoring.direction = 'descending'
    expect(parseCatalog(c).ok).toBe(true)
  })

  it('equal thresholds', () => {
    const c = kpi()
    c.kpis[1].scoring = percentAscending([80, 85, 85, 90, 95])
    expect(issuesOf(c).map((i) => i.path)).toEqual(['kpis[1].scoring.thresholds'])
  })

  it('an unknown period rule', () => {
    const c = ita()
    oit(c).indicators[0].subIndicators[2].criteria[0].elements[0].period = 'weekly'
    const [issue] = issuesOf(c)
    expect(issue.path).toBe('tools[2].indicators[0].subIndicators[2].criteria[0].elements[0].period')
    expect(issue.message).toMatch(
      /^ค่าไม่อยู่ในรายการที่อนุญาต \/ not an allowed value: "weekly" \(allowed: current-fy, previous-fy, /,
    )
  })

  it('a milestone level with no steps', () => {
    const c = kpi()
    c.kpis[0].scoring.levels[2].steps = []
    expect(issuesOf(c)).toEqual([
      {
        path: 'kpis[0].scoring.levels[2].steps',
        message: 'ระดับต้องมีอย่างน้อย 1 ขั้นตอน / a level needs at least one step',
      },
    ])
  })

  it('a milestone KPI with four levels, or levels out of order', () => {
    const c = kpi()
    c.kpis[0].scoring.levels.pop()
    expect(issuesOf(c)).toEqual([
      { path: 'kpis[0].scoring.levels', message: 'ต้องมี 5 รายการพอดี / needs exactly 5 items' },
    ])
    const d = kpi()
    d.kpis[0].scoring.levels[3].level = 5
    expect(issuesOf(d).map((i) => i.path)).toEqual(['kpis[0].scoring.levels[3].level'])
  })

  it('KPI weights above 100 (below 100 is allowed for a partial template)', () => {
    const c = kpi()
    c.kpis[0].weight = 99.5
    const [issue] = issuesOf(c)
    expect(issue.path).toBe('kpis')
    expect(issue.message).toContain('KPI weights must not sum above 100 (got 101.5)')
  })

  it('a duplicate KPI code and a duplicate element id', () => {
    const c = kpi()
    c.kpis[1].code = '7.1'
    c.kpis[1].evidence[1].id = 'e1'
    expect(issuesOf(c).map((i) => i.path)).toEqual(['kpis[1].code', 'kpis[1].evidence[1].id'])
  })

  it('an OIT indicator declared as a survey, and a sub-indicator outside its indicator', () => {
    const c = ita()
    oit(c).indicators[1].subIndicators[0].code = '9.6'
    c.tools[0].indicators[0] = { ...oit(copy('ita-nacc-2566')).indicators[0], number: 1 }
    const paths = issuesOf(c).map((i) => i.path)
    expect(paths).toContain('tools[0].indicators[0].kind')
    expect(paths).toContain('tools[2].indicators[1].subIndicators[0].code')
  })

  it('bands out of order or not reaching 0', () => {
    const c = copy('ita-nacc-2568')
    ;[c.bands.levels[1], c.bands.levels[2]] = [c.bands.levels[2], c.bands.levels[1]] // ผ่าน before ผ่านดี
    expect(issuesOf(c).map((i) => i.path)).toEqual(['bands.levels[2]'])
    const d = ita()
    d.bands.levels.pop()
    expect(issuesOf(d)).toEqual([
      {
        path: 'bands.levels[5]',
        message: 'ระดับสุดท้ายต้องรับคะแนนตั้งแต่ 0 / the last band must start at 0 with no per-tool minimum',
      },
    ])
  })

  it('file types on a URL element, an unknown field, a missing field and an unknown kind', () => {
    const c = ita()
    const link = oit(c).indicators[0].subIndicators[0].criteria[0].elements.find((e: Json) => e.id === 'link')
    link.fileTypes = ['pdf']
    expect(issuesOf(c).map((i) => i.path)).toEqual([
      'tools[2].indicators[0].subIndicators[0].criteria[0].elements[3].fileTypes',
    ])

    const d = kpi()
    d.kpis[0].wieght = 2
    delete d.kpis[0].description
    expect(issuesOf(d)).toEqual([
      { path: 'kpis[0].description', message: 'ต้องระบุค่านี้ / required' },
      { path: 'kpis[0]', message: 'ฟิลด์ที่ไม่รู้จัก / unknown field: wieght' },
    ])

    expect(issuesOf({ ...kpi(), kind: 'kpi' })[0]).toMatchObject({
      path: 'kind',
      message: expect.stringContaining('unknown kind'),
    })
    expect(issuesOf(null)[0].path).toBe('(root)')
  })

  it('duplicate codes and repeated quarters in a plan', () => {
    const c = copy('improvement-measures-template')
    c.issues[6].code = '1'
    c.issues[0].measures[0].activities[0].period.values = [1, 1]
    expect(issuesOf(c).map((i) => i.path)).toEqual([
      'issues[6].code',
      'issues[0].measures[0].activities[0].period.values[1]',
    ])
    const d = copy('integrity-policy-plan')
    d.policyAreas[0].measures[0].activities[0].period = { unit: 'month', values: [13] }
    expect(issuesOf(d)).toEqual([
      {
        path: 'policyAreas[0].measures[0].activities[0].period.values[0]',
        message: 'ต้องไม่เกิน 12 / must be at most 12',
      },
    ])
  })
})

describe('loadBuiltInCatalogs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'catalogs-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('throws an error naming the file, the path and the rule', () => {
    const c = ita()
    oit(c).weight = 30
    writeFileSync(path.join(dir, 'ita-nacc-2566.json'), JSON.stringify(c))
    expect(() => loadBuiltInCatalogs(dir)).toThrowError(CatalogFileError)
    expect(() => loadBuiltInCatalogs(dir)).toThrowError(
      /ita-nacc-2566\.json:\n {2}tools: .*tool weights must sum to 100 \(got 90\)/,
    )
  })

  it('refuses a file whose key is not its name, and broken JSON', () => {
    writeFileSync(path.join(dir, 'ita-nacc-2566.json'), JSON.stringify(ita()))
    writeFileSync(path.join(dir, 'other.json'), JSON.stringify(ita()))
    expect(() => loadBuiltInCatalogs(dir)).toThrowError(/other\.json:\n {2}key: .*key must equal the file name: other/)
    writeFileSync(path.join(dir, 'other.json'), '{ "kind": ')
    expect(() => loadBuiltInCatalogs(dir)).toThrowError(/other\.json:\n {2}\(root\): .*invalid JSON/)
  })
})
