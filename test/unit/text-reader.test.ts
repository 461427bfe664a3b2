/** The text reader's own thread: files read there, a reading past its time stopped, the reader going on after. */
import { describe, expect, it } from 'vitest'
import { readFileText } from '#evidence/text/reader.server'
import { minimalPdf, pagedPdf } from '#test/support/evidence-files'

describe('reading files in the text reader thread', () => {
  it("reads a PDF's text, every page of a long one", async () => {
    expect(await readFileText(minimalPdf('quarterly procurement'), 'application/pdf', 60_000)).toEqual({
      state: 'done',
      text: 'quarterly procurement',
    })
    const long = await readFileText(pagedPdf(40, 10), 'application/pdf', 60_000)
    expect(long.text).toContain('Page 1 line 1:')
    expect(long.text).toContain('Page 40 line 10: procurement report budget integrity 399')
  })

  it('answers a file it cannot read with the reason, and reads the next one', async () => {
    await expect(readFileText(Buffer.from('PK'), 'application/zip', 60_000)).rejects.toThrow(
      'no text reader for application/zip',
    )
    await expect(readFileText(Buffer.from('%PDF-1.4 broken'), 'application/pdf', 60_000)).rejects.toThrow()
    expect(await readFileText(Buffer.from('รายงาน ผลการดำเนินงาน'), 'text/plain', 60_000)).toEqual({
      state: 'done',
      text: 'รายงาน ผลการดำเนินงาน',
    })
  })

  it('stops a reading that runs past its time, and reads the next file with a fresh reader', async () => {
    // 1 ms: no reader starts and reads 600 pages in that time
    await expect(readFileText(pagedPdf(600), 'application/pdf', 1)).rejects.toThrow(/no result within/)
    expect(await readFileText(minimalPdf('after the stop'), 'application/pdf', 60_000)).toEqual({
      state: 'done',
      text: 'after the stop',
    })
  })
})
