/**
 * The MongoDB connection. One mongoose connection per process, cached on globalThis so that
 * dev rebuilds and repeated imports reuse it. Works on any MongoDB 6+ and on FerretDB: no
 * transactions, no nested arrays, simple aggregation only.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import { randomUUID } from 'node:crypto'
import mongoose, { Schema, type InferSchemaType } from 'mongoose'

const state = globalThis as typeof globalThis & { __saisaatMongo?: Promise<typeof mongoose> }

// PostgreSQL, under FerretDB, cannot store NUL in text (the write fails, the request answers 500), and no text of
// ours means one: every String path drops it when cast, in documents, updates and filters alike. Once per process.
const castString = Schema.Types.String.cast() as (v: unknown) => unknown
if (!(castString as { withoutNul?: true }).withoutNul) {
  const withoutNul = Object.assign(
    (v: unknown) => {
      const s = castString(v)
      return typeof s === 'string' && s.includes('\u0000') ? s.replaceAll('\u0000', '') : s
    },
    { withoutNul: true as const },
  )
  Schema.Types.String.cast(withoutNul)
}

/** Connects (once) to the database named in the URI, or to `dbName` when given. */
export function connectDatabase(uri: string, options: { dbName?: string } = {}): Promise<typeof mongoose> {
  state.__saisaatMongo ??= mongoose
    .connect(uri, {
      dbName: options.dbName,
      // fail fast when the server is down, so /healthz and requests answer within seconds
      serverSelectionTimeoutMS: 4000,
      connectTimeoutMS: 4000,
      heartbeatFrequencyMS: 2000,
      autoIndex: true,
      // command start/end events, which the app turns into MongoDB latency metrics (app/services.server.ts)
      monitorCommands: true,
    })
    .catch((error: unknown) => {
      state.__saisaatMongo = undefined
      throw error
    })
  return state.__saisaatMongo
}

export async function disconnectDatabase(): Promise<void> {
  const pending = state.__saisaatMongo
  state.__saisaatMongo = undefined
  if (pending) await (await pending).disconnect()
}

/** Round-trips a ping to the server; resolves with the latency or rejects within timeoutMs. */
export async function pingDatabase(timeoutMs = 2000): Promise<number> {
  const started = performance.now()
  const db = mongoose.connection.db
  if (!db) throw new Error('not connected')
  await withTimeout(db.admin().ping(), timeoutMs)
  return performance.now() - started
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    }),
  ]).finally(() => clearTimeout(timer))
}

/**
 * Registers a model once per process: test files and dev rebuilds evaluate model files again
 * while mongoose itself stays loaded, and registering a name twice throws.
 */
export function defineModel<T>(name: string, create: () => T): T {
  return (mongoose.models[name] as T | undefined) ?? create()
}

/** The fields that key a document kept once per item of a catalog in an organization (answers, clarifications). */
export const ITEM_KEY_FIELDS = {
  organizationId: { type: Schema.Types.ObjectId, required: true },
  catalogId: { type: Schema.Types.ObjectId, required: true },
  itemCode: { type: String, required: true },
} as const

/** The organization a document belongs to: every query is scoped by it. */
export const ORGANIZATION_ID = { type: Schema.Types.ObjectId, required: true, index: true } as const

/** A schema whose documents keep createdAt and updatedAt. */
export function timestampedSchema<T extends object>(fields: T) {
  return new Schema(fields, { timestamps: true })
}

/** A timestamped schema of one organization's documents, organizationId first. */
export function organizationSchema<T extends object>(fields: T) {
  const definition = { organizationId: ORGANIZATION_ID, ...fields }
  return new Schema(definition, { timestamps: true })
}

/** A document as lean() reads it: the schema's fields and its _id. */
export type LeanDoc<S extends Schema> = InferSchemaType<S> & { _id: mongoose.Types.ObjectId }

/** The model of one schema, registered once per process under its name (and in `collection` when given). */
export function schemaModel<S extends Schema>(name: string, schema: S, collection?: string) {
  return defineModel(name, () => mongoose.model(name, schema, collection))
}

/** What `upsertByKey` needs of a model. */
interface Upsertable {
  updateOne(filter: object, update: object, options?: { upsert: boolean }): PromiseLike<unknown>
}

/**
 * Writes the one document of a unique key, inserting it when missing. Of two simultaneous first writes the unique
 * index lets one insert; the other gets 11000 and is applied as an update (`retry`, the same `update` unless given).
 */
