/**
 * Every document of one organization, for moving it whole (export, import into another deployment)
 * and deleting it. Works on the driver's collections of a given database (`Db`), not on the models:
 * an import writes into another deployment's database, and a collection added later is found without
 * this file knowing its model (any collection whose documents carry the organizationId is the
 * organization's, see `organizationCollections`).
 *
 * What belongs to an organization:
 * - its `organizations` document, and every document whose organizationId is its id (memberships,
 *   units, catalogs, evidence, reviews, audit events…);
 * - the `users` who are its members: people are shared between organizations, so an import reuses
 *   an account with the same e-mail (never touching its password) and a delete removes only the
 *   accounts left without any membership;
 * - the `write_claims` whose key names one of its documents (claims are the record that a step was
 *   taken once, e.g. a catalog rolled over).
 * Never moved: sessions, one-time links, sign-in failures (they belong to a deployment's running
 * state, and a link must not work on two deployments), platform operators, the evidence cache token.
 *
 * Documents travel as canonical Extended JSON lines, so ObjectIds, dates and number types come
 * back as they were.
 */
import mongoose from 'mongoose'
import { AppError, bi } from '#models/errors'
import { sanitizeEvidenceHtml } from '#models/evidence/html'
import { touchWorkState } from '#models/work/work-state.server'
import { allOrganizationStamps, changeStamps } from '#models/db.server'
import { ACCESS_STAMP } from '#models/tenancy/auth.server'

export type Db = mongoose.mongo.Db
type Document = mongoose.mongo.Document
type ObjectId = mongoose.Types.ObjectId
const { EJSON, ObjectId } = mongoose.mongo.BSON

export const ORGANIZATIONS = 'organizations'
export const USERS = 'users'
export const MEMBERSHIPS = 'memberships'
export const CLAIMS = 'write_claims'

/** The collections whose documents carry the organizationId, as the models define them. */
const SCOPED = [
  'answer_choices',
  'assignments',
  'audit_events',
  'catalogs',
  'clarifications',
  'contributions',
  'evidence',
  'item_leads',
  'kpi_reports',
  'package_jobs',
  'plan_progress',
  'preliminary_results',
  'review_transitions',
  'reviews',
  'rounds',
  'survey_results',
  'units',
] as const

/** A deployment's running state and platform records: never exported, imported or deleted with an organization. */
export const UNMOVED_COLLECTIONS: readonly string[] = [
  'sessions',
  'one_time_links',
  'login_failures',
  'platform_operators',
  // a cache token per organization that earlier versions kept (nothing reads it now)
  'evidence_state',
]

const COLLECTION_NAME = /^[a-z][a-z0-9_]{0,63}$/

/** The connected database of this process (the models' own). */
export function appDb(): Db {
  const db = mongoose.connection.db
  if (!db) throw new Error('not connected to the database')
  return db
}

/** One document as one line of canonical Extended JSON (types kept: ObjectId, Date, Int32, Double…). */
export const toLine = (doc: Document): string => `${EJSON.stringify(doc, { relaxed: false })}\n`

/** A line back to its document; throws on anything that is not one Extended JSON object. */
export function fromLine(line: string): Document {
  const doc = EJSON.parse(line, { relaxed: false }) as unknown
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new Error('not a document')
  return doc as Document
}

const refuse = (th: string, en: string, status = 400) => new AppError(bi(th, en), status, { file: bi(th, en) })

const HEX_ID = /[0-9a-f]{24}/g

/**
 * The collections of the organization, in the order an export writes them and an import reads them:
 * the organization, its members' accounts and memberships first (an import maps people before
 * anything refers to them), then every scoped collection (known ones, then any other collection
 * holding a document with its organizationId), the claims last (they name documents written before).
 */
export async function organizationCollections(db: Db, organizationId: ObjectId): Promise<string[]> {
  const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name as string)
  const known = new Set<string>([ORGANIZATIONS, USERS, MEMBERSHIPS, CLAIMS, ...SCOPED, ...UNMOVED_COLLECTIONS])
  const found: string[] = []
  for (const name of names.sort()) {
    if (known.has(name) || name.startsWith('system.') || !COLLECTION_NAME.test(name)) continue
    if (await db.collection(name).findOne({ organizationId }, { projection: { _id: 1 } })) found.push(name)
  }
  return [ORGANIZATIONS, USERS, MEMBERSHIPS, ...SCOPED, ...found, CLAIMS]
}

