/**
 * The index the evidence library searches, shaped for key lookups. FerretDB 1.24 on SQLite serves only a filter on
 * `_id` alone without reading the whole collection, so:
 * - `evidence_terms` holds one document per word of an organization, `_id` = "<organization id>:<word>", with the
 *   ids of the evidence containing it (a search reads one document per word typed);
 * - `evidence_search` holds one document per evidence, `_id` = the evidence id: the words of its title, file names,
 *   description, tags and text (`fieldWords`), of its file's extracted text (`textWords`), the words the terms
 *   currently hold for it (`indexed`), the start of the extracted text for snippets, and the extraction's state;
 * - `evidence_text_jobs` is the queue of files whose text is still to be extracted (evidence/text/jobs.server.ts):
 *   small, so reading it whole every few seconds costs nothing.
 *
 * Every write of an organization's index runs one at a time in this process (FerretDB applies `$addToSet` and `$pull`
 * by reading and rewriting the document, so two at once could lose one); on MongoDB those operators are atomic as
 * well. The words are kept in step with every change of the evidence (records.server.ts calls
 * `syncEvidenceSearch` after each write), and `rebuildSearchTerms` writes an organization's terms anew.
 */
import mongoose, { Schema } from 'mongoose'
import { claim } from '#models/claims.server'
import { defineModel, keyedBatches } from '#models/db.server'
import { htmlText, wordSet } from '#models/evidence/words'

/**
 * What became of a file's text: `none` (a link or a text: nothing to extract), `pending` (the job will read it),
 * `done`, `empty` (a PDF, DOCX or XLSX without text, such as a scan: its content cannot be searched), `failed` (could
 * not be read, after `MAX_TEXT_ATTEMPTS`), `skipped` (a kind without text to read, e.g. an image, or too large).
 */
export const TEXT_STATES = ['none', 'pending', 'done', 'empty', 'failed', 'skipped'] as const
export type TextState = (typeof TEXT_STATES)[number]

/** Attempts to read one file's text before it is marked failed (a crash mid-read counts as one). */
export const MAX_TEXT_ATTEMPTS = 3
/** Characters of extracted text kept for snippets (all of it is indexed, up to the extractor's limit). */
export const KEPT_TEXT_CHARS = 20_000

const searchSchema = new Schema(
  {
    _id: String,
    organizationId: { type: String, required: true },
    live: { type: Boolean, default: true },
    fieldWords: { type: [String], default: [] },
    textWords: { type: [String], default: [] },
    indexed: { type: [String], default: [] },
    text: { type: String, default: '' },
    textState: { type: String, enum: TEXT_STATES, default: 'none' },
    textVersion: { type: Number, default: 0 },
    textError: { type: String, default: '' },
    textAttempts: { type: Number, default: 0 },
    textAt: { type: Date, default: null },
  },
  { versionKey: false },
)
interface SearchDoc {
  _id: string
  organizationId: string
  live: boolean
  fieldWords: string[]
  textWords: string[]
  indexed: string[]
  text: string
  textState: TextState
  textVersion: number
  textError: string
  textAttempts: number
  textAt: Date | null
}
const SearchModel = defineModel('EvidenceSearch', () =>
  mongoose.model('EvidenceSearch', searchSchema, 'evidence_search'),
)

const termSchema = new Schema(
  { _id: String, organizationId: { type: String, required: true, index: true }, ids: { type: [String], default: [] } },
  { versionKey: false },
)
const TermModel = defineModel('EvidenceTerm', () => mongoose.model('EvidenceTerm', termSchema, 'evidence_terms'))

