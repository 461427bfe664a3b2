/** Evidence fixtures generated at test time (nothing binary is committed), and upload requests. */
import { createHash, randomBytes } from 'node:crypto'
import { deflateSync } from 'node:zlib'

export const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')

/** A small valid PDF (one page, one line of Latin text), with a correct cross-reference table. */
export function minimalPdf(text = 'Saisaat evidence'): Buffer {
  return pdfOf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 144] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    streamObject(`BT /F1 18 Tf 20 70 Td (${text.replace(/[()\\]/g, '')}) Tj ET`),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ])
}

/** A PDF of `pages` A4 pages of `lines` lines of Latin text each (a long report, for the text reader's bench). */
export function pagedPdf(pages: number, lines = 50): Buffer {
  // objects: 1 catalog, 2 page tree, 3 font, then each page and its contents
  const pageIds = Array.from({ length: pages }, (_, i) => 4 + 2 * i)
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages} >>`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  for (let p = 0; p < pages; p++) {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${pageIds[p] + 1} 0 R ` +
        '/Resources << /Font << /F1 3 0 R >> >> >>',
    )
    const text = Array.from(
      { length: lines },
      (_, l) => `(Page ${p + 1} line ${l + 1}: procurement report budget integrity ${p * lines + l}) Tj 0 -15 Td`,
    )
    objects.push(streamObject(`BT /F1 10 Tf 40 800 Td ${text.join(' ')} ET`))
  }
  return pdfOf(objects)
}

const streamObject = (stream: string) => `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`

/** A PDF of these objects (numbered from 1, the first the catalog), with a correct cross-reference table. */
function pdfOf(objects: string[]): Buffer {
  let out = '%PDF-1.4\n'
  const offsets: number[] = []
  objects.forEach((o, i) => {
    offsets.push(out.length)
    out += `${i + 1} 0 obj\n${o}\nendobj\n`
  })
  const xref = out.length
  const entries = offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${entries}`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(buf: Buffer) {
  let c = 0xffffffff
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}
function chunk(type: string, data: Buffer) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A valid w×h PNG of one colour. */
export function solidPng(w = 8, h = 8, rgb: [number, number, number] = [0, 128, 128]): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // truecolour
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: w }, () => rgb).flat())])
  const raw = Buffer.concat(Array.from({ length: h }, () => row))
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** The start of a Linux executable: what a forged `.pdf` really is. */
export function elfBytes(size = 4096): Buffer {
  const b = randomBytes(size)
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]).copy(b, 0)
  b.fill(0, 8, 16)
  b.writeUInt16LE(2, 16) // ET_EXEC
  b.writeUInt16LE(0x3e, 18) // x86-64
  return b
}

/** A large "PDF": the PDF header, then random bytes (enough for the sniffer and for hashing). */
export function largePdfLike(bytes: number): Buffer {
  const b = randomBytes(bytes)
  Buffer.from('%PDF-1.7\n', 'latin1').copy(b, 0)
  return b
}

/** An XLSX workbook with Thai text, made by exceljs. */
export async function thaiXlsx(): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs')
  const wb = new ExcelJS.Workbook()
  wb.addWorksheet('แผน').addRow(['ไตรมาส', 'งบประมาณ'])
  return Buffer.from(await wb.xlsx.writeBuffer())
}

/**
 * A multipart POST with one file whose bytes come from `chunks` (an async iterable, so tests
 * can pace or interrupt it), as a browser sends it: Content-Length set when `size` is known.
 */
export function multipartRequest(
  url: string,
  fileName: string,
  chunks: AsyncIterable<Uint8Array> | Uint8Array,
  options: { size?: number; headers?: Record<string, string> } = {},
): Request {
  const boundary = `----saisaat${randomBytes(8).toString('hex')}`
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; ` +
      `filename="${fileName.replace(/"/g, '%22')}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    'utf8',
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')
  const size = chunks instanceof Uint8Array ? chunks.byteLength : options.size
  const parts = (async function* () {
    yield head
    if (chunks instanceof Uint8Array) yield chunks
    else yield* chunks
    yield tail
  })()
  // pulled on demand, so a paced source is sent at its own pace
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const r = await parts.next()
      if (r.done) controller.close()
      else controller.enqueue(r.value)
    },
    async cancel() {
      await parts.return(undefined)
    },
  })
  return new Request(url, {
    method: 'POST',
    body,
    // Node's fetch needs duplex for a streamed body
    duplex: 'half',
    headers: {
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      ...(size !== undefined ? { 'Content-Length': String(head.length + size + tail.length) } : {}),
      ...options.headers,
    },
  })
}