export async function upsertByKey(
  model: Upsertable,
  key: object,
  update: () => object,
  retry: () => object = update,
): Promise<void> {
  try {
    await model.updateOne(key, update(), { upsert: true })
  } catch (error) {
    if ((error as { code?: number }).code !== 11000) throw error
    await model.updateOne(key, retry())
  }
}

/**
 * Independent steps at once, failing as they would one after the other: with the error of the first in the list that
 * failed (not of the first to fail), so a request's refusal does not depend on which answer arrived first.
 */
export async function inOrder<T extends readonly unknown[]>(steps: { [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const settled = await Promise.allSettled(steps as readonly Promise<unknown>[])
  for (const s of settled) if (s.status === 'rejected') throw s.reason
  return settled.map((s) => (s as PromiseFulfilledResult<unknown>).value) as unknown as T
}

/**
 * Runs per key one at a time in this process: each run starts once the key's earlier runs have settled, whether they
 * succeeded or failed. For writes that read and rewrite one document (FerretDB applies every update that way).
 */
export function keyedQueue(): <T>(key: string, run: () => Promise<T>) => Promise<T> {
  const queues = new Map<string, Promise<void>>()
  return <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const result = (queues.get(key) ?? Promise.resolve()).then(run)
    const settled = result.then(
      () => undefined,
      () => undefined,
    )
    queues.set(key, settled)
    void settled.then(() => {
      if (queues.get(key) === settled) queues.delete(key)
    })
    return result
  }
}

/**
 * Like keyedQueue, but what arrives for a key while its batch is running waits, then runs as the next batch (a group
 * commit): `apply` gets the items in order and answers each one's outcome. Under many writers at once, one document
 * rewritten per batch instead of per write keeps the queue from growing with the number of writers.
 */
export function keyedBatches<T, R>(
  apply: (key: string, items: T[]) => Promise<PromiseSettledResult<R>[]>,
): (key: string, item: T) => Promise<R> {
  type Waiting = { items: T[]; callers: { resolve: (r: R) => void; reject: (e: unknown) => void }[] }
  const waiting = new Map<string, Waiting>()
  const running = new Set<string>()
  const run = async (key: string) => {
    running.add(key)
    for (let batch = waiting.get(key); batch; batch = waiting.get(key)) {
      waiting.delete(key)
      const outcomes = await apply(key, batch.items).catch((error: unknown) =>
        batch!.items.map((): PromiseSettledResult<R> => ({ status: 'rejected', reason: error })),
      )
      batch.callers.forEach((c, i) => {
        const o = outcomes[i]
        if (o.status === 'fulfilled') c.resolve(o.value)
        else c.reject(o.reason)
      })
    }
    running.delete(key)
  }
  return (key, item) =>
    new Promise<R>((resolve, reject) => {
      const batch = waiting.get(key) ?? { items: [], callers: [] }
      batch.items.push(item)
      batch.callers.push({ resolve, reject })
      waiting.set(key, batch)
      if (!running.has(key)) void run(key)
    })
}

// ---- Stamps ---------------------------------------------------------------------------------------------------------
// What an instance keeps of rarely written documents (who is signed in, catalogs, units…) stays valid while their
// stamp is unchanged: every write of those documents, in any instance, sets a new random stamp after it lands. A
// reader reads the stamp before the documents and keeps them under it, so a write landing between the two reads
// changes the stamp after them and the next reader reads again.

const stampSchema = new Schema({ _id: String, value: String }, { versionKey: false })
const stampModel = () => schemaModel('Stamp', stampSchema, 'stamps')

/**
 * The stamps one request has read, so that it reads each once (a page reads catalogs, units and rounds several
 * times, some of them at once). Only until its response ends, and for at most STAMP_SCOPE_MS: work the request
 * leaves running (a job it started) reads again. A write through changeStamps in the request sets its new value.
 */
export interface StampScope {
  startedAt: number
  ended: boolean
  values: Map<string, Promise<string>>
}
const STAMP_SCOPE_MS = 60_000
const scopeState = globalThis as typeof globalThis & { __saisaatStampScopes?: AsyncLocalStorage<StampScope> }
const stampScopes = () => (scopeState.__saisaatStampScopes ??= new AsyncLocalStorage<StampScope>())

export const newStampScope = (): StampScope => ({ startedAt: performance.now(), ended: false, values: new Map() })

/** Runs `next` (a request, or a part of it) with the request's reads of stamps. */
export function withStampScope<T>(scope: StampScope, next: () => T): T {
  return stampScopes().run(scope, next)
}

function currentScope(): StampScope | undefined {
  const scope = stampScopes().getStore()
  return scope && !scope.ended && performance.now() - scope.startedAt < STAMP_SCOPE_MS ? scope : undefined
}

async function readStampDocs(keys: readonly string[]): Promise<Map<string, string>> {
  const docs = await stampModel()
    .find({ _id: { $in: [...new Set(keys)] } })
    .lean<{ _id: string; value: string }[]>()
  return new Map(docs.map((d) => [d._id, d.value]))
}

/** The current values of these stamps, '' for one never changed (in a request, each read once: withStampScope). */
export async function readStamps(keys: readonly string[]): Promise<string[]> {
  const scope = currentScope()
  if (!scope) {
    const read = await readStampDocs(keys)
    return keys.map((k) => read.get(k) ?? '')
  }
  const missing = keys.filter((k) => !scope.values.has(k))
  if (missing.length) {
    const read = readStampDocs(missing)
    for (const k of missing)
      scope.values.set(
        k,
        read.then((values) => values.get(k) ?? ''),
      )
    // a failed read is not kept: the next reader tries again
    read.catch(() => missing.forEach((k) => scope.values.delete(k)))
  }
  return Promise.all(keys.map((k) => scope.values.get(k)!))
}

/** Sets new values on these stamps: whatever was kept under the old ones is read again. */
export async function changeStamps(keys: readonly string[]): Promise<void> {
  const scope = currentScope()
  await Promise.all(
    [...new Set(keys)].map(async (key) => {
      const value = randomUUID()
      await upsertByKey(stampModel(), { _id: key }, () => ({ $set: { value } }))
      scope?.values.set(key, Promise.resolve(value))
    }),
  )
}

/** The names given to stampWritesByOrganization, so that a request can read all of an organization's stamps at once. */
const stampNames = new Set<string>()

/** The stamps of `name` for one organization: its own, and the shared one a write naming no organization changes. */
export const organizationStamps = (name: string, organizationId: string) => [name, `${name}:${organizationId}`]

/** Every organization stamp of this organization (for one read of them all when a request starts: readStamps). */
export const allOrganizationStamps = (organizationId: string) =>
  [...stampNames].flatMap((name) => organizationStamps(name, organizationId))

/** Changes the organization's stamp of `name` after every write of this schema (see stampWrites). */
export function stampWritesByOrganization(schema: Schema, name: string): void {
  stampNames.add(name)
  stampWrites(schema, (scope) => [scope.organizationId ? `${name}:${scope.organizationId}` : name])
}

const KEPT_AT_MOST_MS = 5 * 60_000

/**
 * One kind of an organization's documents, read through `keptReads` under the organization's stamp `name`: registers
 * the stamp's change after every write of the schema (call before its model is made), and answers
 * `read(organizationId, key, load)`.
 */
export function keptByOrganization(schema: Schema, name: string, max: number) {
  stampWritesByOrganization(schema, name)
  const read = keptReads(max)
  return <T>(organizationId: string, key: string, load: () => Promise<T>): Promise<T> =>
    read(organizationStamps(name, organizationId), key, load)
}

/**
 * Freezes a value read from the database, and every object and array within it, so that it can be shared: a change
 * throws (modules are strict) rather than reaching every later reader. Maps, Sets and Dates are not made read-only.
 */
export function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value
  if (value instanceof Map) {
    for (const v of value.values()) deepFreeze(v)
    return value
  }
  if (value instanceof Set || value instanceof Date || ArrayBuffer.isView(value)) return value
  Object.freeze(value)
  for (const v of Object.values(value)) deepFreeze(v)
  return value
}