const jobSchema = new Schema(
  {
    _id: String,
    organizationId: { type: String, required: true },
    evidenceId: { type: String, required: true },
    version: { type: Number, required: true },
    key: { type: String, required: true },
    mimeType: { type: String, default: '' },
    fileName: { type: String, default: '' },
    size: { type: Number, default: 0 },
    attempts: { type: Number, default: 0 },
    notBefore: { type: Date, required: true },
    leaseUntil: { type: Date, default: null },
    lastError: { type: String, default: '' },
  },
  { versionKey: false },
)
export interface TextJob {
  _id: string
  organizationId: string
  evidenceId: string
  version: number
  key: string
  mimeType: string
  fileName: string
  size: number
  attempts: number
  notBefore: Date
  leaseUntil: Date | null
  lastError: string
}
const JobModel = defineModel('EvidenceTextJob', () =>
  mongoose.model('EvidenceTextJob', jobSchema, 'evidence_text_jobs'),
)

const termId = (organizationId: string, word: string) => `${organizationId}:${word}`

// ---- one writer per organization, in batches ---------------------------------------------------

/**
 * The terms one batch of index writes moves: per evidence, what its search document said it was indexed under
 * before the batch, and what it wants after the batch's last write of it.
 */
interface TermMoves {
  had: Map<string, string[]>
  wanted: Map<string, Set<string>>
  /** What the batch's last write of the evidence's search document set as `indexed`. */
  written: Map<string, string[]>
}

/** What an evidence is indexed under now, the batch's earlier writes of it included. */
const indexedNow = (moves: TermMoves, id: string, doc: { indexed?: string[] } | null) =>
  moves.wanted.has(id) ? [...moves.wanted.get(id)!] : (doc?.indexed ?? [])

function moveTerms(
  moves: TermMoves,
  id: string,
  doc: { indexed?: string[] } | null,
  wanted: Set<string>,
  written: string[],
) {
  if (!moves.had.has(id)) moves.had.set(id, doc?.indexed ?? [])
  moves.wanted.set(id, wanted)
  moves.written.set(id, written)
}

/** One write of the index: of one evidence (`id`), or of the whole organization's (null: a rebuild). */
interface IndexWrite {
  id: string | null
  run: (moves: TermMoves) => Promise<unknown>
}

const settle = (p: Promise<unknown>): Promise<PromiseSettledResult<unknown>> =>
  p.then(
    (value) => ({ status: 'fulfilled', value }) as const,
    (reason: unknown) => ({ status: 'rejected', reason }) as const,
  )

/**
 * The organization's index writes in this process go one batch at a time: the search documents first (the writes of
 * different evidence at once, those of one evidence in order), then every term the batch moves at once. A term (a
 * word of many titles holds thousands of ids) is then rewritten once per batch, not once per write: under many uploads
 * at once the queue stays short. A rebuild runs alone, in order.
 */
const inBatches = keyedBatches<IndexWrite, unknown>(async (organizationId, writes) => {
  const moves: TermMoves = { had: new Map(), wanted: new Map(), written: new Map() }
  const outcomes: PromiseSettledResult<unknown>[] = new Array(writes.length)
  if (writes.some((w) => w.id === null)) {
    for (const [i, w] of writes.entries()) outcomes[i] = await settle(w.run(moves))
  } else {
    const byEvidence = new Map<string, number[]>()
    writes.forEach((w, i) => byEvidence.set(w.id!, [...(byEvidence.get(w.id!) ?? []), i]))
    await Promise.all(
      [...byEvidence.values()].map(async (indexes) => {
        for (const i of indexes) outcomes[i] = await settle(writes[i].run(moves))
      }),
    )
  }
  await writeTerms(organizationId, moves)
  return outcomes
})
const serially = <T>(organizationId: string, id: string | null, run: (moves: TermMoves) => Promise<T>) =>
  inBatches(organizationId, { id, run }) as Promise<T>