/** Reads an organization's documents collection by collection, noting their ids for the claims. */
export class OrganizationReader {
  /** Every id read so far (hex): a claim is the organization's when its key names one of them. */
  private readonly ids = new Set<string>()
  /** The object keys the documents read so far name (evidence files and snapshots, packages). */
  readonly objectKeys = new Set<string>()

  constructor(
    readonly db: Db,
    readonly organizationId: ObjectId,
  ) {
    this.ids.add(organizationId.toHexString())
  }

  /** The documents of one collection of `organizationCollections`, by _id (only their ids with `idsOnly`). */
  async *documents(name: string, idsOnly = false): AsyncGenerator<Document> {
    for await (const doc of this.cursor(name, idsOnly ? { _id: 1, key: 1 } : undefined)) {
      if (doc._id instanceof ObjectId) this.ids.add(doc._id.toHexString())
      for (const key of objectKeysOf(name, doc))
        if (isOrganizationKey(key, this.organizationId)) this.objectKeys.add(key)
      yield doc
    }
  }

  private async *cursor(name: string, projection?: Document): AsyncGenerator<Document> {
    const collection = this.db.collection(name)
    const find = (filter: Document) => collection.find(filter, { projection }).sort({ _id: 1 })
    if (name === ORGANIZATIONS) yield* find({ _id: this.organizationId })
    else if (name === USERS) {
      const userIds = await this.db.collection(MEMBERSHIPS).distinct('userId', { organizationId: this.organizationId })
      for (let i = 0; i < userIds.length; i += 500) yield* find({ _id: { $in: userIds.slice(i, i + 500) } })
    } else if (name === CLAIMS) {
      // claims have no organizationId: the ones naming the organization's documents are read whole
      for await (const claim of find({})) if (this.ownsKey(String(claim.key ?? ''))) yield claim
    } else yield* find({ organizationId: this.organizationId })
  }

  /** A claim key naming at least one id, every id named being one of the organization's. */
  ownsKey(key: string): boolean {
    const named = key.match(HEX_ID) ?? []
    return named.length > 0 && named.every((id) => this.ids.has(id))
  }
}

const isId = (v: unknown): v is ObjectId => v instanceof ObjectId

/** The S3 keys a document names: evidence file versions and link snapshots, a package's archive. */
export function objectKeysOf(collection: string, doc: Document): string[] {
  const keys = (list: unknown) =>
    Array.isArray(list) ? list.map((x: { key?: unknown }) => x?.key).filter((k) => typeof k === 'string') : []
  if (collection === 'evidence') return [...keys(doc.versions), ...keys(doc.snapshots)] as string[]
  if (collection === 'package_jobs' && typeof doc.resultKey === 'string' && doc.resultKey) return [doc.resultKey]
  return []
}

/**
 * Whether an object key lies under the organization's own prefix (`<top>/<organization id>/…`, the layout of
 * evidence/storage/keys.ts), with no empty, `.` or `..` segment. Keys named by documents are taken only when they
 * are: a document (an edited export, say) naming another organization's object must never export, import or delete
 * that object.
 */
export function isOrganizationKey(key: string, organizationId: ObjectId | string): boolean {
  const segments = key.split('/')
  const id = typeof organizationId === 'string' ? organizationId : organizationId.toHexString()
  return segments.length >= 3 && segments[1] === id && segments.every((s) => s !== '' && s !== '.' && s !== '..')
}

/** Replaces, deep inside a document, every ObjectId (and id string) found in `map`. */
function remapIds(value: unknown, map: Map<string, ObjectId>): unknown {
  if (map.size === 0) return value
  if (isId(value)) return map.get(value.toHexString()) ?? value
  if (typeof value === 'string') return map.get(value)?.toHexString() ?? value
  if (Array.isArray(value)) return value.map((v) => remapIds(v, map))
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, remapIds(v, map)]))
  return value
}

/**
 * Writes an exported organization into a database: `check` every collection first (nothing is written
 * while any document is out of scope or collides with one already there), then `write` them; `undo`
 * removes whatever was written when a later step fails. People whose e-mail already has an account
 * in the target keep that account (its password and profile untouched): the organization's
 * documents are pointed at it.
 */
/** The stamps of what instances keep that raw writes of an organization's documents change (see stampWrites). */
const everyStampOf = (organizationId: ObjectId) => [
  ACCESS_STAMP,
  ...allOrganizationStamps(organizationId.toHexString()),
]

export class OrganizationWriter {
  /** Exported user id (hex) → the account the target already has for that e-mail. */
  private readonly people = new Map<string, ObjectId>()
  private readonly written = new Map<string, ObjectId[]>()
  private readonly ids = new Set<string>()
  private code = ''

