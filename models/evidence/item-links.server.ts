/**
 * The evidence linked to each item, kept beside the evidence records so the item page reads its links by key
 * instead of searching the evidence collection (FerretDB 1.24 on SQLite serves only `_id` filters without reading
 * the whole collection). One document per (organization, catalog, item), `_id` "org:catalog:item", holding
 * "elementId|evidenceId" strings: `entries` (which evidence) and `order` (the coordinator's order).
 *
 * `entries` may hold more than the truth, never less: linking adds after the evidence is written, unlinking removes
 * after, and a document built from the evidence (at the first link to an item since links are kept here) only adds.
 * The item page therefore checks each evidence's own links (and that it is live), so a stale entry is simply skipped.
 * Evidence moved to the bin leaves the documents of its items and a restore puts it back, so that the completeness
 * matrix counts the entries as they are (a crash between the two writes can leave one extra until the next change of
 * that evidence). The item page's reading never writes: an item without a complete document is read from the evidence
 * until its next link. The completeness matrix's first read of a catalog whose items are not all kept reads them in
 * one query and keeps them, with a mark for the catalog (`keepCatalogLinks`).
 */
import { randomUUID } from 'node:crypto'
import mongoose, { Schema } from 'mongoose'
import { defineModel, keyedBatches, keyedQueue } from '#models/db.server'

const ItemLinksModel = defineModel('EvidenceItemLinks', () =>
  mongoose.model(
    'EvidenceItemLinks',
    new Schema(
      {
        _id: String,
        organizationId: { type: Schema.Types.ObjectId, required: true },
        catalogId: String,
        itemCode: String,
        entries: { type: [String], default: [] },
        order: { type: [String], default: [] },
        complete: { type: Boolean, default: false },
        // listing live evidence only (deletes and restores kept): documents from before that may list binned evidence
        live: { type: Boolean, default: false },
        // evidence id → the revision of its record last written: before stamps moved to their own documents
        // (ItemStampsModel), which take them over at the item's next write
        stamps: { type: Schema.Types.Mixed, default: undefined },
        // set when the document is created: what an instance kept of a document deleted and made again is not used
        born: String,
        // on a catalog's mark: item code → a new value at each change of that item's links (`linksChanged`)
        items: { type: Schema.Types.Mixed, default: undefined },
      },
      { versionKey: false },
    ),
    'evidence_item_links',
  ),
)

interface ItemLinksDoc {
  _id: string
  entries?: string[]
  order?: string[]
  complete?: boolean
  live?: boolean
  stamps?: Record<string, number>
  born?: string
}

export interface ItemKey {
  catalogId: string
  itemCode: string
}

/** One link of an item: the element and the evidence. */
export interface ItemLinkEntry {
  elementId: string
  evidenceId: string
}

const keyOf = (organizationId: string, key: ItemKey) => `${organizationId}:${key.catalogId}:${key.itemCode}`
const entryOf = (e: ItemLinkEntry) => `${e.elementId}|${e.evidenceId}`
const parseEntry = (s: string): ItemLinkEntry => {
  const at = s.lastIndexOf('|')
  return { elementId: s.slice(0, at), evidenceId: s.slice(at + 1) }
}

/**
 * FerretDB 1.24 applies an update by reading and rewriting the document, so two updates of one document at once can
 * lose one (twelve files dropped on an element lost a link): this process's writes to one item's document go one at
 * a time. Production MongoDB applies each update atomically.
 */
const oneAtATime = keyedQueue()

/**
 * After a link is written to the evidence: the item's document gains it, in one write when the document is complete
 * (false, and nothing written, when it is not: see `itemLinksState`).
 */
export async function noteItemLink(
  organizationId: string,
  key: ItemKey & { elementId: string },
  evidenceId: string,
): Promise<boolean> {
  const _id = keyOf(organizationId, key)
  const entry = entryOf({ elementId: key.elementId, evidenceId })
  const written = await oneAtATime(_id, () =>
    ItemLinksModel.updateOne({ _id, complete: true }, { $addToSet: { entries: entry } }),
  )
  if (written.matchedCount === 0) return false
  await linksChanged(organizationId, key)
  return true
}

/**
 * After a link is removed from the evidence, or the evidence goes to the bin (`keepPlace`: its place in the
 * coordinator's order stays, so that a restore puts it back where it was; `order` only ranks the entries listed).
 */