/** Moves the terms of a batch's evidence from `had` to `wanted`; `indexed` on each search document never lags them. */
async function writeTerms(organizationId: string, moves: TermMoves) {
  const adds = new Map<string, string[]>()
  const removes = new Map<string, string[]>()
  const after: { id: string; indexed: string[] }[] = []
  for (const [id, wanted] of moves.wanted) {
    const had = new Set(moves.had.get(id) ?? [])
    const add = [...wanted].filter((w) => !had.has(w))
    const remove = [...had].filter((w) => !wanted.has(w))
    for (const w of add) adds.set(w, [...(adds.get(w) ?? []), id])
    for (const w of remove) removes.set(w, [...(removes.get(w) ?? []), id])
    // narrowed to the terms it is now under, unless it was written with just those (a new evidence, a file's text)
    const written = moves.written.get(id) ?? []
    if (written.length !== wanted.size || written.some((w) => !wanted.has(w))) after.push({ id, indexed: [...wanted] })
  }
  const setIndexed = (list: { id: string; indexed: string[] }[]) =>
    list.map((x) => ({ updateOne: { filter: { _id: x.id }, update: { $set: { indexed: x.indexed } } } }))
  // each search document already names every term that may hold its id (written with it): after a crash midway,
  // the next write of the evidence cleans up
  const ops = [
    ...[...adds].map(([w, ids]) => ({
      updateOne: {
        filter: { _id: termId(organizationId, w) },
        update: { $addToSet: { ids: { $each: ids } }, $setOnInsert: { organizationId } },
        upsert: true,
      },
    })),
    ...[...removes].map(([w, ids]) => ({
      updateOne: { filter: { _id: termId(organizationId, w) }, update: { $pullAll: { ids } } },
    })),
  ]
  for (let i = 0; i < ops.length; i += 500) await TermModel.bulkWrite(ops.slice(i, i + 500), { ordered: false })
  if (after.length) await SearchModel.bulkWrite(setIndexed(after), { ordered: false })
}

// ---- keeping the index in step with the evidence -------------------------------------------------

/** What the index needs of one evidence (records.server.ts gives it after every change). */
export interface IndexableEvidence {
  id: string
  title: string
  description: string
  tags: string[]
  url: string | null
  html: string | null
  /** The file names of every version, newest last. */
  fileNames: string[]
  /** Neither in the bin nor purged: only live evidence is found. */
  live: boolean
  /** The current file, for file evidence. */
  file: { version: number; key: string; mimeType: string; fileName: string; size: number } | null
}

/** The file kinds whose text the job reads (the type without its parameters, e.g. "; charset=utf-8"). */
const TEXT_MIME_TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/plain',
  'text/csv',
])
export const hasReadableText = (mimeType: string) => TEXT_MIME_TYPES.has(mimeType.split(';')[0].trim())

/**
 * Brings the index of one evidence up to date: its words, whether it is live, and for a new file version the text
 * extraction queued (the old version's text no longer counts).
 */
export function syncEvidenceSearch(organizationId: string, e: IndexableEvidence): Promise<void> {
  return serially(organizationId, e.id, async (moves) => {
    const doc = await SearchModel.findById(e.id).lean<SearchDoc>()
    if (doc && doc.organizationId !== organizationId) return
    const set: Partial<SearchDoc> = {
      organizationId,
      live: e.live,
      fieldWords: [
        ...wordSet([e.title, e.description, e.tags.join(' '), ...e.fileNames, e.url, e.html && htmlText(e.html)]),
      ],
    }
    let textWords = doc?.textWords ?? []
    if (!e.file) {
      Object.assign(set, { textState: 'none', textVersion: 0 })
    } else if (!doc || doc.textVersion !== e.file.version) {
      const readable = hasReadableText(e.file.mimeType)
      textWords = []
      Object.assign(set, {
        textState: readable ? 'pending' : 'skipped',
        textVersion: e.file.version,
        text: '',
        textWords,
        textError: '',
        textAttempts: 0,
        textAt: null,
      })
      if (readable) await queueTextJob(organizationId, e.id, e.file)
    }
    const wanted = e.live ? new Set([...set.fieldWords!, ...textWords]) : new Set<string>()
    const indexed = doc && indexedNow(moves, e.id, doc)
    // written with the document: `indexed` names every term that may hold the id before the batch moves them
    set.indexed = [...new Set([...(moves.had.get(e.id) ?? []), ...(indexed ?? []), ...wanted])]
    await SearchModel.updateOne({ _id: e.id }, { $set: set }, { upsert: true })
    moveTerms(moves, e.id, indexed && { indexed }, wanted, set.indexed)
  })
}

