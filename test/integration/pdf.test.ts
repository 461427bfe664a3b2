import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { escapeHtml, PDF_FONT_FAMILY, thaiFontCss, withPdfRenderer } from '#evidence/documents/pdf.server'

const dir = mkdtempSync(path.join(tmpdir(), 'pdf-test-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const TEXT = 'ปั้น ญี่ปุ่น ฎีกา น้ำ การเปิดเผยข้อมูลสาธารณะ ผู้บริหารสูงสุด'
const html = (body: string) =>
  `<!doctype html><html lang="th"><head><meta charset="utf-8"><style>${thaiFontCss()} ` +
  `body{font-family:${PDF_FONT_FAMILY};font-size:16pt}</style></head><body>${body}</body></html>`

function pdfText(pdf: Buffer, name: string) {
  const file = path.join(dir, name)
  writeFileSync(file, pdf)
  return {
    text: execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }),
    fonts: execFileSync('pdffonts', [file], { encoding: 'utf8' }),
  }
}

describe('PDF documents in Thai', () => {
  it('embed the Thai font and give back the Thai text exactly, tone marks included', async () => {
    const pdf = await withPdfRenderer((r) =>
      r.render(
        html(`<p>${escapeHtml(TEXT)}</p><p>${escapeHtml('<script>ไม่ทำงาน</script>')}</p>`),
        new Date('2026-09-30T00:00:00Z'),
      ),
    )
    const { text, fonts } = pdfText(pdf, 'a.pdf')
    expect(text).toContain(TEXT)
    expect(text).toContain('<script>ไม่ทำงาน</script>')
    expect(fonts).toMatch(/Norasi/)
    for (const line of fonts.split('\n').filter((l) => /Norasi/.test(l)))
      expect(line).toMatch(/\byes\s+yes\s+(yes|no)\s+\d+/) // embedded, subset
    expect(pdf.toString('latin1')).toContain("/CreationDate (D:20260930000000+00'00')")
  })

  it('gives back every criterion and measure title of the built-in catalogs exactly', async () => {
    const { loadBuiltInCatalogs } = await import('#models/catalog/files.server')
    const titles = new Set<string>()
    const walk = (o: unknown): void => {
      if (!o || typeof o !== 'object') return
      if (Array.isArray(o)) return o.forEach(walk)
      const r = o as Record<string, unknown>
      for (const k of ['title', 'name']) {
        const th = (r[k] as { th?: unknown } | undefined)?.th
        if (typeof th === 'string') titles.add(th)
      }
      Object.values(r).forEach(walk)
    }
    loadBuiltInCatalogs().forEach(walk)
    const list = [...titles].filter((t) => t.length < 120)
    expect(list.length).toBeGreaterThan(100)
    const pdf = await withPdfRenderer((r) =>
      r.render(
        html(list.map((t) => `<p style="white-space:nowrap;margin:2px;font-size:10pt">${escapeHtml(t)}</p>`).join('')),
        new Date(),
      ),
    )
    const lines = new Set(
      pdfText(pdf, 'titles.pdf')
        .text.split('\n')
        .map((l) => l.trim()),
    )
    expect(list.filter((t) => !lines.has(t))).toEqual([])
  })

  it('gives identical bytes for the same content and date', async () => {
    const [a, b] = await withPdfRenderer(async (r) => {
      const first = await r.render(html(`<p>${TEXT}</p>`), new Date('2026-10-01T00:00:00Z'))
      await new Promise((done) => setTimeout(done, 1100)) // Chromium's own clock moves on
      return [first, await r.render(html(`<p>${TEXT}</p>`), new Date('2026-10-01T00:00:00Z'))]
    })
    expect(Buffer.compare(a, b)).toBe(0)
  })
})
