/**
 * Every audit action the code records has a Thai and an English label (the audit page shows the
 * label, never the code), and the audit page's values read as a person would: names for ids,
 * labels for codes, Buddhist-era dates, machine identifiers not shown.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AUDIT_ACTIONS, auditActionLabel } from '#app/messages/audit'
import { formatAuditChanges } from '#app/utils/audit-format'
import { CatalogEditSchema } from '#models/catalog/edit'

const ROOT = path.resolve(import.meta.dirname, '../..')
const sources = (dir: string): string[] =>
  readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.tsx?$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name))

/** Dotted string literals on the lines that record an event, in every file that records one. */
function recordedActionCodes(): Set<string> {
  const codes = new Set<string>()
  for (const file of ['models', 'evidence', 'app', 'server', 'scripts'].flatMap(sources)) {
    const text = readFileSync(file, 'utf8')
    if (!text.includes('recordAudit')) continue
    for (const line of text.split('\n')) {
      if (!/action\b|recordAudit|insert\(|replaceDraftContent\(|write\(/.test(line)) continue
      for (const m of line.matchAll(/['`]([a-z]+(?:\.[a-z-]+)+)['`]/g)) codes.add(m[1])
    }
  }
  return codes
}

describe('audit action labels', () => {
  it('labels every action recorded with a literal code', () => {
    const codes = recordedActionCodes()
    expect(codes.size).toBeGreaterThan(40)
    expect([...codes].filter((c) => !(c in AUDIT_ACTIONS))).toEqual([])
  })

  it('labels the codes made from parts: catalog edits, review transitions, package endings', () => {
    const ops = CatalogEditSchema.options.map((o) => o.shape.op.value as string)
    const made = [
      ...ops.map((op) => `catalog.${op}`),
      ...['submit', 'return', 'approve', 'reopen'].map((x) => `review.${x}`),
      ...['done', 'fail', 'cancel-done'].map((x) => `package.${x}`),
    ]
    expect(made.filter((c) => !(c in AUDIT_ACTIONS))).toEqual([])
    for (const [code, [th, en]] of Object.entries(AUDIT_ACTIONS)) {
      expect(th, code).toMatch(/[\u0E00-\u0E7F]/)
      expect(en, code).not.toBe(code)
    }
    expect(auditActionLabel('auth.sign-in', 'th')).toBe('เข้าสู่ระบบ')
    expect(auditActionLabel('auth.sign-in', 'en')).toBe('Signed in')
  })

  it('shows before/after values with labels and names, not codes and ids', () => {
    const unitId = '6b0fb3fe6533584b3c944989'
    const rows = formatAuditChanges(
      {
        status: { before: 'running', after: 'done' },
        runner: { before: null, after: 'vm:29828:b9f496f0' },
        unitIds: { before: [], after: [unitId] },
        dueDate: { before: null, after: '2026-03-31' },
        active: { before: true, after: false },
        link: { before: null, after: { status: 'active', runner: 'vm:1:2' } },
      },
      'th',
      { [unitId]: 'กองคลัง' },
    )
    expect(rows).toEqual([
      { field: 'สถานะ', before: 'กำลังจัดทำ', after: 'เสร็จแล้ว' },
      { field: 'ตัวประมวลผล', before: '—', after: '(ค่าภายในระบบ)' },
      { field: 'หน่วยงาน', before: '—', after: 'กองคลัง' },
      { field: 'กำหนดส่ง', before: '—', after: expect.stringContaining('2569') },
      { field: 'ใช้งานได้', before: 'ใช่', after: 'ไม่ใช่' },
      { field: 'การเชื่อมองค์ประกอบ', before: '—', after: 'สถานะ: มอบหมายแล้ว' },
    ])
  })
})
