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
import mongoose, { Schema } from 'mongoose'
import { defineModel } from '#models/db.server'

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
const queues = new Map<string, Promise<void>>()
function oneAtATime<T>(id: string, run: () => Promise<T>): Promise<T> {
  const result = (queues.get(id) ?? Promise.resolve()).then(run)
  const done = result.then(
    () => undefined,
    () => undefined,
  )
  queues.set(id, done)
  void done.then(() => {
    if (queues.get(id) === done) queues.delete(id)
  })
  return result
}

/** After a link is written to the evidence: the item's document gains it (created, incomplete, if missing). */
export async function noteItemLink(organizationId: string, key: ItemKey & { elementId: string }, evidenceId: string) {
  await upsert(organizationId, key, { $addToSet: { entries: entryOf({ elementId: key.elementId, evidenceId }) } })
}

/** After a link is removed from the evidence. */
export async function noteItemUnlink(organizationId: string, key: ItemKey & { elementId: string }, evidenceId: string) {
  const entry = entryOf({ elementId: key.elementId, evidenceId })
  const _id = keyOf(organizationId, key)
  await oneAtATime(_id, () => ItemLinksModel.updateOne({ _id }, { $pull: { entries: entry, order: entry } }))
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

/**
 * The item's links in the coordinator's order (then in the order they were noted): from its document by key, or,
 * when that is missing or incomplete, from `scan` (the evidence), ordered the same way.
 */
export async function readItemLinks(
  organizationId: string,
  key: ItemKey,
  scan: () => Promise<ItemLinkEntry[]>,
): Promise<ItemLinkEntry[]> {
  const doc = await ItemLinksModel.findById(keyOf(organizationId, key)).lean<ItemLinksDoc>()
  // without a document, in a catalog whose links are all kept here, the item has none
  const none = !doc && (await catalogMarked(organizationId, key.catalogId))
  const entries = doc?.complete ? (doc.entries ?? []) : none ? [] : (await scan()).map(entryOf)
  const rank = new Map((doc?.order ?? []).map((s, i) => [s, i]))
  return [...new Set(entries)]
    .map((s, i) => ({ s, i, r: rank.get(s) ?? Number.MAX_SAFE_INTEGER }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map(({ s }) => parseEntry(s))
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
  const mark = await ItemLinksModel.findById(catalogMarkOf(organizationId, catalogId))
    .select({ complete: 1 })
    .lean<ItemLinksDoc>()
  return Boolean(mark?.complete)
}

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
  if (!(await catalogMarked(organizationId, catalogId))) return null
  const docs = await Promise.all(
    itemCodes.map((itemCode) =>
      ItemLinksModel.findById(keyOf(organizationId, { catalogId, itemCode }))
        .select({ entries: 1, complete: 1, live: 1 })
        .lean<ItemLinksDoc>(),
    ),
  )
  if (docs.some((d) => d && !(d.complete && d.live))) return null
  return new Map(itemCodes.map((code, i) => [code, [...new Set(docs[i]?.entries ?? [])].map(parseEntry)]))
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
    $setOnInsert: { organizationId: new mongoose.Types.ObjectId(organizationId), ...key },
  }
  try {
    await ItemLinksModel.updateOne(filter, full, { upsert: true, setDefaultsOnInsert: false })
  } catch (error) {
    // two first writes at once: one inserted, the other updates
    if ((error as { code?: number }).code !== 11000) throw error
    await ItemLinksModel.updateOne(filter, update)
  }
}