/**
 * A bounded store of values read under stamps, for one kind of read: `read(stamps, key, load)` answers the value kept
 * under `key` while its stamps are unchanged, else loads it (after reading the stamps) and keeps it. Values are frozen
 * (deepFreeze) and shared by every reader: a reader that needs to change one copies it first. (They were copied for
 * each reader before, a twentieth of the app's time under the load bench.) The least recently used leave first once
 * `max` are kept. Readers of a key whose load is under way wait for it (under load, a changed stamp would otherwise
 * send every reader to the database at once). Nothing is kept longer than KEPT_AT_MOST_MS: should a stamp's change
 * ever fail after its write landed, what was kept under the old value is still read again within minutes.
 */
export function keptReads(max: number) {
  const kept = new Map<string, { stamp: string; at: number; value: unknown }>()
  // a load under way for a key and stamp: readers arriving meanwhile wait for it rather than load again
  const loading = new Map<string, { stamp: string; value: Promise<unknown> }>()
  return async function read<T>(stamps: readonly string[], key: string, load: () => Promise<T>): Promise<T> {
    const stamp = (await readStamps(stamps)).join(' ')
    const found = kept.get(key)
    kept.delete(key)
    if (found && found.stamp === stamp && performance.now() - found.at < KEPT_AT_MOST_MS) {
      kept.set(key, found)
      return found.value as T
    }
    const under = loading.get(key)
    if (under?.stamp === stamp) return (await under.value) as T
    const at = performance.now()
    const value = load().then(deepFreeze)
    loading.set(key, { stamp, value })
    try {
      const loaded = await value
      kept.set(key, { stamp, at, value: loaded })
      if (kept.size > max) kept.delete(kept.keys().next().value!)
      return loaded
    } finally {
      if (loading.get(key)?.value === value) loading.delete(key)
    }
  }
}