  constructor(
    readonly db: Db,
    readonly organizationId: ObjectId,
  ) {
    this.ids.add(organizationId.toHexString())
  }

  /** Whether an id (hex) is the organization's or one of the documents checked so far. */
  ownsId(id: string): boolean {
    return this.ids.has(id)
  }

  /** The organization's code, once its document has been checked. */
  get organizationCode(): string {
    return this.code
  }

  /** The names a collection of an export may have (no deployment state, no platform records). */
  static acceptsCollection(name: string): boolean {
    return COLLECTION_NAME.test(name) && !UNMOVED_COLLECTIONS.includes(name)
  }

  /** Checks one collection's documents against the scope and the target; counts them. */
  async check(name: string, docs: AsyncIterable<Document>): Promise<number> {
    if (!OrganizationWriter.acceptsCollection(name))
      throw refuse(`ไฟล์: มีคอลเลกชัน "${name}" ที่นำเข้าไม่ได้`, `file: the collection "${name}" cannot be imported`)
    const collection = this.db.collection(name)
    let count = 0
    let batch: Document[] = []
    const flush = async () => {
      if (batch.length === 0) return
      const ids = batch.map((d) => d._id)
      const clash = await collection.findOne({ _id: { $in: ids } }, { projection: { _id: 1 } })
      if (clash)
        throw refuse(
          `ไฟล์: ${name} มีเอกสาร ${String(clash._id)} อยู่แล้วในระบบปลายทาง ไม่ได้นำเข้าสิ่งใด`,
          `file: ${name} already has the document ${String(clash._id)} in this deployment; nothing was imported`,
          409,
        )
      if (name === CLAIMS) {
        const keys = batch.map((d) => d.key)
        const taken = await collection.findOne({ key: { $in: keys } }, { projection: { key: 1 } })
        if (taken)
          throw refuse(
            `ไฟล์: มีบันทึก ${String(taken.key)} อยู่แล้วในระบบปลายทาง`,
            `file: the claim ${String(taken.key)} already exists in this deployment`,
            409,
          )
      }
      batch = []
    }
    for await (const doc of docs) {
      count++
      if (name === USERS) {
        await this.checkPerson(doc)
        this.ids.add(doc._id.toHexString())
        continue
      }
      this.checkScope(name, doc)
      for (const key of objectKeysOf(name, doc))
        if (!isOrganizationKey(key, this.organizationId))
          throw refuse(
            `ไฟล์: ${name} ${String(doc._id)} อ้างถึงไฟล์ ${key} ซึ่งไม่ใช่ของหน่วยงานนี้ ไม่ได้นำเข้าสิ่งใด`,
            `file: ${name} ${String(doc._id)} names the object ${key}, which is not this organization's; ` +
              'nothing was imported',
          )
      if (name === ORGANIZATIONS) await this.checkOrganization(doc)
      if (isId(doc._id)) this.ids.add(doc._id.toHexString())
      batch.push(doc)
      if (batch.length >= 500) await flush()
    }
    await flush()
    if (name === ORGANIZATIONS && count !== 1)
      throw refuse('ไฟล์: ต้องมีข้อมูลหน่วยงานหนึ่งรายการ', 'file: the export must hold exactly one organization')
    return count
  }

  private checkScope(name: string, doc: Document) {
    const outside = () =>
      refuse(
        `ไฟล์: ${name} มีเอกสารของหน่วยงานอื่น (${String(doc._id)})`,
        `file: ${name} holds a document of another organization (${String(doc._id)})`,
      )
    if (name === ORGANIZATIONS) {
      if (!isId(doc._id) || !doc._id.equals(this.organizationId)) throw outside()
      return
    }
    if (name === CLAIMS) {
      const named = String(doc.key ?? '').match(HEX_ID) ?? []
      if (named.length === 0 || !named.every((id) => this.ids.has(id))) throw outside()
      return
    }
    if (!isId(doc.organizationId) || !doc.organizationId.equals(this.organizationId)) throw outside()
    // documents kept by key name their organization in the key (`<id>` or `<id>:…`): a key naming another one would
    // write into that organization's keyed documents (its item links, its work summary)
    const org = this.organizationId.toHexString()
    if (typeof doc._id === 'string' && doc._id !== org && !doc._id.startsWith(`${org}:`)) throw outside()
  }

