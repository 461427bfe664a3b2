/**
 * The MongoDB connection. One mongoose connection per process, cached on globalThis so that
 * dev rebuilds and repeated imports reuse it. Works on any MongoDB 6+ and on FerretDB: no
 * transactions, no nested arrays, simple aggregation only.
 */
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