/** The organization of a query filter or document: a single id, or null when it names none or several. */
function organizationOf(value: unknown): string | null {
  if (value instanceof mongoose.Types.ObjectId) return value.toString()
  if (typeof value === 'string' && /^[0-9a-f]{24}$/i.test(value)) return value
  return null
}

/** What a write hook knows of a write: its organization, when it names one (null for none or several). */
type WriteScope = { organizationId: string | null }

const QUERY_WRITES: mongoose.MongooseQueryMiddleware[] = [
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'findOneAndDelete',
]

/** Whether a write's result says it matched, deleted or inserted anything (a write of nothing changes nothing). */
function changedSomething(result: unknown, upsert: boolean): boolean {
  if (result === null || result === undefined) return upsert
  const r = result as { matchedCount?: number; upsertedCount?: number; deletedCount?: number }
  if (typeof r.deletedCount === 'number') return r.deletedCount > 0
  if (typeof r.matchedCount === 'number') return r.matchedCount > 0 || (r.upsertedCount ?? 0) > 0
  return true
}

/**
 * Runs `after` once each write of this schema's documents that mongoose makes has landed (saves, updates, deletes,
 * inserts; inserts left out when `inserts` is false; not a write that matched nothing), with the organizations
 * written, before the write's caller goes on. Call before the schema's model is made. Writes made past mongoose (raw
 * collection calls) must do it themselves.
 */
function afterWrites(
  schema: Schema,
  after: (scopes: WriteScope[]) => Promise<void>,
  options: { inserts?: boolean } = {},
): void {
  const scopeOf = (d: { organizationId?: unknown } | null | undefined): WriteScope => ({
    organizationId: organizationOf(d?.organizationId),
  })
  if (options.inserts !== false) {
    schema.post('save', function (doc: { organizationId?: unknown }) {
      return after([scopeOf(doc)])
    })
    schema.post('insertMany', function (docs: unknown) {
      return after((Array.isArray(docs) ? docs : [docs]).map(scopeOf))
    })
  }
  schema.post(
    QUERY_WRITES,
    { document: false, query: true },
    function (this: { getFilter(): object; getOptions(): { upsert?: boolean } }, result: unknown) {
      return changedSomething(result, this.getOptions().upsert === true)
        ? after([scopeOf(this.getFilter())])
        : Promise.resolve()
    },
  )
  schema.post(
    ['updateOne', 'deleteOne'],
    { document: true, query: false },
    function (doc: { organizationId?: unknown }) {
      return after([scopeOf(doc)])
    },
  )
  schema.post('bulkWrite', function () {
    return after([{ organizationId: null }])
  })
}

/** Changes the stamps `keysOf` names after every write of this schema's documents (see afterWrites). */
export function stampWrites(
  schema: Schema,
  keysOf: (scope: WriteScope) => string[],
  options: { inserts?: boolean } = {},
): void {
  afterWrites(schema, (scopes) => changeStamps(scopes.flatMap(keysOf)), options)
}
