/**
 * Sign-up requests: an agency asks for an account on the public page, the requester confirms the
 * e-mail address by a one-time link, and a platform operator approves (which creates the
 * organization and invites the requester as its administrator) or declines with a reason.
 *
 * A request is not an organization: nothing in any organization exists until an operator approves.
 * Requests are throttled per address and per e-mail (a public form must not become a mail cannon)
 * and every step is recorded in the platform trail.
 */
import { createHash, randomBytes } from 'node:crypto'
import { Schema } from 'mongoose'
import { z } from 'zod'
import { diff, recordAudit, type AuditInput } from '#models/tenancy/audit.server'
import { claim } from '#models/claims.server'
import { schemaModel, timestampedSchema, type LeanDoc } from '#models/db.server'
import { AppError, bi, fromZod, notFound } from '#models/errors'
import { toObjectId } from '#models/ids'
import { AGENCY_TYPES, OrganizationInputSchema, type Organization } from '#models/tenancy/organization.server'
import {
  createOrganization,
  isOperator,
  PLATFORM_AUDIT_SCOPE,
  type FirstAdministrator,
  type OperatorActor,
} from '#models/tenancy/operator.server'
import { PersonInputSchema } from '#models/tenancy/user.server'
import { clientNetworkKey } from '#models/evidence/web-addresses.server'

export const SIGNUP_STATUSES = ['unconfirmed', 'pending', 'approved', 'declined'] as const
export type SignupStatus = (typeof SIGNUP_STATUSES)[number]

/** How long the e-mail confirmation link works. */
export const CONFIRM_TTL_MS = 24 * 3600_000
/** Requests one network address may make in SIGNUP_WINDOW_MS, and one e-mail address. */
export const SIGNUP_WINDOW_MS = 3600_000
export const SIGNUP_MAX_PER_ADDRESS = 5
export const SIGNUP_MAX_PER_EMAIL = 2

const signupSchema = timestampedSchema({
  nameTh: { type: String, required: true },
  nameEn: { type: String, default: '' },
  agencyType: { type: String, required: true, enum: AGENCY_TYPES },
  itasCode: { type: String, default: '' },
  requesterName: { type: String, required: true },
  email: { type: String, required: true, index: true },
  phone: { type: String, default: '' },
  status: { type: String, enum: SIGNUP_STATUSES, default: 'unconfirmed' },
  confirmTokenHash: { type: String, default: null },
  confirmExpiresAt: { type: Date, default: null },
  confirmedAt: { type: Date, default: null },
  decidedAt: { type: Date, default: null },
  decidedByName: { type: String, default: '' },
  declineReason: { type: String, default: '' },
  organizationId: { type: Schema.Types.ObjectId, default: null },
  ip: { type: String, default: '', index: true },
})
type SignupDoc = LeanDoc<typeof signupSchema>
const SignupModel = schemaModel('SignupRequest', signupSchema, 'signup_requests')

export interface SignupRequest {
  id: string
  nameTh: string
  nameEn: string
  agencyType: (typeof AGENCY_TYPES)[number]
  itasCode: string
  requesterName: string
  email: string
  phone: string
  status: SignupStatus
  createdAt: string
  confirmedAt: string | null
  decidedAt: string | null
  decidedByName: string
  declineReason: string
  organizationId: string | null
}

function toRequest(doc: SignupDoc): SignupRequest {
  return {
    id: doc._id.toString(),
    nameTh: doc.nameTh,
    nameEn: doc.nameEn ?? '',
    agencyType: doc.agencyType as SignupRequest['agencyType'],
    itasCode: doc.itasCode ?? '',
    requesterName: doc.requesterName,
    email: doc.email,
    phone: doc.phone ?? '',
    status: doc.status as SignupStatus,
    createdAt: (doc.createdAt as Date).toISOString(),
    confirmedAt: doc.confirmedAt ? doc.confirmedAt.toISOString() : null,
    decidedAt: doc.decidedAt ? doc.decidedAt.toISOString() : null,
    decidedByName: doc.decidedByName ?? '',
    declineReason: doc.declineReason ?? '',
    organizationId: doc.organizationId ? doc.organizationId.toString() : null,
  }
}

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex')

