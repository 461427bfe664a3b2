/**
 * People and their memberships. A user (one e-mail) may belong to several organizations, with
 * one role and optional units in each. Passwords are hashed with argon2id.
 *
 * A person who already exists joins another organization only by accepting its invitation while
 * signed in as themselves: until then the membership is pending (not active, grants nothing).
 * An organization changes the e-mail or name of a person, or hands out a password link for them,
 * only when every membership of that person is its own: otherwise its administrator could take
 * over an account that another organization relies on.
 */
import { hash, verify } from '@node-rs/argon2'
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { diff, fieldsOf, recordAudit, type Actor, type AuditInput } from '#models/tenancy/audit.server'
import {
  ACCESS_STAMP,
  issueLink,
  revokeLinksOf,
  stampAccessWrites,
  type LinkIssuer,
  type LinkKind,
} from '#models/tenancy/auth.server'
import { keptReads, type LeanDoc, schemaModel, timestampedSchema } from '#models/db.server'
import { AppError, bi, fromZod, notFound } from '#models/errors'
import { oid, toObjectId } from '#models/ids'
import { getOrganizationsByIds } from '#models/tenancy/organization.server'
import { passwordProblem, PASSWORD_MAX } from '#models/tenancy/password-policy'
import { ROLES, type MembershipGrant, type Role } from '#models/tenancy/permissions'
import { filterUnitIds } from '#models/tenancy/unit.server'
import { compareThai } from '#models/order'

const userSchema = timestampedSchema({
  email: { type: String, required: true, unique: true, lowercase: true, trim: true },
  nameTh: { type: String, required: true },
  nameEn: { type: String, default: '' },
  position: { type: String, default: '' },
  phone: { type: String, default: '' },
  passwordHash: { type: String, default: null },
})
type UserDoc = LeanDoc<typeof userSchema>
stampAccessWrites(userSchema)
const UserModel = schemaModel('User', userSchema)

const membershipSchema = timestampedSchema({
  organizationId: { type: Schema.Types.ObjectId, required: true },
  userId: { type: Schema.Types.ObjectId, required: true, index: true },
  role: { type: String, enum: ROLES, required: true },
  unitIds: { type: [Schema.Types.ObjectId], default: [] },
  active: { type: Boolean, default: true },
  // an invitation to a person who already exists: inactive until they accept it themselves
  pending: { type: Boolean, default: false },
  invitedByName: { type: String, default: '' },
  // what the inviting administrator typed: all the inviting organization sees of the person
  // until they accept (their own profile belongs to the organizations they are a member of)
  invitedAs: {
    type: new Schema({ nameTh: String, nameEn: String, position: String, phone: String }, { _id: false }),
    default: null,
  },
})
membershipSchema.index({ organizationId: 1, userId: 1 }, { unique: true })
type MembershipDoc = LeanDoc<typeof membershipSchema>
stampAccessWrites(membershipSchema)
const MembershipModel = schemaModel('Membership', membershipSchema)

export interface User {
  id: string
  email: string
  nameTh: string
  nameEn: string
  position: string
  phone: string
  hasPassword: boolean
}

export interface Membership extends MembershipGrant {
  id: string
  userId: string
  /** Invited, not yet accepted by the person: not a member, `active` is false. */
  pending: boolean
}

export interface Person extends User {
  membership: Membership
}

function toUser(doc: UserDoc): User {
  return {
    id: doc._id.toString(),
    email: doc.email,
    nameTh: doc.nameTh,
    nameEn: doc.nameEn ?? '',
    position: doc.position ?? '',
    phone: doc.phone ?? '',
    hasPassword: Boolean(doc.passwordHash),
  }
}

function toMembership(doc: MembershipDoc): Membership {
  return {
    id: doc._id.toString(),
    userId: doc.userId.toString(),
    organizationId: doc.organizationId.toString(),
    role: doc.role as Role,
    unitIds: (doc.unitIds ?? []).map((u) => u.toString()),
    active: doc.active && !doc.pending,
    pending: Boolean(doc.pending),
  }
}