  /** The organization's document: its code must be free in the target. */
  private async checkOrganization(doc: Document): Promise<void> {
    const code = String(doc.code ?? '')
    if (await this.db.collection(ORGANIZATIONS).findOne({ code }, { projection: { _id: 1 } }))
      throw refuse(
        `รหัสหน่วยงาน: มี "${code}" อยู่แล้วในระบบปลายทาง ไม่ได้นำเข้าสิ่งใด`,
        `code: "${code}" already exists in this deployment; nothing was imported`,
        409,
      )
    this.code = code
  }

  private async checkPerson(doc: Document) {
    const email = typeof doc.email === 'string' ? doc.email.trim().toLowerCase() : ''
    if (!email || !isId(doc._id)) throw refuse('ไฟล์: ข้อมูลผู้ใช้ไม่มีอีเมล', 'file: a person in the export has no e-mail')
    const users = this.db.collection(USERS)
    const same = await users.findOne({ email }, { projection: { _id: 1 } })
    if (same) {
      this.people.set(doc._id.toHexString(), same._id as ObjectId)
      return
    }
    if (await users.findOne({ _id: doc._id }, { projection: { _id: 1 } }))
      throw refuse(
        `ไฟล์: ผู้ใช้ ${String(doc._id)} มีอยู่แล้วในระบบปลายทางด้วยอีเมลอื่น`,
        `file: the person ${String(doc._id)} already exists in this deployment with another e-mail`,
        409,
      )
  }

  /** Writes one collection's documents (people who already have an account are not written again). */
  async write(name: string, docs: AsyncIterable<Document>): Promise<number> {
    const collection = this.db.collection(name)
    const written = this.written.get(name) ?? []
    this.written.set(name, written)
    let batch: Document[] = []
    const flush = async () => {
      if (batch.length === 0) return
      await collection.insertMany(batch, { ordered: true })
      written.push(...batch.map((d) => d._id as ObjectId))
      batch = []
    }
    for await (const doc of docs) {
      if (name === USERS && this.people.has((doc._id as ObjectId).toHexString())) continue
      // imported without its parent: the file's author must not choose whose network it joins (an operator links it)
      if (name === ORGANIZATIONS && doc.parentId != null) doc.parentId = null
      // a text evidence's HTML is cleaned again: the file may have been edited after the export
      if (name === 'evidence' && typeof doc.html === 'string') doc.html = sanitizeEvidenceHtml(doc.html)
      batch.push(name === USERS ? doc : (remapIds(doc, this.people) as Document))
      if (batch.length >= 500) await flush()
    }
    await flush()
    return written.length
  }

  /**
   * After the last write: every work summary (the inbox-count cache) of the target is marked stale, so the imported
   * one is rebuilt from the imported documents on its next read rather than served: it was built where people may
   * have had other ids (an account the target already has is kept). The organization's own token stays as exported,
   * like every document of the file. What instances keep of people and catalogs is read again too (stamps).
   */
  async staleWorkSummaries(): Promise<void> {
    await touchWorkState(null)
    await changeStamps(everyStampOf(this.organizationId))
  }

  /** How many accounts of the export were already in the target (their own documents kept). */
  get reusedPeople(): number {
    return this.people.size
  }

  /** Removes every document this import wrote (a later step failed). */
  async undo(): Promise<void> {
    for (const [name, ids] of [...this.written].reverse())
      for (let i = 0; i < ids.length; i += 500)
        await this.db.collection(name).deleteMany({ _id: { $in: ids.slice(i, i + 500) } })
    this.written.clear()
    await changeStamps(everyStampOf(this.organizationId))
  }
}

/**
 * Deletes every document of the organization: scoped documents, claims naming them, its sessions
 * and one-time links, the accounts of its members left with no membership elsewhere (and not platform
 * operators), its audit trail, and its organization document last (a failure half-way leaves the
 * organization listed, so the delete can be run again). Children organizations lose their parent.
 * Resolves with the number of documents removed per collection.
 */
