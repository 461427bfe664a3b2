/**
 * The audit trail: an append-only record of every change. This module only inserts and reads;
 * the schema refuses updates and deletions, so no code path can edit history.
 */
import mongoose, { Schema } from 'mongoose'
import { type LeanDoc, schemaModel } from '#models/db.server'

/** Who acts, for which organization, from where. Every mutation in models/ takes one. */
export interface Actor {
  organizationId: string
  userId: string | null
  userName: string
  ip?: string
  userAgent?: string
}

const auditSchema = new Schema(
  {
    organizationId: { type: Schema.Types.ObjectId, required: true, index: true },
    actorId: { type: Schema.Types.ObjectId, default: null },
    actorName: { type: String, required: true },
    action: { type: String, required: true },
    targetType: { type: String, required: true },
    targetId: { type: String, default: null },
    targetLabel: { type: String, default: '' },
    // the changed fields only: { field: { before, after } }, stored as JSON text to keep any shape
    changes: { type: String, default: '{}' },
    at: { type: Date, required: true, default: () => new Date() },
    ip: { type: String, default: '' },
    userAgent: { type: String, default: '' },
  },
  { versionKey: false },
)
auditSchema.index({ organizationId: 1, at: -1 })

const refuse = function () {
  throw new Error('audit events are append-only: they cannot be updated or deleted')
}
for (const op of [
  'updateOne',
  'updateMany',
  'findOneAndUpdate',
  'findOneAndReplace',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndDelete',
] as const) {
  auditSchema.pre(op, refuse)
}
auditSchema.pre('save', function () {
  if (!this.isNew) refuse()
})

type AuditDoc = LeanDoc<typeof auditSchema>

const AuditModel = schemaModel('AuditEvent', auditSchema, 'audit_events')

export type Changes = Record<string, { before: unknown; after: unknown }>

/** The fields whose values differ between two snapshots (both plain objects). */
export function diff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): Changes {
  const out: Changes = {}
  const keys = new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])
  for (const key of keys) {
    const a = before?.[key] ?? null
    const b = after?.[key] ?? null
    if (JSON.stringify(a) !== JSON.stringify(b)) out[key] = { before: a, after: b }
  }
  return out
}

/** The named fields of a value, in that order: what the trail compares before and after a change. */
export function fieldsOf<T extends object, K extends keyof T>(value: T, keys: readonly K[]): Pick<T, K> {
  return Object.fromEntries(keys.map((k) => [k, value[k]])) as Pick<T, K>
}

export interface AuditInput {
  action: string
  targetType: string
  targetId?: string | null
  targetLabel?: string
  changes?: Changes
  /**
   * false for an event that changes none of the organization's data (a sign-in, an export, a refusal): the change
   * counter stays, so its summaries stay valid, and it is no one's activity. Not stored.
   */
  change?: boolean
}

/**
 * One document per organization, keyed by its id (a key lookup even on FerretDB): a counter every change of the
 * organization raises, and when the last change and the last change by a person happened. Summaries built from the
 * organization's data (the network view's) stay valid while the counter is unchanged.
 */
const activitySchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    version: { type: Number, default: 0 },
    changedAt: { type: Date, default: null },
    personAt: { type: Date, default: null },
  },
  { versionKey: false },
)
const ActivityModel = schemaModel('OrganizationActivity', activitySchema, 'organization_activity')

export interface OrganizationActivity {
  organizationId: string
  version: number
  changedAt: string | null
  /** The last change made by a person (not by the system's jobs). */
  personAt: string | null
}

/** The activity of each organization asked for (version 0 and no dates for one never changed since). */
export async function getActivity(organizationIds: string[]): Promise<Map<string, OrganizationActivity>> {
  const ids = organizationIds.filter((id) => mongoose.isValidObjectId(id)).map((id) => new mongoose.Types.ObjectId(id))
  // one query: the collection holds one small document per organization
  const docs = ids.length
    ? await ActivityModel.find(ids.length === 1 ? { _id: ids[0] } : { _id: { $in: ids } }).lean<
        { _id: mongoose.Types.ObjectId; version?: number; changedAt?: Date | null; personAt?: Date | null }[]
      >()
    : []
  const out = new Map<string, OrganizationActivity>()
  for (const id of organizationIds) out.set(id, { organizationId: id, version: 0, changedAt: null, personAt: null })
  for (const d of docs)
    out.set(d._id.toString(), {
      organizationId: d._id.toString(),
      version: d.version ?? 0,
      changedAt: d.changedAt ? d.changedAt.toISOString() : null,
      personAt: d.personAt ? d.personAt.toISOString() : null,
    })
  return out
}