/** The text read from a file version, or why there is none; ignored when a newer version came meanwhile. */
export function recordEvidenceText(
  organizationId: string,
  evidenceId: string,
  version: number,
  result: { state: 'done' | 'empty' | 'failed' | 'skipped'; text?: string; error?: string; attempts: number },
): Promise<boolean> {
  return serially(organizationId, evidenceId, async (moves) => {
    const doc = await SearchModel.findById(evidenceId).lean<SearchDoc>()
    if (!doc || doc.organizationId !== organizationId || doc.textVersion !== version) return false
    const text = result.text ?? ''
    const textWords = [...wordSet([text])]
    const wanted = doc.live ? new Set([...doc.fieldWords, ...textWords]) : new Set<string>()
    const indexed = indexedNow(moves, evidenceId, doc)
    const written = [...new Set([...(moves.had.get(evidenceId) ?? []), ...indexed, ...wanted])]
    await SearchModel.updateOne(
      { _id: evidenceId },
      {
        $set: {
          textState: result.state,
          text: text.slice(0, KEPT_TEXT_CHARS),
          textWords,
          textError: (result.error ?? '').slice(0, 500),
          textAttempts: result.attempts,
          textAt: new Date(),
          indexed: written,
        },
      },
    )
    moveTerms(moves, evidenceId, { indexed }, wanted, written)
    return true
  })
}

/**
 * Writes the organization's terms anew from its search documents (after a bulk import, or to repair): every live
 * evidence's words, nothing else.
 */
export function rebuildSearchTerms(organizationId: string): Promise<{ evidence: number; words: number }> {
  return serially(organizationId, null, async (moves) => {
    // the batch's earlier writes land first: the rebuild reads their search documents and replaces every term
    await writeTerms(organizationId, moves)
    moves.had.clear()
    moves.wanted.clear()
    moves.written.clear()
    const postings = new Map<string, string[]>()
    let evidence = 0
    const cursor = SearchModel.find({ organizationId })
      .select({ live: 1, fieldWords: 1, textWords: 1 })
      .lean<SearchDoc[]>()
      .cursor()
    const indexed: { id: string; words: string[] }[] = []
    for await (const d of cursor as AsyncIterable<SearchDoc>) {
      const words = d.live ? [...new Set([...d.fieldWords, ...d.textWords])] : []
      if (words.length > 0) evidence++
      for (const w of words) {
        const ids = postings.get(w)
        if (ids) ids.push(d._id)
        else postings.set(w, [d._id])
      }
      indexed.push({ id: d._id, words })
    }
    await TermModel.deleteMany({ organizationId })
    const docs = [...postings].map(([w, ids]) => ({ _id: termId(organizationId, w), organizationId, ids }))
    for (let i = 0; i < docs.length; i += 1000) await TermModel.insertMany(docs.slice(i, i + 1000), { ordered: false })
    const ops = indexed.map((x) => ({ updateOne: { filter: { _id: x.id }, update: { $set: { indexed: x.words } } } }))
    for (let i = 0; i < ops.length; i += 500) await SearchModel.bulkWrite(ops.slice(i, i + 500), { ordered: false })
    return { evidence, words: docs.length }
  })
}

// ---- reading the index --------------------------------------------------------------------------

/**
 * The ids of the organization's live evidence whose words include every one of `words`, in the order they were
 * indexed (oldest first).
 */