const text = (label: [string, string], max: number) =>
  z
    .string()
    .trim()
    .max(max, bi(`${label[0]}: ยาวได้ไม่เกิน ${max} ตัวอักษร`, `${label[1]}: at most ${max} characters`))

export const PersonInputSchema = z.object({
  email: z
    .string({ required_error: bi('อีเมล: จำเป็นต้องกรอก', 'email: required') })
    .trim()
    .toLowerCase()
    .min(1, bi('อีเมล: จำเป็นต้องกรอก', 'email: required'))
    .max(254, bi('อีเมล: ยาวได้ไม่เกิน 254 ตัวอักษร', 'email: at most 254 characters'))
    .email(bi('อีเมล: รูปแบบไม่ถูกต้อง', 'email: not a valid address')),
  nameTh: text(['ชื่อ-สกุล (ไทย)', 'Thai name'], 200).min(1, bi('ชื่อ-สกุล (ไทย): จำเป็นต้องกรอก', 'Thai name: required')),
  nameEn: text(['ชื่อ-สกุล (อังกฤษ)', 'English name'], 200).default(''),
  position: text(['ตำแหน่ง', 'position'], 200).default(''),
  phone: z
    .string()
    .trim()
    .max(40, bi('โทรศัพท์: ยาวได้ไม่เกิน 40 ตัวอักษร', 'phone: at most 40 characters'))
    .regex(/^[0-9+\-() ,#ext.]*$/i, bi('โทรศัพท์: ใช้ได้เฉพาะตัวเลขและ + - ( ) ,', 'phone: digits and + - ( ) , only'))
    .default(''),
  role: z.enum(ROLES, { message: bi('บทบาท: ไม่รู้จักบทบาทนี้', 'role: unknown role') }),
  unitIds: z.array(z.string()).default([]),
})
export type PersonInput = z.input<typeof PersonInputSchema>

export const MembershipInputSchema = PersonInputSchema.pick({ role: true, unitIds: true })

export const hashPassword = (password: string) => hash(password) // @node-rs/argon2 defaults to argon2id

// verified against when the e-mail is unknown, so both answers take the same time
let dummyHash: Promise<string> | undefined

/** The user whose password matches, or null. Takes as long for an unknown e-mail as for a known one. */
export async function verifyPassword(email: string, password: string): Promise<User | null> {
  const doc = await UserModel.findOne({ email: email.trim().toLowerCase() }).lean<UserDoc>()
  dummyHash ??= hashPassword('not-a-real-password-for-timing')
  const stored = doc?.passwordHash ?? (await dummyHash)
  const ok = await verify(stored, password).catch(() => false)
  return ok && doc?.passwordHash ? toUser(doc) : null
}

export async function getUserById(userId: string): Promise<User | null> {
  const id = toObjectId(userId)
  if (!id) return null
  const doc = await UserModel.findById(id).lean<UserDoc>()
  return doc ? toUser(doc) : null
}

export async function getUserByEmail(email: string): Promise<User | null> {
  const doc = await UserModel.findOne({ email: email.trim().toLowerCase() }).lean<UserDoc>()
  return doc ? toUser(doc) : null
}

/**
 * A person with no membership (a platform operator, models/tenancy/operator.server.ts): the caller
 * audits it and hands out the password link.
 */
export async function createAccount(input: { email: string; nameTh: string }): Promise<User> {
  const doc = await UserModel.create({ email: input.email, nameTh: input.nameTh })
  return toUser(doc.toObject() as UserDoc)
}

/** Every organization where the person has a membership: active, deactivated, and pending unless `accepted`. */
async function organizationsOf(userId: string, which: 'all' | 'accepted' = 'all'): Promise<string[]> {
  const uid = toObjectId(userId)
  if (!uid) return []
  const filter = which === 'accepted' ? { userId: uid, pending: { $ne: true } } : { userId: uid }
  const docs = await MembershipModel.find(filter)
    .select({ organizationId: 1 })
    .lean<{ organizationId: mongoose.Types.ObjectId }[]>()
  return [...new Set(docs.map((d) => d.organizationId.toString()))]
}

/**
 * True when every membership of the person (active or deactivated) belongs to this organization.
 * Pending invitations do not count: inviting someone must not take their home organization's
 * care of them away (and invitations are cancelled when that care is used, see cancelInvitationsOf).
 */
export async function onlyMemberOf(organizationId: string, userId: string): Promise<boolean> {
  if (!toObjectId(userId)) return false
  return (await organizationsOf(userId, 'accepted')).every((o) => o === organizationId)
}

/**
 * Cancels the person's pending invitations from other organizations, recorded in each of them:
 * after their home organization changed their e-mail or one of its administrators' links set
 * their password, someone other than the person may be signed in as them, and must not be able to
 * accept on their behalf. They can be invited again.
 */
async function cancelInvitationsOf(actor: Actor, userId: string, reason: [string, string]): Promise<void> {
  const uid = toObjectId(userId)
  if (!uid) return
  const pending = await MembershipModel.find({
    userId: uid,
    pending: true,
    organizationId: { $ne: oid(actor.organizationId) },
  }).lean<MembershipDoc[]>()
  const user = await getUserById(userId)
  for (const invitation of pending) {
    const removed = await MembershipModel.deleteOne({ _id: invitation._id, pending: true })
    if (!removed.deletedCount) continue
    await recordAudit(
      { ...actor, organizationId: invitation.organizationId.toString() },
      {
        action: 'person.invite-cancel',
        targetType: 'person',
        targetId: userId,
        targetLabel: user?.email ?? '',
        changes: { pending: { before: true, after: null }, reason: { before: null, after: bi(...reason) } },
      },
    )
  }
}

/**
 * Records an event about a person in the actor's organization and in every other organization
 * the person belongs to (an organization that only invited them learns nothing of their account).
 */
async function auditInEveryOrganization(actor: Actor, userId: string, event: AuditInput): Promise<void> {
  const others = (await organizationsOf(userId, 'accepted')).filter((o) => o !== actor.organizationId)
  for (const organizationId of [actor.organizationId, ...others]) await recordAudit({ ...actor, organizationId }, event)
}

/** What a new password must not be built from: the person's e-mail and names, their organizations' codes. */
async function passwordContext(userId: string) {
  const user = await getUserById(userId)
  const organizations = await getOrganizationsByIds(await organizationsOf(userId))
  return {
    email: user?.email,
    names: [user?.nameTh ?? '', user?.nameEn ?? ''],
    organizationCodes: organizations.map((o) => o.code),
  }
}

/** The refusal of a new password for this person (field and rule), or null. */
export async function newPasswordProblem(userId: string, password: string): Promise<string | null> {
  if (typeof password !== 'string' || password.length > PASSWORD_MAX) return passwordProblem(password)
  return passwordProblem(password, await passwordContext(userId))
}

/**
 * Sets a user's password (invitation accepted, reset, seeds). `via` names the link used and who
 * issued it. Recorded in every organization of the person: all of them rely on this account.
 * Every other unused link of the person stops working; a link an administrator issued also
 * cancels the person's pending invitations elsewhere (that administrator may be the one signing in).
 */
export async function setPassword(
  actor: Actor,
  userId: string,
  password: string,
  via?: { kind: LinkKind; issuedByName: string; issuer: LinkIssuer },
): Promise<void> {
  const problem = await newPasswordProblem(userId, password)
  if (problem) throw new AppError(problem, 400, { password: problem })
  const user = await getUserById(userId)
  if (!user) throw notFound()
  await UserModel.updateOne({ _id: oid(userId) }, { $set: { passwordHash: await hashPassword(password) } })
  await revokeLinksOf(userId)
  if (via?.issuer.by === 'admin') {
    await cancelInvitationsOf({ ...actor, organizationId: via.issuer.organizationId ?? actor.organizationId }, userId, [
      'รหัสผ่านถูกตั้งผ่านลิงก์ที่ผู้ดูแลระบบของหน่วยงานต้นสังกัดออกให้ กรุณาเชิญใหม่',
      'the password was set through a link an administrator of their organization issued; invite them again',
    ])
  }
  await auditInEveryOrganization(actor, userId, {
    action: 'person.password-set',
    targetType: 'person',
    targetId: userId,
    targetLabel: user.email,
    changes: via ? { link: { before: null, after: `${via.kind} · ${via.issuedByName || '?'}` } } : {},
  })
}

const notOnlyHere = (field: string) =>
  new AppError(
    bi(
      `${field === 'password' ? 'ลิงก์รหัสผ่าน' : 'อีเมลและชื่อ'}: บุคคลนี้เป็นสมาชิกของหน่วยงานอื่นด้วย ` +
        `จึงเปลี่ยนได้เฉพาะเจ้าตัว (เช่น ผ่าน "ลืมรหัสผ่าน")`,
      `${field === 'password' ? 'password link' : 'e-mail and name'}: this person also belongs to another ` +
        `organization, so only they can change this (e.g. through "forgot password")`,
    ),
    409,
    {
      [field]: bi(
        'บุคคลนี้เป็นสมาชิกของหน่วยงานอื่นด้วย เปลี่ยนได้เฉพาะเจ้าตัว',
        'this person also belongs to another organization: only they can change this',
      ),
    },
  )

/**
 * Issues an invitation or password reset link for a person of the actor's organization, recorded
 * with the issuer as actor. Refused for a person who also belongs to another organization (or is
 * invited there): the link sets their password, that is, it signs in as them everywhere.
 */
export async function issuePasswordLink(
  actor: Actor,
  kind: LinkKind,
  userId: string,
): Promise<{ person: Person; token: string; expiresAt: Date }> {
  const person = await getPerson(actor.organizationId, userId)
  if (!person) throw notFound()
  // an invitation first: the answer must not tell the inviter that the person belongs elsewhere
  if (person.membership.pending) throw notYetAccepted()
  if (!(await onlyMemberOf(actor.organizationId, userId))) throw notOnlyHere('password')
  if (kind === 'invite' && person.hasPassword) {
    const message = bi(
      'ลิงก์เชิญ: บุคคลนี้ตั้งรหัสผ่านแล้ว ใช้ "ลิงก์ตั้งรหัสผ่านใหม่" แทน',
      'invitation link: this person already has a password; use a password reset link instead',
    )
    throw new AppError(message, 409, { intent: message })
  }
  const { token, expiresAt } = await issueLink(kind, userId, actor.organizationId, {
    by: 'admin',
    userId: actor.userId,
    organizationId: actor.organizationId,
    name: actor.userName,
  })
  await auditInEveryOrganization(actor, userId, {
    action: kind === 'invite' ? 'person.invite-link' : 'person.reset-link',
    targetType: 'person',
    targetId: userId,
    targetLabel: person.email,
    changes: { expiresAt: { before: null, after: expiresAt.toISOString() } },
  })
  return { person, token, expiresAt }
}

const FORGOT_FORM = bi('แบบฟอร์มลืมรหัสผ่าน', 'forgot-password form')

/**
 * Whether a link may still set the password when it is used. A link an administrator issued stops
 * working once the person also belongs elsewhere: that administrator may have kept it. A link the
 * forgot-password form mailed to the person's own address keeps working. Decided on the stored
 * kind of issuer, never on a name (an administrator can call themselves anything).
 */
export async function linkMaySetPassword(link: {
  userId: string
  organizationId: string
  issuer: LinkIssuer
}): Promise<boolean> {
  if (link.issuer.by === 'self-service') return true
  if (link.issuer.organizationId && link.issuer.organizationId !== link.organizationId) return false
  return onlyMemberOf(link.organizationId, link.userId)
}

/**
 * The forgot-password form: a reset link for whoever holds this e-mail, audited in every organization of the person.
 */
export async function requestPasswordReset(
  email: string,
  from: { ip?: string; userAgent?: string } = {},
): Promise<{ user: User; token: string; expiresAt: Date } | null> {
  const user = await getUserByEmail(email)
  const membership = user ? (await listMembershipsOfUser(user.id)).find((m) => m.active) : undefined
  if (!user || !membership) return null
  const issuer = FORGOT_FORM
  const { token, expiresAt } = await issueLink('reset', user.id, membership.organizationId, {
    by: 'self-service',
    name: issuer,
  })
  const actor: Actor = {
    organizationId: membership.organizationId,
    userId: null,
    userName: issuer,
    ip: from.ip,
    userAgent: from.userAgent,
  }
  await auditInEveryOrganization(actor, user.id, {
    action: 'person.reset-link',
    targetType: 'person',
    targetId: user.id,
    targetLabel: user.email,
    changes: { expiresAt: { before: null, after: expiresAt.toISOString() } },
  })
  return { user, token, expiresAt }
}

/** Every membership of a user, active or not (for the organization switcher). */
export async function listMembershipsOfUser(userId: string): Promise<Membership[]> {
  const docs = await MembershipModel.find({ userId: oid(userId) }).lean<MembershipDoc[]>()
  return docs.map(toMembership)
}

export async function getMembership(organizationId: string, userId: string): Promise<Membership | null> {
  const uid = toObjectId(userId)
  const orgId = toObjectId(organizationId)
  if (!uid || !orgId) return null
  const doc = await MembershipModel.findOne({ organizationId: orgId, userId: uid }).lean<MembershipDoc>()
  return doc ? toMembership(doc) : null
}

/**
 * The person as this membership's organization sees them. Until an invitation is accepted, the
 * inviting organization sees the e-mail and what its administrator typed, nothing of the person's
 * own profile (kept by the organizations they belong to), not even whether they have a password.
 */
function personOf(user: User, m: MembershipDoc): Person {
  const membership = toMembership(m)
  if (!membership.pending) return { ...user, membership }
  const typed = m.invitedAs
  return {
    id: user.id,
    email: user.email,
    hasPassword: false,
    membership,
    nameTh: typed?.nameTh || user.email,
    nameEn: typed?.nameEn ?? '',
    position: typed?.position ?? '',
    phone: typed?.phone ?? '',
  }
}

/** Everyone with a membership in the organization, sorted by Thai name. */
export async function listPeople(organizationId: string): Promise<Person[]> {
  return keptPeople([ACCESS_STAMP], organizationId, async () => {
    const memberships = await MembershipModel.find({ organizationId: oid(organizationId) }).lean<MembershipDoc[]>()
    const users = await UserModel.find({ _id: { $in: memberships.map((m) => m.userId) } }).lean<UserDoc[]>()
    const byId = new Map(users.map((u) => [u._id.toString(), toUser(u)]))
    return memberships
      .flatMap((m) => {
        const user = byId.get(m.userId.toString())
        return user ? [personOf(user, m)] : []
      })
      .sort((a, b) => compareThai(a.nameTh, b.nameTh))
  })
}
// the completeness matrix and the reports name owners on every load; people change under the access stamp
const keptPeople = keptReads(1000)

/** One person of the organization; null when they have no membership there (so the route answers 404). */
export async function getPerson(organizationId: string, userId: string): Promise<Person | null> {
  const uid = toObjectId(userId)
  const orgId = toObjectId(organizationId)
  if (!uid || !orgId) return null
  const doc = await MembershipModel.findOne({ organizationId: orgId, userId: uid }).lean<MembershipDoc>()
  if (!doc) return null
  const user = await getUserById(userId)
  return user ? personOf(user, doc) : null
}

const personSnapshot = (p: Person) => ({
  email: p.email,
  nameTh: p.nameTh,
  nameEn: p.nameEn,
  position: p.position,
  phone: p.phone,
  role: p.membership.role,
  unitIds: p.membership.unitIds,
  active: p.membership.active,
})

async function checkUnits(organizationId: string, unitIds: string[]): Promise<string[]> {
  const unique = [...new Set(unitIds.filter(Boolean))]
  const valid = await filterUnitIds(organizationId, unique)
  if (valid.length !== unique.length) {
    throw new AppError(
      bi('หน่วยงานย่อย: มีหน่วยที่ไม่อยู่ในหน่วยงานนี้หรือยกเลิกแล้ว', 'units: a unit is not in this organization or is retired'),
      400,
      {
        unitIds: bi('มีหน่วยที่ไม่อยู่ในหน่วยงานนี้หรือยกเลิกแล้ว', 'a unit is not in this organization or is retired'),
      },
    )
  }
  return valid
}

const profileSnapshot = (p: User) => fieldsOf(p, ['email', 'nameTh', 'nameEn', 'position', 'phone'])

const notYetAccepted = () =>
  new AppError(
    bi('บุคคลนี้ยังไม่ได้ตอบรับคำเชิญเข้าหน่วยงาน', 'this person has not accepted the invitation to the organization yet'),
    409,
  )

/**
 * Adds a person to the organization. A new e-mail creates the person as a member (they set a
 * password through an invitation link). An e-mail that already belongs to someone in another
 * organization (a ministry reviewer) makes a pending invitation instead: that person becomes a
 * member only by accepting it while signed in as themselves (acceptInvitation). Until then the
 * inviting organization sees only the e-mail and what its administrator typed, so the answer
 * does not tell whether the address was already registered.
 */
export async function addPerson(actor: Actor, input: PersonInput): Promise<Person> {
  const parsed = PersonInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const data = parsed.data
  const unitIds = await checkUnits(actor.organizationId, data.unitIds)
  let user = await getUserByEmail(data.email)
  const existing = user ? await getMembership(actor.organizationId, user.id) : null
  if (existing) {
    const message = existing.pending
      ? bi('อีเมล: ได้เชิญบุคคลนี้แล้ว กำลังรอการตอบรับ', 'email: this person is already invited and has not answered yet')
      : bi('อีเมล: บุคคลนี้อยู่ในหน่วยงานแล้ว', 'email: this person is already a member')
    throw new AppError(message, 409, { email: message })
  }
  const pending = user !== null && (await organizationsOf(user.id)).length > 0
  if (!user) {
    const doc = await UserModel.create({
      email: data.email,
      nameTh: data.nameTh,
      nameEn: data.nameEn,
      position: data.position,
      phone: data.phone,
    })
    user = toUser(doc.toObject() as UserDoc)
  }
  await MembershipModel.create({
    organizationId: oid(actor.organizationId),
    userId: oid(user.id),
    role: data.role,
    unitIds: unitIds.map(oid),
    ...(pending
      ? {
          active: false,
          pending: true,
          invitedByName: actor.userName,
          invitedAs: { nameTh: data.nameTh, nameEn: data.nameEn, position: data.position, phone: data.phone },
        }
      : {}),
  })
  const person = (await getPerson(actor.organizationId, user.id))!
  await recordAudit(actor, {
    action: pending ? 'person.invite' : 'person.add',
    targetType: 'person',
    targetId: user.id,
    targetLabel: person.email,
    changes: diff(null, { ...personSnapshot(person), ...(pending ? { pending: true } : {}) }),
  })
  return person
}

/** The organizations that invited this person and wait for an answer. */
export async function listInvitations(userId: string): Promise<(Membership & { invitedByName: string })[]> {
  const uid = toObjectId(userId)
  if (!uid) return []
  const docs = await MembershipModel.find({ userId: uid, pending: true }).lean<MembershipDoc[]>()
  return docs.map((d) => ({ ...toMembership(d), invitedByName: d.invitedByName ?? '' }))
}

/** The signed-in person, who answers an invitation before being a member. */
type Invitee = Omit<Actor, 'organizationId'> & { userId: string }

/** The person's pending invitation to the organization; not found when there is none. */
async function requireInvitation(organizationId: string, userId: string): Promise<Membership> {
  const invitation = await getMembership(organizationId, userId)
  if (!invitation?.pending) throw notFound()
  return invitation
}

/**
 * The signed-in person accepts an organization's invitation: the membership becomes active.
 * Recorded in every organization of the person (each relies on this account, and now shares it),
 * and every unused link of the person stops working: a link issued while they belonged to one
 * organization only would otherwise let its issuer sign in as them in the new one too.
 */
export async function acceptInvitation(actor: Invitee, organizationId: string): Promise<Membership> {
  const invitation = await requireInvitation(organizationId, actor.userId)
  const accepted = await MembershipModel.updateOne(
    { _id: oid(invitation.id), pending: true },
    { $set: { pending: false, active: true, invitedAs: null } },
  )
  if (!accepted.modifiedCount) throw notFound()
  await revokeLinksOf(actor.userId)
  const user = (await getUserById(actor.userId))!
  const [joined] = await getOrganizationsByIds([organizationId])
  await auditInEveryOrganization({ ...actor, organizationId }, actor.userId, {
    action: 'person.join',
    targetType: 'person',
    targetId: actor.userId,
    targetLabel: user.email,
    changes: {
      ...diff({ pending: true, active: false }, { pending: false, active: true }),
      organization: { before: null, after: joined ? `${joined.code} ${joined.nameTh}` : organizationId },
    },
  })
  return (await getMembership(organizationId, actor.userId))!
}

/** The signed-in person declines an invitation: it is removed (it never was a membership). */
export async function declineInvitation(actor: Invitee, organizationId: string): Promise<void> {
  const invitation = await requireInvitation(organizationId, actor.userId)
  await MembershipModel.deleteOne({ _id: oid(invitation.id), pending: true })
  const user = (await getUserById(actor.userId))!
  await recordAudit(
    { ...actor, organizationId },
    { action: 'person.decline', targetType: 'person', targetId: actor.userId, targetLabel: user.email },
  )
}

const IDENTITY_FIELDS = ['email', 'nameTh', 'nameEn'] as const

/**
 * Changes a member's profile, role and units. The e-mail and names of a person who also belongs
 * to another organization (or is invited there) are theirs to keep: changing the e-mail would
 * let this organization take the account over. Profile changes are recorded in every
 * organization of the person.
 */
export async function updatePerson(actor: Actor, userId: string, input: PersonInput): Promise<Person> {
  const before = await getPerson(actor.organizationId, userId)
  if (!before) throw notFound()
  const parsed = PersonInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const data = parsed.data
  const unitIds = await checkUnits(actor.organizationId, data.unitIds)
  if (before.membership.pending) return updateInvitation(actor, before, data, unitIds)
  const changedIdentity = IDENTITY_FIELDS.filter((f) => data[f] !== before[f])
  if (changedIdentity.length > 0 && !(await onlyMemberOf(actor.organizationId, userId)))
    throw notOnlyHere(changedIdentity[0])
  if (data.email !== before.email) {
    const other = await getUserByEmail(data.email)
    if (other)
      throw new AppError(bi('อีเมล: มีผู้ใช้อีเมลนี้แล้ว', 'email: already used by someone else'), 409, {
        email: bi('มีผู้ใช้อีเมลนี้แล้ว', 'already used'),
      })
  }
  if (before.membership.role === 'admin' && data.role !== 'admin')
    await ensureAnotherAdmin(actor.organizationId, userId)
  await UserModel.updateOne(
    { _id: oid(userId) },
    {
      $set: { email: data.email, nameTh: data.nameTh, nameEn: data.nameEn, position: data.position, phone: data.phone },
    },
  )
  await MembershipModel.updateOne(
    { organizationId: oid(actor.organizationId), userId: oid(userId) },
    { $set: { role: data.role, unitIds: unitIds.map(oid) } },
  )
  const after = (await getPerson(actor.organizationId, userId))!
  const changes = diff(personSnapshot(before), personSnapshot(after))
  if (Object.keys(changes).length > 0) {
    await recordAudit(actor, {
      action: 'person.update',
      targetType: 'person',
      targetId: userId,
      targetLabel: after.email,
      changes,
    })
  }
  if (after.email !== before.email) {
    // links mailed to the old address stop working; invitations elsewhere were made to the old
    // address's owner, who may no longer be the one signing in
    await revokeLinksOf(userId)
    await cancelInvitationsOf(actor, userId, [
      'อีเมลของบุคคลนี้ถูกเปลี่ยนโดยหน่วยงานต้นสังกัด กรุณาเชิญใหม่',
      'their organization changed their e-mail; invite them again',
    ])
  }
  // the profile is the person's own, seen by each of their organizations: tell the others too
  const profileChanges = diff(profileSnapshot(before), profileSnapshot(after))
  if (Object.keys(profileChanges).length > 0) {
    for (const organizationId of (await organizationsOf(userId, 'accepted')).filter(
      (o) => o !== actor.organizationId,
    )) {
      await recordAudit(
        { ...actor, organizationId },
        {
          action: 'person.update',
          targetType: 'person',
          targetId: userId,
          targetLabel: after.email,
          changes: profileChanges,
        },
      )
    }
  }
  return after
}

/**
 * Changes a pending invitation: the role, units and what the administrator typed about the
 * person (their own profile is not this organization's until they accept). The e-mail is who was
 * invited: a different address is a new invitation.
 */
async function updateInvitation(
  actor: Actor,
  before: Person,
  data: z.output<typeof PersonInputSchema>,
  unitIds: string[],
): Promise<Person> {
  if (data.email !== before.email) {
    const message = bi(
      'อีเมล: เปลี่ยนได้หลังจากบุคคลนี้เข้าร่วมหน่วยงานแล้ว หากเชิญผิดอีเมล ให้เชิญอีเมลที่ถูกต้อง',
      'e-mail: can change once the person has joined; if the wrong address was invited, invite the right one',
    )
    throw new AppError(message, 409, { email: message })
  }
  await MembershipModel.updateOne(
    { organizationId: oid(actor.organizationId), userId: oid(before.id), pending: true },
    {
      $set: {
        role: data.role,
        unitIds: unitIds.map(oid),
        invitedAs: { nameTh: data.nameTh, nameEn: data.nameEn, position: data.position, phone: data.phone },
      },
    },
  )
  const after = (await getPerson(actor.organizationId, before.id))!
  const changes = diff(personSnapshot(before), personSnapshot(after))
  if (Object.keys(changes).length > 0) {
    await recordAudit(actor, {
      action: 'person.update',
      targetType: 'person',
      targetId: before.id,
      targetLabel: after.email,
      changes,
    })
  }
  return after
}

/** An organization never loses its last active administrator. */
async function ensureAnotherAdmin(organizationId: string, userId: string) {
  const others = await MembershipModel.countDocuments({
    organizationId: oid(organizationId),
    role: 'admin',
    active: true,
    userId: { $ne: oid(userId) },
  })
  if (others === 0) {
    throw new AppError(
      bi('ต้องมีผู้ดูแลระบบที่ใช้งานอยู่อย่างน้อยหนึ่งคน', 'the organization needs at least one active administrator'),
      409,
      {
        role: bi('ต้องมีผู้ดูแลระบบอย่างน้อยหนึ่งคน', 'at least one administrator is needed'),
      },
    )
  }
}

/** Deactivates (or reactivates) a membership. The caller ends the user's sessions on deactivation. */
export async function setMembershipActive(actor: Actor, userId: string, active: boolean): Promise<Person> {
  const before = await getPerson(actor.organizationId, userId)
  if (!before) throw notFound()
  if (before.membership.pending) throw notYetAccepted()
  if (before.membership.active === active) return before
  if (!active && before.membership.role === 'admin') await ensureAnotherAdmin(actor.organizationId, userId)
  await MembershipModel.updateOne(
    { organizationId: oid(actor.organizationId), userId: oid(userId) },
    { $set: { active } },
  )
  const after = (await getPerson(actor.organizationId, userId))!
  await recordAudit(actor, {
    action: active ? 'person.reactivate' : 'person.deactivate',
    targetType: 'person',
    targetId: userId,
    targetLabel: after.email,
    changes: diff({ active: before.membership.active }, { active }),
  })
  return after
}
