/**
 * The words of evidence, for the library's search: the same normalization and segmentation when indexing and when
 * searching, so that a word typed in the search box meets the word stored. Thai is written without spaces between
 * words, so words come from ICU's dictionary segmenter (`Intl.Segmenter('th', { granularity: 'word' })`), which also
 * splits English and digits. Pure: used by the index (models/evidence/search-index.server.ts) and by tests.
 */

/**
 * Thai glyph variants in the private use area (U+F700–U+F71A): fonts made for Windows place shifted tone marks and
 * vowels there, and text taken from PDFs set in them carries those code points. Each is the ordinary character.
 */
const THAI_PUA: Record<number, string> = {
  0xf700: '\u0e10',
  0xf701: '\u0e34',
  0xf702: '\u0e35',
  0xf703: '\u0e36',
  0xf704: '\u0e37',
  0xf705: '\u0e48',
  0xf706: '\u0e49',
  0xf707: '\u0e4a',
  0xf708: '\u0e4b',
  0xf709: '\u0e4c',
  0xf70a: '\u0e48',
  0xf70b: '\u0e49',
  0xf70c: '\u0e4a',
  0xf70d: '\u0e4b',
  0xf70e: '\u0e4c',
  0xf70f: '\u0e0d',
  0xf710: '\u0e31',
  0xf711: '\u0e4d',
  0xf712: '\u0e47',
  0xf713: '\u0e48',
  0xf714: '\u0e49',
  0xf715: '\u0e4a',
  0xf716: '\u0e4b',
  0xf717: '\u0e4c',
  0xf718: '\u0e38',
  0xf719: '\u0e39',
  0xf71a: '\u0e3a',
}

/** A tone mark or thanthakhat typed before the vowel above or below it (they look the same on screen). */
const TONE_BEFORE_VOWEL = /([\u0e48-\u0e4c])([\u0e31\u0e34-\u0e3a\u0e47])/g

/**
 * Text as the index compares it: Thai glyph variants to their characters, compatibility forms folded (NFKC; SARA AM
 * kept as one character, however it was typed), invisible characters removed, Thai digits as 0–9, a tone mark put
 * after its vowel, a mark typed twice kept once, and lower case.
 */
export function normalizeText(input: string): string {
  return (
    input
      .replace(/[\uf700-\uf71a]/g, (c) => THAI_PUA[c.charCodeAt(0)] ?? c)
      .normalize('NFKC')
      // NFKC splits SARA AM into NIKHAHIT + SARA AA; PDFs also give NIKHAHIT, tone mark, SARA AA (น ํ ้ า)
      .replace(/\u0e4d([\u0e48-\u0e4b]?)\u0e32/g, '$1\u0e33')
      .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
      .replace(/[\u0e50-\u0e59]/g, (d) => String(d.charCodeAt(0) - 0x0e50))
      .replace(TONE_BEFORE_VOWEL, '$2$1')
      .replace(/([\u0e31\u0e34-\u0e3a\u0e47-\u0e4e])\1+/g, '$1')
      .toLowerCase()
  )
}

/**
 * Extracted text as people read it: Thai glyph variants to their characters and SARA AM as one character, invisible
 * characters removed; case and digits kept (for snippets).
 */
export function displayText(input: string): string {
  return input
    .replace(/[\uf700-\uf71a]/g, (c) => THAI_PUA[c.charCodeAt(0)] ?? c)
    .normalize('NFC')
    .replace(/\u0e4d([\u0e48-\u0e4b]?)\u0e32/g, '$1\u0e33')
    .replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '')
}

/** Longer "words" are hashes, long numbers or runs without spaces: not what anyone types. */
const MAX_WORD_LENGTH = 40

let segmenter: Intl.Segmenter | undefined