export async function evidenceIdsWithWords(organizationId: string, words: string[]): Promise<string[]> {
  if (words.length === 0) return []
  const lists = await Promise.all(
    words.map(async (w) => (await TermModel.findById(termId(organizationId, w)).lean<{ ids?: string[] }>())?.ids ?? []),
  )
  lists.sort((a, b) => a.length - b.length)
  let ids = lists[0]
  for (const other of lists.slice(1)) {
    if (ids.length === 0) break
    const set = new Set(other)
    ids = ids.filter((id) => set.has(id))
  }
  return ids
}

/** What the library shows of one evidence's text: its state and the start of the text, for snippets. */
export interface EvidenceTextInfo {
  state: TextState
  text: string
  error: string
  attempts: number
}

/** The text state (and kept text) of these evidence ids of the organization, read one by one by `_id`. */
export async function evidenceTexts(
  organizationId: string,
  ids: string[],
  options: { withText?: boolean } = {},
): Promise<Map<string, EvidenceTextInfo>> {
  const out = new Map<string, EvidenceTextInfo>()
  const projection = {
    organizationId: 1,
    textState: 1,
    textError: 1,
    textAttempts: 1,
    ...(options.withText ? { text: 1 } : {}),
  }
  await Promise.all(
    ids.map(async (id) => {
      const d = await SearchModel.findById(id).select(projection).lean<SearchDoc>()
      if (!d || d.organizationId !== organizationId) return
      out.set(id, { state: d.textState, text: d.text ?? '', error: d.textError ?? '', attempts: d.textAttempts ?? 0 })
    }),
  )
  return out
}

/** Whether the organization's evidence has search documents yet (evidence from before the index has none). */
export async function hasSearchIndex(organizationId: string): Promise<boolean> {
  return Boolean(await SearchStateModel.findById(organizationId).lean())
}

const SearchStateModel = defineModel('EvidenceSearchState', () =>
  mongoose.model(
    'EvidenceSearchState',
    new Schema({ _id: String, builtAt: Date }, { versionKey: false }),
    'evidence_search_state',
  ),
)

/** Records that every evidence of the organization has been given to `syncEvidenceSearch` once. */
export async function markSearchIndexBuilt(organizationId: string): Promise<void> {
  await SearchStateModel.updateOne({ _id: organizationId }, { $set: { builtAt: new Date() } }, { upsert: true })
}

// ---- the text extraction queue ------------------------------------------------------------------

async function queueTextJob(organizationId: string, evidenceId: string, file: NonNullable<IndexableEvidence['file']>) {
  const _id = `${evidenceId}:${file.version}`
  await JobModel.updateOne(
    { _id },
    {
      $setOnInsert: {
        organizationId,
        evidenceId,
        version: file.version,
        key: file.key,
        mimeType: file.mimeType,
        fileName: file.fileName,
        size: file.size,
        attempts: 0,
        notBefore: new Date(0),
        leaseUntil: null,
        lastError: '',
      },
    },
    { upsert: true },
  ).catch((error: { code?: number }) => {
    if (error.code !== 11000) throw error // queued at the same time by another write: once is enough
  })
}

/** Queued extractions whose time has come and whose lease (if any) has run out. Across organizations: a job queue. */
export async function dueTextJobs(now: Date, limit = 20): Promise<TextJob[]> {
  const jobs = await JobModel.find({}).lean<TextJob[]>()
  return jobs
    .filter((j) => j.notBefore <= now && (!j.leaseUntil || j.leaseUntil <= now))
    .sort((a, b) => a.notBefore.getTime() - b.notBefore.getTime())
    .slice(0, limit)
}

/**
 * Takes the next attempt of a job for `leaseMs`: true for the one runner that claims it. The attempt is counted when
 * taken, so a runner that dies midway (a file that crashes the reader) still uses one of the bounded attempts.
 */
export async function takeTextJob(job: TextJob, now: Date, leaseMs: number): Promise<boolean> {
  if (!(await claim(`evidence-text:${job._id}:attempt:${job.attempts + 1}`))) return false
  await JobModel.updateOne(
    { _id: job._id },
    { $set: { attempts: job.attempts + 1, leaseUntil: new Date(now.getTime() + leaseMs) } },
  )
  return true
}