export async function noteItemUnlink(
  organizationId: string,
  key: ItemKey & { elementId: string },
  evidenceId: string,
  keepPlace = false,
) {
  const entry = entryOf({ elementId: key.elementId, evidenceId })
  const _id = keyOf(organizationId, key)
  const pull = keepPlace ? { entries: entry } : { entries: entry, order: entry }
  await oneAtATime(_id, () => ItemLinksModel.updateOne({ _id }, { $pull: pull }))
  await linksChanged(organizationId, key)
}

/**
 * Each item's stamps (evidence id → the revision of its record last written, see `touchItemLinks`), `_id` the item's
 * as its links'. Beside the links rather than in them: FerretDB reads and rewrites a whole document for any read or
 * write of it, and the matrix, the dashboard and every link read an item's links but not its stamps (one field per
 * evidence, about half of a big item's document).
 */
const ItemStampsModel = defineModel('EvidenceItemStamps', () =>
  mongoose.model(
    'EvidenceItemStamps',
    new Schema(
      {
        _id: String,
        organizationId: { type: Schema.Types.ObjectId, required: true },
        stamps: { type: Schema.Types.Mixed, default: undefined },
      },
      { versionKey: false, minimize: false },
    ),
    'evidence_item_stamps',
  ),
)

/**
 * The records of an item's evidence as last written, beside its links: the item page reads them in a few reads instead
 * of one read per evidence. A record is used only while the item's links show its revision as the last one written
 * (`stamps`); otherwise it is read from the evidence. An item's records are spread over up to 16 documents by the
 * evidence id's last hex digit (`recordsIdOf`): FerretDB reads and rewrites a whole document to set one record, and
 * one document per item reached hundreds of KB, rewritten at each upload.
 */
const ItemRecordsModel = defineModel('EvidenceItemRecords', () =>
  mongoose.model(
    'EvidenceItemRecords',
    new Schema(
      {
        _id: String,
        organizationId: { type: Schema.Types.ObjectId, required: true },
        // evidence id → { rev, text }: the record as JSON text, which FerretDB reads and writes far faster than the
        // record's fields (a version, a link, a check each a small document of its own); `record` before the text
        records: { type: Schema.Types.Mixed, default: undefined },
      },
      { versionKey: false, minimize: false },
    ),
    'evidence_item_records',
  ),
)

/** The document holding an evidence's record among its item's: the item's key and the id's last hex digit. */
export const recordsIdOf = (itemId: string, evidenceId: string) => `${itemId}#${evidenceId.slice(-1)}`

/** A record as kept: its revision, and the record as JSON text (as an object, when kept before the text). */
interface KeptRecord<T> {
  rev: number
  text?: string
  record?: T
}
const keptRecord = <T>(rev: number, record: T): KeptRecord<T> => ({ rev, text: JSON.stringify(record) })
const recordOf = <T>(kept: KeptRecord<T>): T => (kept.text !== undefined ? (JSON.parse(kept.text) as T) : kept.record!)

/** Records grouped by the document that holds them. */
function byRecordsDocument<T extends { id: string }>(itemId: string, records: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const r of records) {
    const _id = recordsIdOf(itemId, r.id)
    out.set(_id, [...(out.get(_id) ?? []), r])
  }
  return out
}

/** A record of an evidence as written, with its revision (each write of the record counts one). */
export interface RevisedRecord<T> {
  id: string
  rev: number
  record: T
}

/** Where `field` holds no newer revision than `rev`: of two writes landing out of order, the later one stays. */
const notNewer = (field: string, rev: number, op: '$lt' | '$lte' = '$lt') => ({
  $or: [{ [field]: { [op]: rev } }, { [field]: { $exists: false } }],
})

/**
 * After an evidence record is written: in the documents of each item it is linked to, its stamp becomes this
 * revision and its record this one, so that the item page reads it with the others and every instance reads it again
 * rather than what it kept. Items whose links are not kept here are left alone (their pages read the evidence).
 */
export async function touchItemLinks<T>(organizationId: string, keys: ItemKey[], written: RevisedRecord<T>) {
  const ids = new Set(keys.map((k) => keyOf(organizationId, { catalogId: k.catalogId, itemCode: k.itemCode })))
  const { id, rev } = written
  await Promise.all(
    [...ids].map((_id) =>
      oneAtATime(_id, async () => {
        if (await stamp(organizationId, _id, id, rev)) await writeRecords(organizationId, _id, [written])
      }),
    ),
  )
}

/**
 * Sets an evidence's stamp on an item to `rev` unless it holds a newer one (false then, or when the item's links are
 * not kept here). An item's stamps are made at its first write since they left its links, with the ones the links
 * held, which then leave them.
 */
