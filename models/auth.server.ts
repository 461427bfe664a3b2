/**
 * Server-side sessions, sign-in throttling and one-time links (invitations, password resets).
 * Only hashes of secrets are stored: a copy of the database does not let anyone sign in.
 */
import { createHash, randomBytes } from 'node:crypto'
import mongoose, { Schema, type InferSchemaType } from 'mongoose'
import { claim } from '#models/claims.server'
import { defineModel } from '#models/db.server'
import { oid, toObjectId } from '#models/ids'

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
const newSecret = () => randomBytes(32).toString('base64url')

export const SESSION_TTL_MS = 12 * 3600_000
export const THROTTLE_WINDOW_MS = 15 * 60_000
export const THROTTLE_MAX_FAILURES = 5

const sessionSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    organizationId: { type: Schema.Types.ObjectId, default: null },
    expiresAt: { type: Date, required: true },
    ip: { type: String, default: '' },
    userAgent: { type: String, default: '' },
  },
  { timestamps: true },
)
type SessionDoc = InferSchemaType<typeof sessionSchema> & { _id: mongoose.Types.ObjectId }
const SessionModel = defineModel('Session', () => mongoose.model('Session', sessionSchema))

export interface Session {
  id: string
  userId: string
  organizationId: string | null
  expiresAt: string
}

const toSession = (d: SessionDoc): Session => ({
  id: d._id.toString(),
  userId: d.userId.toString(),
  organizationId: d.organizationId ? d.organizationId.toString() : null,
  expiresAt: d.expiresAt.toISOString(),
})

/** Starts a session; the returned token goes into the cookie and is never stored. */
export async function createSession(input: {
  userId: string
  organizationId: string | null
  ip?: string
  userAgent?: string
}): Promise<{ token: string; session: Session }> {
  const token = newSecret()
  const doc = await SessionModel.create({
    tokenHash: sha256(token),
    userId: oid(input.userId),
    organizationId: input.organizationId ? oid(input.organizationId) : null,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
    ip: input.ip ?? '',
    userAgent: (input.userAgent ?? '').slice(0, 300),
  })
  return { token, session: toSession(doc.toObject() as SessionDoc) }
}

export async function getSessionByToken(token: string): Promise<Session | null> {
  const doc = await SessionModel.findOne({ tokenHash: sha256(token), expiresAt: { $gt: new Date() } }).lean<SessionDoc>()
  return doc ? toSession(doc) : null
}

export async function setSessionOrganization(sessionId: string, organizationId: string): Promise<void> {
  await SessionModel.updateOne({ _id: oid(sessionId) }, { $set: { organizationId: oid(organizationId) } })
}

export async function deleteSession(token: string): Promise<void> {
  await SessionModel.deleteOne({ tokenHash: sha256(token) })
}

/** Ends every session of a user at once (sign-out everywhere, deactivation, password reset). */
export async function deleteSessionsOfUser(userId: string): Promise<number> {
  const id = toObjectId(userId)
  if (!id) return 0
  const r = await SessionModel.deleteMany({ userId: id })
  return r.deletedCount ?? 0
}

// --- throttling: 5 failed attempts for one account within 15 minutes, then wait ---

const failureSchema = new Schema({ email: { type: String, required: true, index: true }, at: { type: Date, required: true } }, { versionKey: false })
const FailureModel = defineModel('LoginFailure', () => mongoose.model('LoginFailure', failureSchema, 'login_failures'))

/** Milliseconds until this account may try again, or 0 when it may try now. */
export async function signInWaitMs(email: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS)
  const recent = await FailureModel.find({ email: email.trim().toLowerCase(), at: { $gt: since } })
    .sort({ at: 1 })
    .lean<{ at: Date }[]>()
  if (recent.length < THROTTLE_MAX_FAILURES) return 0
  // the window reopens when the oldest of the last five failures leaves it
  const oldest = recent[recent.length - THROTTLE_MAX_FAILURES].at
  return Math.max(0, oldest.getTime() + THROTTLE_WINDOW_MS - now.getTime())
}

export async function recordSignInFailure(email: string): Promise<void> {
  await FailureModel.create({ email: email.trim().toLowerCase(), at: new Date() })
  // keep the collection small without relying on TTL indexes
  await FailureModel.deleteMany({ at: { $lt: new Date(Date.now() - THROTTLE_WINDOW_MS * 4) } })
}

export async function clearSignInFailures(email: string): Promise<void> {
  await FailureModel.deleteMany({ email: email.trim().toLowerCase() })
}

// --- one-time links ---

export type LinkKind = 'invite' | 'reset'
export const LINK_TTL_MS: Record<LinkKind, number> = { invite: 7 * 24 * 3600_000, reset: 2 * 3600_000 }

const linkSchema = new Schema(
  {
    tokenHash: { type: String, required: true, unique: true },
    kind: { type: String, enum: ['invite', 'reset'], required: true },
    userId: { type: Schema.Types.ObjectId, required: true },
    organizationId: { type: Schema.Types.ObjectId, required: true },
    expiresAt: { type: Date, required: true },
    usedAt: { type: Date, default: null },
  },
  { timestamps: true },
)
type LinkDoc = InferSchemaType<typeof linkSchema> & { _id: mongoose.Types.ObjectId }
const LinkModel = defineModel('OneTimeLink', () => mongoose.model('OneTimeLink', linkSchema, 'one_time_links'))

export interface OneTimeLink {
  kind: LinkKind
  userId: string
  organizationId: string
  expiresAt: string
}

/** Issues a link token; earlier unused links of the same kind for the user stop working. */
export async function issueLink(kind: LinkKind, userId: string, organizationId: string): Promise<{ token: string; expiresAt: Date }> {
  await LinkModel.updateMany({ userId: oid(userId), kind, usedAt: null }, { $set: { usedAt: new Date() } })
  const token = newSecret()
  const expiresAt = new Date(Date.now() + LINK_TTL_MS[kind])
  await LinkModel.create({ tokenHash: sha256(token), kind, userId: oid(userId), organizationId: oid(organizationId), expiresAt })
  return { token, expiresAt }
}

/** The link behind a token if it is unused and unexpired. */
export async function findLink(token: string): Promise<OneTimeLink | null> {
  const doc = await LinkModel.findOne({ tokenHash: sha256(token), usedAt: null, expiresAt: { $gt: new Date() } }).lean<LinkDoc>()
  return doc
    ? { kind: doc.kind as LinkKind, userId: doc.userId.toString(), organizationId: doc.organizationId.toString(), expiresAt: doc.expiresAt.toISOString() }
    : null
}

/** Marks the link used; false when it is unknown, expired, used, or another request used it first. */
export async function consumeLink(token: string): Promise<boolean> {
  if (!(await findLink(token))) return false
  const tokenHash = sha256(token)
  // a unique claim, not a conditional update: those are not atomic on FerretDB 1.24
  if (!(await claim(`one-time-link:${tokenHash}`))) return false
  await LinkModel.updateOne({ tokenHash }, { $set: { usedAt: new Date() } })
  return true
}