/** A failed attempt that may be tried again from `notBefore`. */
export async function retryTextJob(job: TextJob, notBefore: Date, error: string): Promise<void> {
  await JobModel.updateOne({ _id: job._id }, { $set: { notBefore, leaseUntil: null, lastError: error.slice(0, 500) } })
}

/** The job is over (its result recorded, or no longer wanted). */
export async function endTextJob(job: TextJob): Promise<void> {
  await JobModel.deleteOne({ _id: job._id })
}

/** Jobs queued for the organization (tests and the bench wait on this to reach zero). */
export async function queuedTextJobs(organizationId?: string): Promise<number> {
  const jobs = await JobModel.find({}).select({ organizationId: 1 }).lean<TextJob[]>()
  return organizationId ? jobs.filter((j) => j.organizationId === organizationId).length : jobs.length
}

// ---- bulk ---------------------------------------------------------------------------------------

/** One evidence of a bulk import, with the text already read from its file (if any). */
export interface BulkIndexEntry {
  evidence: IndexableEvidence
  text?: { state: 'done' | 'empty' | 'failed' | 'skipped'; text: string }
}

/**
 * Indexes many evidence items of one organization that the index does not know yet (an import of existing records):
 * their search documents are written in batches and each word's term once, with every id at a time, rather than word
 * by word for each item.
 */
export function bulkIndexEvidence(organizationId: string, entries: BulkIndexEntry[]): Promise<void> {
  return serially(organizationId, null, async (moves) => {
    // the batch's earlier writes land first: the rebuild reads their search documents and replaces every term
    await writeTerms(organizationId, moves)
    moves.had.clear()
    moves.wanted.clear()
    moves.written.clear()
    const postings = new Map<string, string[]>()
    const docs = entries.map(({ evidence: e, text }) => {
      const fieldWords = [
        ...wordSet([e.title, e.description, e.tags.join(' '), ...e.fileNames, e.url, e.html && htmlText(e.html)]),
      ]
      const textWords = text ? [...wordSet([text.text])] : []
      const indexed = e.live ? [...new Set([...fieldWords, ...textWords])] : []
      for (const w of indexed) {
        const ids = postings.get(w)
        if (ids) ids.push(e.id)
        else postings.set(w, [e.id])
      }
      return {
        _id: e.id,
        organizationId,
        live: e.live,
        fieldWords,
        textWords,
        indexed,
        text: (text?.text ?? '').slice(0, KEPT_TEXT_CHARS),
        textState: text?.state ?? (e.file ? 'pending' : 'none'),
        textVersion: e.file?.version ?? 0,
        textError: '',
        textAttempts: text ? 1 : 0,
        textAt: text ? new Date() : null,
      }
    })
    for (let i = 0; i < docs.length; i += 200) await SearchModel.insertMany(docs.slice(i, i + 200), { ordered: false })
    // inserted in batches (one write each on FerretDB, where every update is its own write); a word the
    // organization's index already has is merged into its term instead
    const terms = [...postings].map(([w, ids]) => ({ _id: termId(organizationId, w), organizationId, ids }))
    for (let i = 0; i < terms.length; i += 1000) {
      const batch = terms.slice(i, i + 1000)
      const taken = await TermModel.insertMany(batch, { ordered: false }).then(
        () => [],
        (error: { writeErrors?: { index?: number; err?: { index?: number } }[] }) => {
          if (!error.writeErrors) throw error
          return error.writeErrors.map((e) => batch[e.index ?? e.err?.index ?? -1]).filter(Boolean)
        },
      )
      for (const t of taken) await TermModel.updateOne({ _id: t._id }, { $addToSet: { ids: { $each: t.ids } } })
    }
    for (const { evidence: e, text } of entries) if (e.file && !text) await queueTextJob(organizationId, e.id, e.file)
  })
}