async function stamp(organizationId: string, itemId: string, evidenceId: string, rev: number): Promise<boolean> {
  const set = async () =>
    (
      await ItemStampsModel.updateOne(
        // the same revision again (a link repaired) still writes its record if that was left behind
        { _id: itemId, ...notNewer(`stamps.${evidenceId}`, rev, '$lte') },
        { $set: { [`stamps.${evidenceId}`]: rev } },
      )
    ).matchedCount > 0
  if (await set()) return true
  const links = await ItemLinksModel.findById(itemId).select({ stamps: 1 }).lean<ItemLinksDoc>()
  if (!links) return false
  // there already: it holds a newer stamp, which stays
  if (!(await madeIfMissing(ItemStampsModel, itemId, { organizationId, stamps: links.stamps ?? {} }))) return false
  if (links.stamps) await ItemLinksModel.updateOne({ _id: itemId }, { $unset: { stamps: 1 } })
  return set()
}

/**
 * Makes a document with these fields unless it exists: true when made now (or by another write at the same time),
 * false when it was there. Made only when missing because FerretDB reads and rewrites a document for any write.
 */
async function madeIfMissing(
  model: typeof ItemStampsModel,
  _id: string,
  { organizationId, ...fields }: { organizationId: string } & Record<string, unknown>,
): Promise<boolean> {
  const made = await model
    .updateOne(
      { _id },
      { $setOnInsert: { organizationId: new mongoose.Types.ObjectId(organizationId), ...fields } },
      { upsert: true },
    )
    .catch((error: { code?: number }) => {
      // made by another write at the same time
      if (error.code !== 11000) throw error
      return { upsertedCount: 1 }
    })
  return made.upsertedCount > 0
}

async function writeRecords<T>(organizationId: string, itemId: string, written: RevisedRecord<T>[]) {
  for (const { id, rev, record } of written) {
    const _id = recordsIdOf(itemId, id)
    const set = () =>
      ItemRecordsModel.updateOne(
        { _id, ...notNewer(`records.${id}.rev`, rev) },
        { $set: { [`records.${id}`]: keptRecord(rev, record) } },
      )
    if ((await set()).matchedCount > 0) continue
    // not made now: it holds a newer revision of this record, which stays
    if (await madeIfMissing(ItemRecordsModel, _id, { organizationId })) await set()
  }
}

/**
 * The records of these evidence kept beside an item's links whose revision is the one its links show (read from
 * `read`, a complete document): those of the others, or of evidence written since, are read from the evidence.
 */
export async function readItemRecords<T>(
  organizationId: string,
  key: ItemKey,
  read: ItemLinksRead,
  ids: string[],
): Promise<Map<string, T>> {
  const found = new Map<string, T>()
  const wanted = ids.filter((id) => read.stamps[id] !== undefined)
  if (!read.born || wanted.length === 0) return found
  // only the documents holding wanted records, at once
  const docs = await Promise.all(
    [
      ...byRecordsDocument(
        keyOf(organizationId, key),
        wanted.map((id) => ({ id })),
      ),
    ].map(([_id, ids]) =>
      ItemRecordsModel.findById(_id)
        .select({ records: 1 })
        .lean<{ records?: Record<string, KeptRecord<T>> }>()
        .then((doc) => ({ doc, ids })),
    ),
  )
  for (const { doc, ids } of docs)
    for (const { id } of ids) {
      const kept = doc?.records?.[id]
      if (kept && kept.rev === read.stamps[id]) found.set(id, recordOf(kept))
    }
  return found
}

/**
 * Keeps records of an item's evidence as read (the bench's seeds, which write the evidence in bulk): stamps and
 * records, as a write of each would.
 */
export async function keepItemRecords<T>(organizationId: string, key: ItemKey, written: RevisedRecord<T>[]) {
  const _id = keyOf(organizationId, key)
  await oneAtATime(_id, async () => {
    await ItemStampsModel.updateOne(
      { _id },
      {
        $set: Object.fromEntries(written.map((w) => [`stamps.${w.id}`, w.rev])),
        $setOnInsert: { organizationId: new mongoose.Types.ObjectId(organizationId) },
      },
      { upsert: true },
    )
    for (const [recordsId, records] of byRecordsDocument(_id, written))
      await ItemRecordsModel.updateOne(
        { _id: recordsId },
        {
          $set: Object.fromEntries(records.map((w) => [`records.${w.id}`, keptRecord(w.rev, w.record)])),
          $setOnInsert: { organizationId: new mongoose.Types.ObjectId(organizationId) },
        },
        { upsert: true },
      )
  })
}

