/**
 * Server-side sessions, sign-in throttling and one-time links (invitations, password resets).
 * Only hashes of secrets are stored: a copy of the database does not let anyone sign in.
 */
import { createHash, randomBytes } from 'node:crypto'
import { Schema } from 'mongoose'
import { claim } from '#models/claims.server'
import { type LeanDoc, schemaModel, stampWrites, timestampedSchema } from '#models/db.server'
import { oid, toObjectId } from '#models/ids'
import { clientNetworkKey } from '#models/evidence/web-addresses.server'

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')
const newSecret = () => randomBytes(32).toString('base64url')

export const SESSION_TTL_MS = 12 * 3600_000
export const THROTTLE_WINDOW_MS = 15 * 60_000
export const THROTTLE_MAX_FAILURES = 5

/**
 * The stamp of what a session check reads: sessions, people, memberships, platform operators and organizations. Each
 * instance keeps the signed-in state under it (app/utils/session.server.ts); any write of those changes it.
 */
export const ACCESS_STAMP = 'access'
/** Registers the access stamp's change after every write of this schema (call before its model is made). */
export const stampAccessWrites = (schema: Schema, options?: { inserts?: boolean }) =>
  stampWrites(schema, () => [ACCESS_STAMP], options)

const sessionSchema = timestampedSchema({
  tokenHash: { type: String, required: true, unique: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  organizationId: { type: Schema.Types.ObjectId, default: null },
  expiresAt: { type: Date, required: true },
  ip: { type: String, default: '' },
  userAgent: { type: String, default: '' },
})
type SessionDoc = LeanDoc<typeof sessionSchema>
// a new session changes nothing another instance keeps (its token is new); ending or moving one does
stampAccessWrites(sessionSchema, { inserts: false })
const SessionModel = schemaModel('Session', sessionSchema)

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
  const doc = await SessionModel.findOne({
    tokenHash: sha256(token),
    expiresAt: { $gt: new Date() },
  }).lean<SessionDoc>()
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

// --- throttling: 5 failed attempts for one account, or many for one address, within 15 minutes ---
//
// An attempt is written down before its password is checked, then counted: of several attempts
// sent at once only the first few find room, so the limit holds under concurrency (a check made
// first and a failure written afterwards let 19 wrong guesses at once all be checked). A refused
// attempt removes its own record; a successful one removes only its own too, so the failures of
// the window keep counting until they leave it.

/** Failed sign-ins one address may make in the window when the caller does not say (see config). */
export const THROTTLE_MAX_FAILURES_PER_ADDRESS = 50

const failureSchema = new Schema(
  {
    email: { type: String, required: true, index: true },
    ip: { type: String, default: '', index: true },
    at: { type: Date, required: true },
  },
  { versionKey: false },
)
const FailureModel = schemaModel('LoginFailure', failureSchema, 'login_failures')

const normalEmail = (email: string) => email.trim().toLowerCase()

/** How long until fewer than `max` of these attempts remain in the window. */
function waitFor(recent: { at: Date }[], max: number, now: Date): number {
  if (recent.length < max) return 0
  // the window reopens when the oldest of the last `max` attempts leaves it
  const oldest = recent[recent.length - max].at
  return Math.max(0, oldest.getTime() + THROTTLE_WINDOW_MS - now.getTime())
}

/** Milliseconds until this account may try again, or 0 when it may try now. */
export async function signInWaitMs(email: string, now = new Date()): Promise<number> {
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS)
  const recent = await FailureModel.find({ email: normalEmail(email), at: { $gt: since } })
    .sort({ at: 1 })
    .lean<{ at: Date }[]>()
  return waitFor(recent, THROTTLE_MAX_FAILURES, now)
}

export interface SignInAttempt {
  /** 0 when the password may be checked; otherwise how long to wait, and nothing is counted. */
  waitMs: number
  /** Pass to signInSucceeded when the password was right. */
  attemptId: string | null
}

/**
 * Counts a sign-in attempt before its password is checked. The attempt stays counted as a failure
 * unless signInSucceeded is called with its id.
 */
export async function beginSignInAttempt(
  email: string,
  ip: string,
  limits: { perAddress?: number } = {},
  now = new Date(),
): Promise<SignInAttempt> {
  // an IPv6 client holds a whole /64: counted per network, not per address it can rotate through
  const address = clientNetworkKey(ip)
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS)
  const doc = await FailureModel.create({ email: normalEmail(email), ip: address, at: now })
  // every attempt written before this one's read is counted, whether finished or still running
  const others = { at: { $gt: since }, _id: { $ne: doc._id } }
  const [byAccount, byAddress] = await Promise.all([
    FailureModel.find({ ...others, email: normalEmail(email) })
      .sort({ at: 1 })
      .select({ at: 1 })
      .lean<{ at: Date }[]>(),
    address
      ? FailureModel.find({ ...others, ip: address })
          .sort({ at: 1 })
          .select({ at: 1 })
          .lean<{ at: Date }[]>()
      : Promise.resolve([]),
  ])
  const waitMs = Math.max(
    waitFor(byAccount, THROTTLE_MAX_FAILURES, now),
    waitFor(byAddress, limits.perAddress ?? THROTTLE_MAX_FAILURES_PER_ADDRESS, now),
  )
  if (waitMs > 0) {
    await FailureModel.deleteOne({ _id: doc._id })
    return { waitMs, attemptId: null }
  }
  // keep the collection small without relying on TTL indexes
  await FailureModel.deleteMany({ at: { $lt: new Date(now.getTime() - THROTTLE_WINDOW_MS * 4) } })
  return { waitMs: 0, attemptId: doc._id.toString() }
}

