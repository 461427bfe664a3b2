/**
 * The one vocabulary of evidence kinds. Evidence documents store `type` as 'file', 'link' or 'text' (the library
 * filters on it too); code that talks about a kind of evidence uses these. Catalog elements say which kind they ask
 * for in the catalog file's own spelling, where 'url' names a link: the built-in, exported and imported catalog
 * files (and their validation messages) keep that spelling, and `evidenceTypeFor` is the one place it is read.
 * Pure: safe in the browser.
 */
export const EVIDENCE_TYPES = ['file', 'link', 'text'] as const
export type EvidenceType = (typeof EVIDENCE_TYPES)[number]

/** What a catalog element asks for, as catalog files write it. */
export const ELEMENT_EVIDENCE_KINDS = ['file', 'url', 'text'] as const
export type ElementEvidenceKind = (typeof ELEMENT_EVIDENCE_KINDS)[number]

/** The kind of evidence an element asks for. */
export const evidenceTypeFor = (kind: ElementEvidenceKind): EvidenceType => (kind === 'url' ? 'link' : kind)