/** Raises the organization's change counter (every audited change does; seeds that write directly may too). */
export async function noteActivity(organizationId: string, at: Date, byPerson: boolean): Promise<void> {
  await ActivityModel.updateOne(
    { _id: new mongoose.Types.ObjectId(organizationId) },
    { $inc: { version: 1 }, $set: { changedAt: at, ...(byPerson ? { personAt: at } : {}) } },
    { upsert: true },
  )
}

/** One event as the trail stores it (ids as ObjectIds, so that lean inserts store what the schema's casting would). */
const auditDoc = (actor: Actor, event: AuditInput, at: Date) => ({
  organizationId: new mongoose.Types.ObjectId(actor.organizationId),
  actorId: actor.userId ? new mongoose.Types.ObjectId(actor.userId) : null,
  actorName: actor.userName,
  action: event.action,
  targetType: event.targetType,
  targetId: event.targetId ?? null,
  targetLabel: event.targetLabel ?? '',
  changes: JSON.stringify(event.changes ?? {}),
  at,
  ip: actor.ip ?? '',
  userAgent: (actor.userAgent ?? '').slice(0, 300),
})

/**
 * Appends one event, or several of one change in their order (one write): a change (the organization's change counter
 * goes up once) unless every event says `change: false`.
 */
export async function recordAudit(actor: Actor, events: AuditInput | AuditInput[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events]
  if (list.length === 0) return
  const at = new Date()
  // two documents, written at once; the events share their time and keep their order (the trail sorts by time, then
  // id, and ids are made in this order)
  await Promise.all([
    list.some((e) => e.change !== false) && noteActivity(actor.organizationId, at, actor.userId !== null),
    AuditModel.insertMany(
      list.map((event) => auditDoc(actor, event, at)),
      { ordered: true },
    ),
  ])
}

/**
 * Appends many events in one write, without raising any change counter: for reads recorded in each organization read
 * (a network view reads up to a thousand at once).
 */
export async function recordReads(events: { actor: Actor; event: AuditInput }[]): Promise<void> {
  if (events.length === 0) return
  const at = new Date()
  await AuditModel.insertMany(
    events.map(({ actor, event }) => auditDoc(actor, event, at)),
    { ordered: false, lean: true },
  )
}

export interface AuditEvent {
  id: string
  actorId: string | null
  actorName: string
  action: string
  targetType: string
  targetId: string | null
  targetLabel: string
  changes: Changes
  at: string
  ip: string
  userAgent: string
}

export interface AuditFilter {
  actorId?: string
  action?: string
  targetType?: string
  targetId?: string
  from?: Date
  to?: Date
}

function toEvent(doc: AuditDoc): AuditEvent {
  return {
    id: doc._id.toString(),
    actorId: doc.actorId ? doc.actorId.toString() : null,
    actorName: doc.actorName,
    action: doc.action,
    targetType: doc.targetType,
    targetId: doc.targetId ?? null,
    targetLabel: doc.targetLabel ?? '',
    changes: JSON.parse(doc.changes ?? '{}') as Changes,
    at: doc.at.toISOString(),
    ip: doc.ip ?? '',
    userAgent: doc.userAgent ?? '',
  }
}

/** Newest first, within one organization. */
export async function listAuditEvents(
  organizationId: string,
  filter: AuditFilter = {},
  page: { limit?: number; skip?: number } = {},
): Promise<{ events: AuditEvent[]; total: number }> {
  const query: Record<string, unknown> = { organizationId: new mongoose.Types.ObjectId(organizationId) }
  if (filter.actorId && mongoose.isValidObjectId(filter.actorId))
    query.actorId = new mongoose.Types.ObjectId(filter.actorId)
  if (filter.action) query.action = filter.action
  if (filter.targetType) query.targetType = filter.targetType
  if (filter.targetId) query.targetId = filter.targetId
  if (filter.from || filter.to) {
    query.at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) }
  }
  const [docs, total] = await Promise.all([
    AuditModel.find(query)
      .sort({ at: -1, _id: -1 })
      .skip(page.skip ?? 0)
      .limit(page.limit ?? 100)
      .lean<AuditDoc[]>(),
    AuditModel.countDocuments(query),
  ])
  return { events: docs.map(toEvent), total }
}

/** Streams every matching event, newest first, for exports. */
export async function* iterateAuditEvents(
  organizationId: string,
  filter: AuditFilter = {},
): AsyncGenerator<AuditEvent> {
  const batch = 500
  for (let skip = 0; ; skip += batch) {
    const { events } = await listAuditEvents(organizationId, filter, { limit: batch, skip })
    yield* events
    if (events.length < batch) return
  }
}

/** The distinct action names recorded for an organization, for the filter list. */
export async function listAuditActions(organizationId: string): Promise<string[]> {
  const actions = (await AuditModel.distinct('action', {
    organizationId: new mongoose.Types.ObjectId(organizationId),
  })) as string[]
  return actions.sort()
}