/**
 * Where the item's links are: `kept` here (its document is complete), `none` (no document, in a catalog whose links
 * are all kept here: it has no link), or `unknown` (read them from the evidence).
 */
export async function itemLinksState(organizationId: string, key: ItemKey): Promise<'kept' | 'none' | 'unknown'> {
  const doc = await ItemLinksModel.findById(keyOf(organizationId, key)).select({ complete: 1 }).lean<ItemLinksDoc>()
  if (doc) return doc.complete ? 'kept' : 'unknown'
  return (await catalogMarked(organizationId, key.catalogId)) ? 'none' : 'unknown'
}

/** An item's links as read, with what says whether a record kept from an earlier read is still the same. */
export interface ItemLinksRead {
  entries: ItemLinkEntry[]
  /** Set when the links come from a complete document: `stamps` then give each evidence's last revision written. */
  born: string | null
  stamps: Record<string, number>
}

/**
 * The item's links in the coordinator's order (then in the order they were noted): from its document by key, or,
 * when that is missing or incomplete, from `scan` (the evidence), ordered the same way.
 */
export async function readItemLinks(
  organizationId: string,
  key: ItemKey,
  scan: () => Promise<ItemLinkEntry[]>,
): Promise<ItemLinksRead> {
  const _id = keyOf(organizationId, key)
  const [doc, stamps] = await Promise.all([
    ItemLinksModel.findById(_id).lean<ItemLinksDoc>(),
    ItemStampsModel.findById(_id).lean<{ stamps?: Record<string, number> }>(),
  ])
  // without a document, in a catalog whose links are all kept here, the item has none
  const none = !doc && (await catalogMarked(organizationId, key.catalogId))
  const entries = doc?.complete ? (doc.entries ?? []) : none ? [] : (await scan()).map(entryOf)
  const rank = new Map((doc?.order ?? []).map((s, i) => [s, i]))
  const ordered = [...new Set(entries)]
    .map((s, i) => ({ s, i, r: rank.get(s) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ s }) => parseEntry(s))
  // documents from before stamps (and the bench's) have no birth: one name serves them all
  const born = doc?.complete ? (doc.born ?? 'before-stamps') : null
  // an item not written since its stamps left its links still holds them there
  return { entries: ordered, born, stamps: stamps?.stamps ?? doc?.stamps ?? {} }
}

/**
 * What this instance read of items' evidence records: a record is served again while its item's document shows the
 * same stamp for it as when it was read (a record without a stamp has not been written since the document was built).
 * Every write of a record (a link is one) sets its revision as the stamp, in whichever instance, so only what changed
 * is read again. Bounded by the number of records held, the least recently read items going first.
 */
export class ItemEvidenceMemo<T> {
  private readonly items = new Map<string, Map<string, { stamp: number; value: T }>>()
  private held = 0
  constructor(private readonly maxValues: number) {}

  /** The records of `ids` still as kept, and the ids to read. */
  take(organizationId: string, key: ItemKey, read: ItemLinksRead, ids: string[]) {
    const found = new Map<string, T>()
    const item = read.born ? this.items.get(`${keyOf(organizationId, key)}|${read.born}`) : undefined
    if (item) {
      // the most recently read item goes last
      this.items.delete(`${keyOf(organizationId, key)}|${read.born}`)
      this.items.set(`${keyOf(organizationId, key)}|${read.born}`, item)
    }
    for (const id of ids) {
      const kept = item?.get(id)
      if (kept && kept.stamp === (read.stamps[id] ?? -1)) found.set(id, kept.value)
    }
    return { found, missing: ids.filter((id) => !found.has(id)) }
  }

  /** Keeps records read under `read` (each with its id). */
  keep(organizationId: string, key: ItemKey, read: ItemLinksRead, values: [string, T][]): void {
    if (!read.born || values.length === 0) return
    const name = `${keyOf(organizationId, key)}|${read.born}`
    const item = this.items.get(name) ?? new Map<string, { stamp: number; value: T }>()
    this.items.delete(name)
    for (const [id, value] of values) {
      if (!item.has(id)) this.held++
      item.set(id, { stamp: read.stamps[id] ?? -1, value })
    }
    this.items.set(name, item)
    for (const [oldest, dropped] of this.items) {
      if (this.held <= this.maxValues) break
      this.items.delete(oldest)
      this.held -= dropped.size
    }
  }
}

