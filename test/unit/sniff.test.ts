/**
 * The sniffer on Thai text: a head cut inside a multi-byte character (at the end of a short
 * file, or at SNIFF_BYTES) is still text; an invalid byte before the cut is not.
 */
import { describe, expect, it } from 'vitest'
import { SNIFF_BYTES, sniffFile } from '#evidence/uploads/sniff.server'

const THAI_CSV = Buffer.from('ลำดับ,รายการ,งบประมาณ\r\n1,รายงาน 1,๑๒๓\r\n2,ปั้น ญี่ปุ่น ฎีกา,456\r\n', 'utf8')

describe('sniffing UTF-8 text', () => {
  it('accepts Thai text cut at every byte offset, as TXT and as CSV', async () => {
    for (let cut = 1; cut <= THAI_CSV.length; cut++) {
      const head = THAI_CSV.subarray(0, cut)
      expect(await sniffFile(head, 'รายงาน.txt'), `txt cut at ${cut}`).toMatchObject({
        ok: true,
        label: 'TXT',
        mimeType: 'text/plain; charset=utf-8',
      })
      expect(await sniffFile(head, 'รายงาน.csv'), `csv cut at ${cut}`).toMatchObject({
        ok: true,
        label: 'CSV',
        mimeType: 'text/csv; charset=utf-8',
      })
    }
  })

  it('accepts a long Thai file whose sniffed head ends inside a character', async () => {
    const line = Buffer.from('ผลการดำเนินงานประจำปี\r\n', 'utf8')
    const lines = Buffer.concat(Array.from({ length: Math.ceil(SNIFF_BYTES / line.length) + 2 }, () => line))
    // 0, 1 or 2 ASCII bytes in front move the cut at SNIFF_BYTES through each byte of a character
    for (const lead of ['', '1', '12']) {
      const head = Buffer.concat([Buffer.from(lead), lines]).subarray(0, SNIFF_BYTES)
      expect(await sniffFile(head, 'ผล.txt'), `lead "${lead}"`).toMatchObject({ ok: true, label: 'TXT' })
    }
  })

  it('refuses bytes that are not UTF-8 text before the end, and NUL bytes', async () => {
    const broken = Buffer.concat([Buffer.from('รายงาน', 'utf8'), Buffer.from([0xe0, 0x41]), Buffer.from(' 1', 'utf8')])
    expect(await sniffFile(broken, 'รายงาน.txt')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/no accepted type/),
    })
    expect(await sniffFile(Buffer.from('abc\u0000def'), 'a.txt')).toMatchObject({ ok: false })
    expect(await sniffFile(Buffer.from([0x41, 0x42, 0xff]), 'a.txt')).toMatchObject({ ok: false })
  })
})

describe('names that claim a type we do not take', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
  it.each(['report.exe', 'page.html', 'script.js', 'archive.tar.gz'])(
    'refuses %s whatever its bytes, naming ' + 'the extension',
    async (name) => {
      const r = await sniffFile(
        name === 'page.html' ? Buffer.from('<html><script>alert(1)</script></html>') : pdf,
        name,
      )
      expect(r.ok).toBe(false)
      expect(!r.ok && r.reason).toContain(`.${name.split('.').pop()}`)
    },
  )
  it('still takes a name without an extension, or ending in a version number, by its content', async () => {
    expect(await sniffFile(pdf, 'รายงานประจำปี')).toMatchObject({ ok: true, label: 'PDF' })
    expect(await sniffFile(Buffer.from('แผน ฉบับ 1.2\n'), 'แผน v1.2')).toMatchObject({ ok: true, label: 'TXT' })
  })
})