export const SignupInputSchema = z.object({
  nameTh: OrganizationInputSchema.shape.nameTh,
  nameEn: OrganizationInputSchema.shape.nameEn,
  agencyType: OrganizationInputSchema.shape.agencyType,
  itasCode: z
    .string()
    .trim()
    .max(20, bi('รหัสหน่วยงานในระบบ ITAS: ยาวได้ไม่เกิน 20 ตัวอักษร', 'ITAS agency code: at most 20 characters'))
    .regex(
      /^[0-9A-Za-z-]*$/,
      bi('รหัสหน่วยงานในระบบ ITAS: ใช้ได้เฉพาะตัวเลข ตัวอักษร และ -', 'ITAS agency code: letters, digits and - only'),
    )
    .default(''),
  requesterName: PersonInputSchema.shape.nameTh,
  email: PersonInputSchema.shape.email,
  phone: PersonInputSchema.shape.phone.refine((v) => v.replace(/\D/g, '').length >= 9, {
    message: bi('โทรศัพท์: ต้องมีตัวเลขอย่างน้อย 9 หลัก', 'phone: at least 9 digits'),
  }),
})
export type SignupInput = z.input<typeof SignupInputSchema>

export interface Requester {
  ip: string
  userAgent: string
}

const refuse = (field: string, th: string, en: string, status = 400) =>
  new AppError(bi(th, en), status, { [field]: bi(th, en) })

async function recordPlatform(actor: OperatorActor, event: AuditInput, organizationIds: string[] = []) {
  for (const organizationId of [PLATFORM_AUDIT_SCOPE, ...organizationIds])
    await recordAudit({ ...actor, organizationId }, event)
}

/**
 * Records a request and returns the confirmation token for the caller to mail (never shown on the
 * page: only the owner of the address may confirm). Refused with 429 when the address or the e-mail
 * asked too often in the last hour; nothing is saved then.
 */
export async function requestSignup(
  input: SignupInput | Record<string, unknown>,
  requester: Requester,
  now = new Date(),
): Promise<{ request: SignupRequest; token: string; expiresAt: Date }> {
  const parsed = SignupInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const data = parsed.data
  const token = randomBytes(32).toString('base64url')
  const expiresAt = new Date(now.getTime() + CONFIRM_TTL_MS)
  // an IPv6 client holds a whole /64: counted per network, not per address it can rotate through
  const network = requester.ip ? clientNetworkKey(requester.ip) : ''
  // written first, then counted: requests sent at once each see the others, so a burst cannot pass the limits together
  const doc = await SignupModel.create({
    ...data,
    ip: network,
    confirmTokenHash: sha256(token),
    confirmExpiresAt: expiresAt,
  })
  const others = { createdAt: { $gt: new Date(now.getTime() - SIGNUP_WINDOW_MS) }, _id: { $ne: doc._id } }
  const [byAddress, byEmail] = await Promise.all([
    network ? SignupModel.countDocuments({ ...others, ip: network }) : 0,
    SignupModel.countDocuments({ ...others, email: data.email }),
  ])
  if (byAddress >= SIGNUP_MAX_PER_ADDRESS || byEmail >= SIGNUP_MAX_PER_EMAIL) {
    await SignupModel.deleteOne({ _id: doc._id })
    throw new AppError(
      bi(
        'ส่งคำขอบ่อยเกินไป กรุณาลองใหม่ในอีกหนึ่งชั่วโมง',
        'too many requests from this address or e-mail; please try again in an hour',
      ),
      429,
    )
  }
  const request = toRequest(doc.toObject() as SignupDoc)
  await recordPlatform(
    { userId: null, userName: data.email, ip: requester.ip, userAgent: requester.userAgent },
    {
      action: 'signup.request',
      targetType: 'signup',
      targetId: request.id,
      targetLabel: request.nameTh,
      changes: diff(null, { nameTh: request.nameTh, agencyType: request.agencyType, email: request.email }),
    },
  )
  return { request, token, expiresAt }
}

/**
 * The requester opened the confirmation link: the request goes to the operators' queue. Used,
 * expired and unknown links all answer the same 404, so a link cannot be probed.
 */
export async function confirmSignup(token: string, requester: Requester, now = new Date()): Promise<SignupRequest> {
  const doc = token ? await SignupModel.findOne({ confirmTokenHash: sha256(token) }).lean<SignupDoc>() : null
  if (!doc || doc.status !== 'unconfirmed' || !doc.confirmExpiresAt || doc.confirmExpiresAt <= now) throw unusable()
  // one confirmation only, even for presses sent at once (a unique claim: conditional updates are not atomic here)
  if (!(await claim(`signup-confirm:${doc._id.toHexString()}`))) throw unusable()
  await SignupModel.updateOne(
    { _id: doc._id },
    { $set: { status: 'pending', confirmedAt: now, confirmTokenHash: null, confirmExpiresAt: null } },
  )
  await recordPlatform(
    { userId: null, userName: doc.email, ip: requester.ip, userAgent: requester.userAgent },
    {
      action: 'signup.confirm',
      targetType: 'signup',
      targetId: doc._id.toString(),
      targetLabel: doc.nameTh,
      changes: diff({ status: 'unconfirmed' }, { status: 'pending' }),
    },
  )
  return toRequest({ ...doc, status: 'pending', confirmedAt: now })
}

