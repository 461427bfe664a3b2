/**
 * Shortening of generated folder and file names (submission packages): a long Thai title is cut
 * between two words, never inside one, and ends with "…" so a reader sees it was shortened.
 * Thai has no spaces between words, so the boundaries come from Intl.Segmenter's dictionary.
 */

const ELLIPSIS = '…'
const words = new Intl.Segmenter('th', { granularity: 'word' })
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' })

/** `text` in at most `max` UTF-16 units, cut at a word boundary with "…" when it is longer. */
export function shortenName(text: string, max: number): string {
  if (text.length <= max) return text
  const room = max - ELLIPSIS.length
  // punctuation stays with the word before it: "พ.ศ." is one unit, not "พ.ศ" and "."
  const units: string[] = []
  for (const { segment, isWordLike } of words.segment(text)) {
    if (!isWordLike && !/\s/u.test(segment) && units.length > 0) units[units.length - 1] += segment
    else units.push(segment)
  }
  let kept = ''
  for (const unit of units) {
    if (kept.length + unit.length > room) break
    kept += unit
  }
  // one "word" longer than the room (a run of letters the dictionary does not know): cut between
  // characters, never between a consonant and its vowel or tone mark
  if (kept.trim() === '') {
    kept = ''
    for (const { segment } of graphemes.segment(text)) {
      if (kept.length + segment.length > room) break
      kept += segment
    }
  }
  return kept.replace(/[\s\-_,;:(/]+$/u, '') + ELLIPSIS
}

/** A file name shortened the same way, keeping its extension (".pdf", ".xlsx"; not ". 2568"). */
export function shortenFileName(name: string, max: number): string {
  if (name.length <= max) return name
  const ext = /\.[A-Za-z0-9]{1,8}$/.exec(name)?.[0] ?? ''
  return shortenName(name.slice(0, name.length - ext.length), max - ext.length) + ext
}

/** Longest folder name a package writes (tool, indicator, criterion, catalog), before the archive's own limits. */
export const MAX_FOLDER_NAME = 60
/** Longest file name a package writes. */
export const MAX_FILE_NAME = 80
