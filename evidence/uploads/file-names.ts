/**
 * File names people give (uploads) are kept for display and downloads only, never as paths.
 * Still, a name is shown in lists, audit entries and Content-Disposition headers, so it is
 * made into one plain path segment: invisible controls and bidirectional overrides (U+202E
 * turns "รายงานfdp.exe" into "รายงานexe.pdf" on screen) are removed, as are separators and "..".
 */

/** Line breaks and tabs: they become spaces. */
const BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]+/g
/** Controls and format characters (bidi marks, BOM…) except ZWNJ/ZWJ (used inside words of some scripts). */
const INVISIBLE = /\p{Cc}|(?![\u200c\u200d])\p{Cf}/gu

/** Any run of spaces, invisible characters removed, as one space. */
const oneLine = (raw: string) => raw.normalize('NFC').replace(BREAKS, ' ').replace(INVISIBLE, '').replace(/\s+/g, ' ')

/** Text from a person for one line of display: no controls or bidi overrides, spaces collapsed. */
export function cleanDisplayText(raw: string, maxLength = 200): string {
  return Array.from(oneLine(raw).trim()).slice(0, maxLength).join('')
}

/**
 * One path segment: the last segment of whatever path was sent (old browsers send
 * C:\…\name), no controls or bidi characters, no "..", no leading dots, trimmed, at most
 * 255 characters with the extension kept, and `fallback` when nothing is left.
 */
export function safeFileName(raw: string, fallback = 'file'): string {
  const segment = oneLine(raw).split(/[/\\]/).at(-1) ?? ''
  let name = segment
    .replace(/\.{2,}/g, '.')
    .replace(/[\s.]+$/, '')
    .trimStart()
  // no hidden (dot) names: ".pdf" becomes "file.pdf"
  const bare = name.replace(/^\.+/, '')
  if (bare !== name) name = bare.includes('.') || !bare ? bare : `${fallback}.${bare}`
  const chars = Array.from(name)
  if (chars.length > 255) {
    const ext = /\.[^.]{1,10}$/.exec(name)?.[0] ?? ''
    name =
      chars
        .slice(0, 255 - ext.length)
        .join('')
        .trimEnd() + ext
  }
  return name || fallback
}