const unusable = () =>
  new AppError(bi('ลิงก์ยืนยันไม่ถูกต้อง ใช้ไปแล้ว หรือหมดอายุ', 'this confirmation link is unknown, used or expired'), 404)

async function requireOperatorActor(actor: OperatorActor): Promise<void> {
  if (!actor.userId || !(await isOperator(actor.userId)))
    throw new AppError(bi('ไม่มีสิทธิ์ดำเนินการนี้', 'you may not do this'), 403)
}

/** Requests for the operators: waiting ones first (oldest first), then the decided ones, newest first. */
export async function listSignupRequests(actor: OperatorActor): Promise<SignupRequest[]> {
  await requireOperatorActor(actor)
  const docs = await SignupModel.find({}).sort({ createdAt: -1 }).limit(500).lean<SignupDoc[]>()
  const all = docs.map(toRequest)
  const waiting = all.filter((r) => r.status === 'pending').reverse()
  return [...waiting, ...all.filter((r) => r.status !== 'pending')]
}

async function pendingRequest(id: string): Promise<SignupDoc> {
  const _id = toObjectId(id)
  const doc = _id ? await SignupModel.findById(_id).lean<SignupDoc>() : null
  if (!doc) throw notFound()
  if (doc.status !== 'pending')
    throw refuse(
      'form',
      doc.status === 'unconfirmed' ? 'คำขอนี้ยังไม่ได้ยืนยันอีเมล' : 'คำขอนี้พิจารณาไปแล้ว',
      doc.status === 'unconfirmed'
        ? 'this request has not confirmed its e-mail yet'
        : 'this request was decided already',
      409,
    )
  return doc
}

/**
 * Approves a confirmed request: creates the organization with the short code the operator chose and
 * invites the requester as its first administrator (the caller mails the link). Any refusal of the
 * organization's creation (a taken code, a bad code) leaves the request pending.
 */
export async function approveSignup(
  actor: OperatorActor,
  id: string,
  input: { code: string },
): Promise<{ request: SignupRequest; organization: Organization; admin: FirstAdministrator }> {
  await requireOperatorActor(actor)
  const doc = await pendingRequest(id)
  const { organization, admin } = await createOrganization(actor, {
    code: input.code,
    nameTh: doc.nameTh,
    nameEn: doc.nameEn ?? '',
    agencyType: doc.agencyType as SignupRequest['agencyType'],
    adminEmail: doc.email,
    adminName: doc.requesterName,
  })
  const now = new Date()
  await SignupModel.updateOne(
    { _id: doc._id },
    { $set: { status: 'approved', decidedAt: now, decidedByName: actor.userName, organizationId: organization.id } },
  )
  await recordPlatform(
    actor,
    {
      action: 'signup.approve',
      targetType: 'signup',
      targetId: doc._id.toString(),
      targetLabel: doc.nameTh,
      changes: diff({ status: 'pending' }, { status: 'approved', organization: organization.code }),
    },
    [organization.id],
  )
  const request = toRequest({ ...doc, status: 'approved', decidedAt: now, decidedByName: actor.userName })
  return { request: { ...request, organizationId: organization.id }, organization, admin: admin! }
}

const ReasonSchema = z
  .string()
  .trim()
  .min(10, bi('เหตุผล: กรุณาระบุอย่างน้อย 10 ตัวอักษร', 'reason: at least 10 characters'))
  .max(1000, bi('เหตุผล: ยาวได้ไม่เกิน 1000 ตัวอักษร', 'reason: at most 1000 characters'))

/** Declines a confirmed request with a reason the requester is told (the caller mails it). */
export async function declineSignup(actor: OperatorActor, id: string, reason: string): Promise<SignupRequest> {
  await requireOperatorActor(actor)
  const parsed = ReasonSchema.safeParse(reason)
  if (!parsed.success) {
    const message = parsed.error.issues[0].message
    throw new AppError(message, 400, { reason: message })
  }
  const doc = await pendingRequest(id)
  const now = new Date()
  await SignupModel.updateOne(
    { _id: doc._id },
    { $set: { status: 'declined', decidedAt: now, decidedByName: actor.userName, declineReason: parsed.data } },
  )
  await recordPlatform(actor, {
    action: 'signup.decline',
    targetType: 'signup',
    targetId: doc._id.toString(),
    targetLabel: doc.nameTh,
    changes: diff({ status: 'pending' }, { status: 'declined', reason: parsed.data }),
  })
  return toRequest({
    ...doc,
    status: 'declined',
    decidedAt: now,
    decidedByName: actor.userName,
    declineReason: parsed.data,
  })
}
