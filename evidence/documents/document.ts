/**
 * The page shell of every printed report: A4, the embedded Thai font at 16 pt as official forms
 * use, tables that repeat their header on each page. Pure: returns HTML for the PDF renderer.
 */
import { escapeHtml } from '#evidence/documents/html'

export interface DocumentOptions {
  title: string
  /** @font-face rules (evidence/documents/pdf.server.ts thaiFontCss) and the family to use. */
  fontCss: string
  fontFamily: string
  landscape?: boolean
}

export function reportDocument(body: string, options: DocumentOptions): string {
  return `<!doctype html>
<html lang="th"><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title>
<style>
${options.fontCss}
@page { size: A4 ${options.landscape ? 'landscape' : 'portrait'}; margin: 20mm 18mm 18mm 25mm; }
* { box-sizing: border-box; }
body { font-family: ${options.fontFamily}; font-size: 14pt; line-height: 1.45; color: #000; margin: 0; }
h1 { font-size: 18pt; text-align: center; margin: 0 0 6pt; font-weight: 700; }
h2 { font-size: 16pt; margin: 12pt 0 4pt; font-weight: 700; }
h3 { font-size: 15pt; margin: 8pt 0 4pt; font-weight: 700; }
p { margin: 3pt 0; }
.center { text-align: center; }
.right { text-align: right; }
.muted { color: #333; }
.label { font-weight: 700; }
.num { text-align: center; white-space: nowrap; }
table { width: 100%; border-collapse: collapse; margin: 4pt 0 8pt; page-break-inside: auto; }
thead { display: table-header-group; }
tr { page-break-inside: avoid; }
th, td { border: 0.6pt solid #000; padding: 3pt 5pt; vertical-align: top; font-size: 13pt; }
th { font-weight: 700; text-align: center; background: #f0f0f0; }
ul, ol { margin: 2pt 0 2pt 18pt; padding: 0; }
.page-break { page-break-before: always; }
.box { border: 0.6pt solid #000; padding: 6pt 8pt; margin: 6pt 0; }
.memo-head { display: grid; grid-template-columns: auto 1fr; gap: 2pt 10pt; }
</style></head><body>
${body}
</body></html>`
}