/** Marks ICU keeps inside a word ("plan.pdf", "รายงาน_ประจำ", "ม.ค", "www.example.go.th"). */
const INNER_MARKS = /[._:'’\u2019-]+/

/**
 * The words of a text, normalized, in order, repeats included. With `parts`, a word holding inner marks also gives
 * its pieces, segmented again ("ปี.pdf" → "ปี.pdf", "ปี", "pdf"): the index keeps both, so that a search for "pdf" or
 * for "ม.ค" finds them, while the words of a search are kept whole, as typed.
 */
export function words(text: string, options: { parts?: boolean } = {}): string[] {
  segmenter ??= new Intl.Segmenter('th', { granularity: 'word' })
  const out: string[] = []
  for (const s of segmenter.segment(normalizeText(text))) {
    if (!s.isWordLike) continue
    const w = s.segment.trim()
    if (!w || w.length > MAX_WORD_LENGTH) continue
    out.push(w)
    if (options.parts && INNER_MARKS.test(w))
      for (const piece of w.split(INNER_MARKS))
        for (const p of segmenter.segment(piece)) if (p.isWordLike && p.segment !== w) out.push(p.segment)
  }
  return out
}

/** The distinct words of some texts (a title, file names, a body…), at most `max`. */
export function wordSet(texts: (string | null | undefined)[], max = 20_000): Set<string> {
  const set = new Set<string>()
  for (const t of texts) {
    if (!t) continue
    for (const w of words(t, { parts: true })) {
      set.add(w)
      if (set.size >= max) return set
    }
  }
  return set
}

/** The words of a search box: distinct, in the order typed, at most 12 (every one must match). */
export function queryWords(q: string): string[] {
  return [...new Set(words(q))].slice(0, 12)
}

/** HTML to its text: tags become spaces, common entities are decoded. */
export function htmlText(html: string): string {
  return html
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** A pattern finding a normalized word in text as it was written: either digit form, SARA AM typed either way. */
function wordPattern(word: string): string {
  let out = ''
  for (const c of word) {
    if (c >= '0' && c <= '9') out += `[${c}${String.fromCharCode(0x0e50 + Number(c))}]`
    else if (c === '\u0e33') out += '(?:\u0e33|\u0e4d\u0e32)'
    else out += escapeRe(c)
  }
  return out
}

/** A part of a snippet: text, and whether it is one of the words searched. */
export interface SnippetPart {
  text: string
  hit: boolean
}

/**
 * About `width` characters of `text` around the first place one of `searched` appears, with every appearance marked;
 * null when none appears as written (the words matched once normalized, or only in the title or file name).
 */
export function snippet(text: string, searched: string[], width = 200): SnippetPart[] | null {
  const patterns = searched.filter(Boolean).map(wordPattern)
  if (patterns.length === 0 || !text) return null
  const any = new RegExp(patterns.join('|'), 'giu')
  const first = any.exec(text)
  if (!first) return null
  const half = Math.floor(width / 2)
  let start = Math.max(0, first.index - half)
  let end = Math.min(text.length, first.index + first[0].length + half)
  // cut at a space when one is near, so that words stay whole
  const before = text.lastIndexOf(' ', start + 20)
  if (start > 0 && before > start - 30 && before >= 0 && before < first.index) start = before + 1
  const after = text.indexOf(' ', end - 20)
  if (end < text.length && after !== -1 && after < end + 30) end = after
  const window = text.slice(start, end).replace(/\s+/g, ' ')
  const parts: SnippetPart[] = []
  if (start > 0) parts.push({ text: '…', hit: false })
  let at = 0
  any.lastIndex = 0
  for (let m = any.exec(window); m; m = any.exec(window)) {
    if (m[0].length === 0) {
      any.lastIndex++
      continue
    }
    if (m.index > at) parts.push({ text: window.slice(at, m.index), hit: false })
    parts.push({ text: m[0], hit: true })
    at = m.index + m[0].length
  }
  if (at < window.length) parts.push({ text: window.slice(at), hit: false })
  if (end < text.length) parts.push({ text: '…', hit: false })
  return parts
}