/** Records the links read from the evidence; links noted meanwhile stay (only additions). */
export async function completeItemLinks(organizationId: string, key: ItemKey, found: ItemLinkEntry[]): Promise<void> {
  await upsert(organizationId, key, {
    $addToSet: { entries: { $each: found.map(entryOf) } },
    $set: { complete: true, live: true },
  })
}

/** The document saying that every item of a catalog has its links kept here (`*` is no item code). */
const catalogMarkOf = (organizationId: string, catalogId: string) => `${organizationId}:${catalogId}:*`

async function catalogMarked(organizationId: string, catalogId: string): Promise<boolean> {
  return Boolean(await catalogMark(organizationId, catalogId))
}

/** An item code as a field name (a code may hold a dot, which a field path would take for a level). */
const fieldOf = (itemCode: string) => encodeURIComponent(itemCode).replace(/\./g, '%2E')

/** The catalog's mark when every item of it has its links kept here: its birth and each item's stamp. */
async function catalogMark(organizationId: string, catalogId: string) {
  const mark = await ItemLinksModel.findById(catalogMarkOf(organizationId, catalogId))
    .select({ complete: 1, born: 1, items: 1 })
    .lean<ItemLinksDoc & { items?: Record<string, string> }>()
  if (!mark?.complete) return null
  // marks from before stamps (and the bench's) have no birth; an item without a stamp has not changed since
  return { born: mark.born ?? 'before-stamps', stampOf: (code: string) => mark.items?.[fieldOf(code)] ?? 'none' }
}

/**
 * After a write of an item's links: the item's stamp on the catalog's mark takes a new value, so that what an
 * instance kept of that item's links is read again (a random value: of two written at once, the one that lands last
 * is new to every reader).
 */
async function linksChanged(organizationId: string, key: ItemKey): Promise<void> {
  await markBatches(catalogMarkOf(organizationId, key.catalogId), { organizationId, ...key })
}

/**
 * The stamps of one catalog's mark are set in batches: one write for every item changed meanwhile. FerretDB rewrites
 * the whole mark to set one field, so two writes at once in one instance could lose one item's new stamp. What this
 * instance keeps of the catalog's links then takes the items just written, under their new stamps, so that its
 * readers do not read them again.
 */
const markBatches = keyedBatches<ItemKey & { organizationId: string }, void>(async (markId, changed) => {
  const codes = [...new Set(changed.map((c) => c.itemCode))]
  const stamps = new Map(codes.map((code) => [code, randomUUID()]))
  await ItemLinksModel.updateOne(
    { _id: markId },
    { $set: Object.fromEntries([...stamps].map(([code, stamp]) => [`items.${fieldOf(code)}`, stamp])) },
  )
  const kept = [...keptLinks].find(([name]) => name.startsWith(`${markId}|`))?.[1]
  if (kept) {
    const { organizationId, catalogId } = changed[0]
    const docs = await Promise.all(
      codes.map((itemCode) =>
        ItemLinksModel.findById(keyOf(organizationId, { catalogId, itemCode }))
          .select({ entries: 1, complete: 1, live: 1 })
          .lean<ItemLinksDoc>(),
      ),
    )
    codes.forEach((code, i) => {
      const doc = docs[i]
      if (doc && !(doc.complete && doc.live)) kept.delete(code)
      else kept.set(code, { stamp: stamps.get(code)!, entries: [...new Set(doc?.entries ?? [])].map(parseEntry) })
    })
  }
  return changed.map(() => ({ status: 'fulfilled', value: undefined }))
})

/**
 * The links of marked catalogs' items as this instance last read them, each under its stamp on the mark: the
 * completeness matrix and the dashboard read all of a catalog's items at each load, and read again only the items
 * whose links changed since.
 */
const keptLinks = new Map<string, Map<string, { stamp: string; entries: ItemLinkEntry[] }>>()
const KEPT_CATALOGS = 100
const linkReads = new Map<string, Promise<ItemLinksDoc | null>>()

/**
 * The links of these items of a catalog, each read by key, when the catalog's links are all kept here (null when
 * not, or when one item's document is incomplete: the caller reads the evidence). An item without a document has no
 * link: every link since the catalog was marked went through `noteItemLink` or a scan that completed its document.
 */
