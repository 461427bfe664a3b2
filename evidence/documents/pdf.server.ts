/**
 * PDF documents (the package index, the KPI, plan and measures reports) rendered from HTML by
 * Debian's Chromium: HarfBuzz shapes Thai vowels and tone marks correctly and breaks Thai lines
 * at word boundaries, which PDF libraries in JavaScript do not. The font is embedded.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { chromium, type Browser } from 'playwright-core'

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** Chromium's flags here and in the browser tests: no sandbox, GPU or network beyond loopback (none to reach). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

/**
 * Norasi (TLWG, in Debian's fonts-thai-tlwg) is a looped formal Thai face. It is used for PDFs
 * rather than Sarabun because fonts that shift marks over tall consonants (ปั้, เปิ) make text
 * extraction insert spaces ("ปั้ น"): rendering every criterion title of the built-in catalogs,
 * pdftotext gave back 155 of 155 exactly with Norasi, against 111 with Laksaman (TH Sarabun PSK)
 * and fewer with Google's Sarabun.
 */
export const PDF_FONT_DIR = process.env.PDF_FONT_DIR ?? '/usr/share/fonts/truetype/tlwg'

let fontCss: string | undefined

/** @font-face rules for the PDF font (regular and bold) as data URLs: embedded, no network. */
export function thaiFontCss(): string {
  if (fontCss) return fontCss
  const face = (file: string, weight: number) => {
    let data: string
    try {
      data = readFileSync(path.join(PDF_FONT_DIR, file)).toString('base64')
    } catch {
      throw new Error(
        `the PDF font ${file} is missing in ${PDF_FONT_DIR}: install Debian's fonts-thai-tlwg (or set PDF_FONT_DIR)`,
      )
    }
    return (
      `@font-face{font-family:'Norasi';font-style:normal;font-weight:${weight};` +
      `src:url(data:font/ttf;base64,${data}) format('truetype')}`
    )
  }
  fontCss = [face('Norasi.ttf', 400), face('Norasi-Bold.ttf', 700)].join('\n')
  return fontCss
}

/** The font-family to use in PDF documents. */
export const PDF_FONT_FAMILY = 'Norasi, serif'

export interface PdfRenderer {
  /** Renders one HTML document to A4 PDF bytes; the document's dates are set to `date`. */
  render(html: string, date: Date): Promise<Buffer>
}

/** Starts Chromium once for a batch of documents and closes it afterwards. */
export async function withPdfRenderer<T>(run: (renderer: PdfRenderer) => Promise<T>): Promise<T> {
  let browser: Browser
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      // the PDF's date fields carry the time zone offset: fix it so output does not depend on the machine
      env: { ...process.env, TZ: 'UTC' },
    })
  } catch (error) {
    throw new Error(
      `cannot start Chromium at ${CHROMIUM_PATH} to render PDF documents (${(error as Error).message.split('\n')[0]})`,
    )
  }
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true })
    return await run({
      async render(html, date) {
        const page = await context.newPage()
        try {
          await page.setContent(html, { waitUntil: 'load' })
          await page.evaluate(() => document.fonts.ready).catch(() => {})
          const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true })
          return fixPdfDates(pdf, date)
        } finally {
          await page.close()
        }
      },
    })
  } finally {
    await browser.close()
  }
}

/**
 * Replaces the creation and modification times Chromium writes with `date`, keeping every byte
 * offset unchanged (only the 14 digits are rewritten), so the same content gives the same bytes.
 */
export function fixPdfDates(pdf: Buffer, date: Date): Buffer {
  const stamp = date.toISOString().replace(/[-:T]/g, '').slice(0, 14)
  const text = pdf
    .toString('latin1')
    .replace(/\/(CreationDate|ModDate) \(D:\d{14}/g, (_m, field: string) => `/${field} (D:${stamp}`)
  return Buffer.from(text, 'latin1')
}

export { escapeHtml } from '#evidence/documents/html'