export async function deleteOrganizationDocuments(db: Db, organizationId: ObjectId): Promise<Record<string, number>> {
  const removed: Record<string, number> = {}
  const count = (name: string, n: number) => (removed[name] = (removed[name] ?? 0) + n)
  const reader = new OrganizationReader(db, organizationId)
  const names = await organizationCollections(db, organizationId)
  // the ids named by claims: read (not deleted) before anything goes
  for (const name of names.filter((n) => n !== CLAIMS)) for await (const doc of reader.documents(name, true)) void doc
  const claimIds: ObjectId[] = []
  for await (const claim of reader.documents(CLAIMS, true)) claimIds.push(claim._id as ObjectId)
  for (let i = 0; i < claimIds.length; i += 500)
    count(CLAIMS, (await db.collection(CLAIMS).deleteMany({ _id: { $in: claimIds.slice(i, i + 500) } })).deletedCount)

  const members = await db.collection(MEMBERSHIPS).distinct('userId', { organizationId })
  for (const name of names.filter((n) => n !== ORGANIZATIONS && n !== USERS && n !== CLAIMS))
    count(name, (await db.collection(name).deleteMany({ organizationId })).deletedCount)
  for (const name of ['sessions', 'one_time_links'])
    count(name, (await db.collection(name).deleteMany({ organizationId })).deletedCount)

  // accounts that were only this organization's: gone with it, with their sessions and links
  const operators = new Set(
    (await db.collection('platform_operators').distinct('userId', { userId: { $in: members } })).map(String),
  )
  const stillMembers = new Set(
    (await db.collection(MEMBERSHIPS).distinct('userId', { userId: { $in: members } })).map(String),
  )
  const orphans = members.filter((id) => !operators.has(String(id)) && !stillMembers.has(String(id)))
  for (let i = 0; i < orphans.length; i += 500) {
    const userId = { $in: orphans.slice(i, i + 500) }
    count('sessions', (await db.collection('sessions').deleteMany({ userId })).deletedCount)
    count('one_time_links', (await db.collection('one_time_links').deleteMany({ userId })).deletedCount)
    count(USERS, (await db.collection(USERS).deleteMany({ _id: userId })).deletedCount)
  }
  await db.collection(ORGANIZATIONS).updateMany({ parentId: organizationId }, { $set: { parentId: null } })
  count(ORGANIZATIONS, (await db.collection(ORGANIZATIONS).deleteOne({ _id: organizationId })).deletedCount)
  await changeStamps(everyStampOf(organizationId))
  return removed
}

/** Counts of the organization's documents per collection (what an export holds), for the console and checks. */
export async function countOrganizationDocuments(db: Db, organizationId: ObjectId): Promise<Record<string, number>> {
  const reader = new OrganizationReader(db, organizationId)
  const counts: Record<string, number> = {}
  for (const name of await organizationCollections(db, organizationId)) {
    let n = 0
    for await (const doc of reader.documents(name)) if (doc) n++
    counts[name] = n
  }
  return counts
}

/** Every object key the organization's documents name (read before its documents are deleted). */
export async function referencedObjectKeys(db: Db, organizationId: ObjectId): Promise<string[]> {
  const keys: string[] = []
  // whole arrays: FerretDB refuses projections into sub-documents
  const projection = { versions: 1, snapshots: 1, resultKey: 1 }
  for (const name of ['evidence', 'package_jobs'])
    for await (const doc of db.collection(name).find({ organizationId }, { projection }))
      keys.push(...objectKeysOf(name, doc).filter((key) => isOrganizationKey(key, organizationId)))
  return keys
}

export const EXPORT_ACTION = 'organization.export'

export interface ExportState {
  /** The latest recorded export: when it started, the ZIP's SHA-256 and size. */
  lastExport: { at: string; sha256: string; size: number } | null
  /** The latest event of the organization's trail other than an export (every change is audited). */
  lastChangeAt: string | null
  /** An export started after the last change: the organization may be deleted. */
  current: boolean
}

/** Whether the organization has an export that holds its every change (its trail says so). */
export async function organizationExportState(organizationId: string, db: Db = appDb()): Promise<ExportState> {
  const events = db.collection('audit_events')
  const scope = new ObjectId(organizationId)
  const latest = (action: string | Document) =>
    events
      .find({ organizationId: scope, action }, { projection: { at: 1, changes: 1 } })
      .sort({ at: -1, _id: -1 })
      .limit(1)
      .toArray()
  const [[exported], [change]] = await Promise.all([latest(EXPORT_ACTION), latest({ $ne: EXPORT_ACTION })])
  let lastExport: ExportState['lastExport'] = null
  if (exported) {
    const changes = JSON.parse(String(exported.changes ?? '{}')) as Record<string, { after?: unknown }>
    const at = typeof changes.startedAt?.after === 'string' ? changes.startedAt.after : null
    if (at) lastExport = { at, sha256: String(changes.sha256?.after ?? ''), size: Number(changes.size?.after ?? 0) }
  }
  const lastChangeAt = change ? (change.at as Date).toISOString() : null
  const current = Boolean(lastExport && (!lastChangeAt || Date.parse(lastChangeAt) <= Date.parse(lastExport.at)))
  return { lastExport, lastChangeAt, current }
}
