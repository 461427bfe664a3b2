import { createHash, randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import { multipartRequest, sha256 } from '#test/support/evidence-files'

/** The request's bytes re-sent in chunks of `size`, so boundaries fall across chunks. */
async function rechunked(request: Request, size: number) {
  const body = Buffer.from(await request.arrayBuffer())
  const stream = new ReadableStream({
    start(c) {
      for (let i = 0; i < body.length; i += size) c.enqueue(body.subarray(i, i + size))
      c.close()
    },
  })
  return new Request(request.url, {
    method: 'POST',
    headers: request.headers,
    body: stream,
    duplex: 'half',
  } as RequestInit)
}

describe('the streaming multipart parser', () => {
  const data = randomBytes(200 * 1024 + 17)
  it.each([7, 61, 62, 63, 64, 65, 1000, 65536])('returns the exact bytes with chunks of %i bytes', async (size) => {
    const request = await rechunked(multipartRequest('http://x/', 'ปั้น ญี่ปุ่น; a=b.pdf', data), size)
    let hash = ''
    let name = ''
    await parseMultipart(request, async (part) => {
      name = part.filename ?? ''
      const h = createHash('sha256')
      for await (const c of part.data) h.update(c)
      hash = h.digest('hex')
      return undefined
    })
    expect(name).toBe('ปั้น ญี่ปุ่น; a=b.pdf')
    expect(hash).toBe(sha256(data))
  })

  it('skips what a handler leaves unread and reads later fields', async () => {
    const body =
      '--b\r\nContent-Disposition: form-data; name="file"; ' +
      'filename="a.txt"\r\n\r\nhello\r\n--b\r\nContent-Disposition: form-data; ' +
      'name="note"\r\n\r\nสวัสดี\r\n--b--\r\n'
    const request = new Request('http://x/', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
      body,
    })
    const form = await parseMultipart(request, async (part) => {
      if (part.filename) return undefined
      let text = ''
      for await (const c of part.data) text += Buffer.from(c).toString('utf8')
      return text
    })
    expect(form.get('note')).toBe('สวัสดี')
  })

  it('refuses a body that is not multipart or ends early', async () => {
    await expect(
      parseMultipart(new Request('http://x/', { method: 'POST', body: 'x' }), async () => undefined),
    ).rejects.toThrow(/multipart/)
    const cut = new Request('http://x/', {
      method: 'POST',
      headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
      body: '--b\r\nContent-Disposition: form-data; name="f"; filename="a"\r\n\r\nabc',
    })
    await expect(
      parseMultipart(cut, async (p) => {
        for await (const _ of p.data) void _
        return undefined
      }),
    ).rejects.toThrow(/unexpected end/)
  })
})