export async function keptCatalogLinks(
  organizationId: string,
  catalogId: string,
  itemCodes: string[],
): Promise<Map<string, ItemLinkEntry[]> | null> {
  const mark = await catalogMark(organizationId, catalogId)
  if (!mark) return null
  const name = `${catalogMarkOf(organizationId, catalogId)}|${mark.born}`
  const kept = keptLinks.get(name) ?? new Map<string, { stamp: string; entries: ItemLinkEntry[] }>()
  const stale = itemCodes.filter((code) => kept.get(code)?.stamp !== mark.stampOf(code))
  const docs = await Promise.all(
    stale.map((itemCode) => {
      const _id = keyOf(organizationId, { catalogId, itemCode })
      // readers of one item under one stamp at once share one read
      const under = `${_id}|${mark.stampOf(itemCode)}`
      let read = linkReads.get(under)
      if (!read) {
        read = ItemLinksModel.findById(_id).select({ entries: 1, complete: 1, live: 1 }).lean<ItemLinksDoc>().exec()
        linkReads.set(under, read)
        void read.finally(() => linkReads.delete(under)).catch(() => undefined)
      }
      return read
    }),
  )
  if (docs.some((d) => d && !(d.complete && d.live))) return null
  stale.forEach((code, i) =>
    kept.set(code, { stamp: mark.stampOf(code), entries: [...new Set(docs[i]?.entries ?? [])].map(parseEntry) }),
  )
  keptLinks.delete(name)
  keptLinks.set(name, kept)
  for (const oldest of keptLinks.keys()) {
    if (keptLinks.size <= KEPT_CATALOGS) break
    keptLinks.delete(oldest)
  }
  return new Map(itemCodes.map((code) => [code, kept.get(code)!.entries]))
}

/**
 * A catalog just made has no links: it is marked at once, so that no read of its links ever scans the evidence
 * (only catalogs from before links were kept here, or imported without their marks, are read from it once).
 */
export async function markNewCatalog(organizationId: string, catalogId: string): Promise<void> {
  await write(organizationId, { catalogId, itemCode: '*' }, { $set: { complete: true } })
}

/**
 * Keeps the links of every item of a catalog read from the evidence in one scan (`found`: item code → its live
 * links; items without any get an empty complete document), then marks the catalog. Links noted meanwhile stay.
 */
export async function keepCatalogLinks(
  organizationId: string,
  catalogId: string,
  found: Map<string, ItemLinkEntry[]>,
): Promise<void> {
  for (const [itemCode, entries] of found) {
    const key = { catalogId, itemCode }
    const doc = await ItemLinksModel.findById(keyOf(organizationId, key)).select({ live: 1 }).lean<ItemLinksDoc>()
    // a document from before deletes were kept may list binned evidence: the scan replaces its entries
    if (doc && !doc.live)
      await upsert(organizationId, key, { $set: { entries: entries.map(entryOf), complete: true, live: true } })
    else await completeItemLinks(organizationId, key, entries)
  }
  await write(organizationId, { catalogId, itemCode: '*' }, { $set: { complete: true } })
}

/** The coordinator's order of one element's evidence; the other elements keep theirs. */
export async function setElementOrder(
  organizationId: string,
  key: ItemKey & { elementId: string },
  evidenceIds: string[],
): Promise<void> {
  await oneAtATime(keyOf(organizationId, key), async () => {
    const doc = await ItemLinksModel.findById(keyOf(organizationId, key)).lean<ItemLinksDoc>()
    const others = (doc?.order ?? []).filter((s) => parseEntry(s).elementId !== key.elementId)
    const mine = evidenceIds.map((evidenceId) => entryOf({ elementId: key.elementId, evidenceId }))
    await write(organizationId, key, { $set: { order: [...others, ...mine] } })
  })
}

const upsert = (organizationId: string, key: ItemKey, update: mongoose.UpdateQuery<unknown>) =>
  oneAtATime(keyOf(organizationId, key), () => write(organizationId, key, update))

async function write(organizationId: string, key: ItemKey, update: mongoose.UpdateQuery<unknown>) {
  const filter = { _id: keyOf(organizationId, key) }
  const full = {
    ...update,
    $setOnInsert: { organizationId: new mongoose.Types.ObjectId(organizationId), ...key, born: randomUUID() },
  }
  try {
    await ItemLinksModel.updateOne(filter, full, { upsert: true, setDefaultsOnInsert: false })
  } catch (error) {
    // two first writes at once: one inserted, the other updates
    if ((error as { code?: number }).code !== 11000) throw error
    await ItemLinksModel.updateOne(filter, update)
  }
  if (key.itemCode !== '*') await linksChanged(organizationId, key)
}