/** The password was right: this attempt is not a failure. */
export async function signInSucceeded(attemptId: string): Promise<void> {
  const id = toObjectId(attemptId)
  if (id) await FailureModel.deleteOne({ _id: id })
}

/** Records a failure without an attempt (tests and tools). */
export async function recordSignInFailure(email: string, ip = ''): Promise<void> {
  await FailureModel.create({ email: normalEmail(email), ip: clientNetworkKey(ip), at: new Date() })
}

/** Forgets an account's failures (its owner proved the e-mail by setting a password through a link). */
export async function clearSignInFailures(email: string): Promise<void> {
  await FailureModel.deleteMany({ email: normalEmail(email) })
}

// --- one-time links ---

export type LinkKind = 'invite' | 'reset'
export const LINK_TTL_MS: Record<LinkKind, number> = { invite: 7 * 24 * 3600_000, reset: 2 * 3600_000 }

const linkSchema = timestampedSchema({
  tokenHash: { type: String, required: true, unique: true },
  kind: { type: String, enum: ['invite', 'reset'], required: true },
  userId: { type: Schema.Types.ObjectId, required: true },
  organizationId: { type: Schema.Types.ObjectId, required: true },
  expiresAt: { type: Date, required: true },
  usedAt: { type: Date, default: null },
  // who issued it: the person themselves through the forgot-password form ('self-service'), or
  // an administrator (their user and organization). Decisions use these, never the name; links
  // stored before they existed count as an administrator's.
  issuedBy: { type: String, enum: ['self-service', 'admin'], default: 'admin' },
  issuedById: { type: Schema.Types.ObjectId, default: null },
  issuedByOrganizationId: { type: Schema.Types.ObjectId, default: null },
  // the issuer's name as it was, for the password-set audit event only
  issuedByName: { type: String, default: '' },
})
type LinkDoc = LeanDoc<typeof linkSchema>
const LinkModel = schemaModel('OneTimeLink', linkSchema, 'one_time_links')

/**
 * Who issued a link: the forgot-password form, which mails it to the person's own address, or an
 * administrator of an organization, who may have kept a copy.
 */
export type LinkIssuer =
  | { by: 'self-service'; name: string }
  | { by: 'admin'; userId: string | null; organizationId: string | null; name: string }

export interface OneTimeLink {
  kind: LinkKind
  userId: string
  organizationId: string
  expiresAt: string
  issuer: LinkIssuer
  /** The issuer's name as it was when issued (for the audit trail; decides nothing). */
  issuedByName: string
}

/**
 * Issues a link token; earlier unused links of the same kind for the user stop working. A bare
 * name as issuer stands for an administrator's link.
 */
export async function issueLink(
  kind: LinkKind,
  userId: string,
  organizationId: string,
  issuer: LinkIssuer | string = '',
): Promise<{ token: string; expiresAt: Date }> {
  const by: LinkIssuer =
    typeof issuer === 'string' ? { by: 'admin', userId: null, organizationId: null, name: issuer } : issuer
  await LinkModel.updateMany({ userId: oid(userId), kind, usedAt: null }, { $set: { usedAt: new Date() } })
  const token = newSecret()
  const expiresAt = new Date(Date.now() + LINK_TTL_MS[kind])
  await LinkModel.create({
    tokenHash: sha256(token),
    kind,
    userId: oid(userId),
    organizationId: oid(organizationId),
    expiresAt,
    issuedBy: by.by,
    issuedById: by.by === 'admin' && by.userId ? toObjectId(by.userId) : null,
    issuedByOrganizationId: by.by === 'admin' && by.organizationId ? toObjectId(by.organizationId) : null,
    issuedByName: by.name,
  })
  return { token, expiresAt }
}

/**
 * Every unused link of the person stops working (they joined an organization, set a password, or their e-mail changed).
 */
export async function revokeLinksOf(userId: string): Promise<number> {
  const id = toObjectId(userId)
  if (!id) return 0
  const r = await LinkModel.updateMany({ userId: id, usedAt: null }, { $set: { usedAt: new Date() } })
  return r.modifiedCount ?? 0
}

function issuerOf(doc: LinkDoc): LinkIssuer {
  const name = doc.issuedByName ?? ''
  return doc.issuedBy === 'self-service'
    ? { by: 'self-service', name }
    : {
        by: 'admin',
        userId: doc.issuedById ? doc.issuedById.toString() : null,
        organizationId: doc.issuedByOrganizationId ? doc.issuedByOrganizationId.toString() : null,
        name,
      }
}

/** The link behind a token if it is unused and unexpired. */
export async function findLink(token: string): Promise<OneTimeLink | null> {
  const doc = await LinkModel.findOne({
    tokenHash: sha256(token),
    usedAt: null,
    expiresAt: { $gt: new Date() },
  }).lean<LinkDoc>()
  return doc
    ? {
        kind: doc.kind as LinkKind,
        userId: doc.userId.toString(),
        organizationId: doc.organizationId.toString(),
        expiresAt: doc.expiresAt.toISOString(),
        issuer: issuerOf(doc),
        issuedByName: doc.issuedByName ?? '',
      }
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
