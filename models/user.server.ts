/**
 * People and their memberships. A user (one e-mail) may belong to several organizations, with
 * one role and optional units in each. Passwords are hashed with argon2id.
 */
import { hash, verify } from '@node-rs/argon2'
import mongoose, { Schema, type InferSchemaType } from 'mongoose'
import { z } from 'zod'
import { diff, recordAudit, type Actor } from '#models/audit.server'
import { defineModel } from '#models/db.server'
import { AppError, bi, fromZod, notFound } from '#models/errors'
import { oid, toObjectId } from '#models/ids'
import { ROLES, type MembershipGrant, type Role } from '#models/permissions'
import { filterUnitIds } from '#models/unit.server'

const userSchema = new Schema(
  {
    email: { type: String, required: true, unique: true, lowercase: true, trim: true },
    nameTh: { type: String, required: true },
    nameEn: { type: String, default: '' },
    position: { type: String, default: '' },
    phone: { type: String, default: '' },
    passwordHash: { type: String, default: null },
  },
  { timestamps: true },
)
type UserDoc = InferSchemaType<typeof userSchema> & { _id: mongoose.Types.ObjectId }
const UserModel = defineModel('User', () => mongoose.model('User', userSchema))

const membershipSchema = new Schema(
  {
    organizationId: { type: Schema.Types.ObjectId, required: true },
    userId: { type: Schema.Types.ObjectId, required: true, index: true },
    role: { type: String, enum: ROLES, required: true },
    unitIds: { type: [Schema.Types.ObjectId], default: [] },
    active: { type: Boolean, default: true },
  },
  { timestamps: true },
)
membershipSchema.index({ organizationId: 1, userId: 1 }, { unique: true })
type MembershipDoc = InferSchemaType<typeof membershipSchema> & { _id: mongoose.Types.ObjectId }
const MembershipModel = defineModel('Membership', () => mongoose.model('Membership', membershipSchema))

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
    active: doc.active,
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

export const PasswordSchema = z
  .string({ required_error: bi('รหัสผ่าน: จำเป็นต้องกรอก', 'password: required') })
  .min(10, bi('รหัสผ่าน: ต้องยาวอย่างน้อย 10 ตัวอักษร', 'password: at least 10 characters'))
  .max(200, bi('รหัสผ่าน: ยาวได้ไม่เกิน 200 ตัวอักษร', 'password: at most 200 characters'))

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

/** Sets a user's password (invitation accepted, reset, or own change). */
export async function setPassword(actor: Actor, userId: string, password: string): Promise<void> {
  const parsed = PasswordSchema.safeParse(password)
  if (!parsed.success) throw new AppError(parsed.error.issues[0].message, 400, { password: parsed.error.issues[0].message })
  await UserModel.updateOne({ _id: oid(userId) }, { $set: { passwordHash: await hashPassword(parsed.data) } })
  await recordAudit(actor, { action: 'person.password-set', targetType: 'person', targetId: userId })
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

/** Everyone with a membership in the organization, sorted by Thai name. */
export async function listPeople(organizationId: string): Promise<Person[]> {
  const memberships = await MembershipModel.find({ organizationId: oid(organizationId) }).lean<MembershipDoc[]>()
  const users = await UserModel.find({ _id: { $in: memberships.map((m) => m.userId) } }).lean<UserDoc[]>()
  const byId = new Map(users.map((u) => [u._id.toString(), toUser(u)]))
  return memberships
    .flatMap((m) => {
      const user = byId.get(m.userId.toString())
      return user ? [{ ...user, membership: toMembership(m) }] : []
    })
    .sort((a, b) => a.nameTh.localeCompare(b.nameTh, 'th'))
}

/** One person of the organization; null when they have no membership there (so the route answers 404). */
export async function getPerson(organizationId: string, userId: string): Promise<Person | null> {
  const membership = await getMembership(organizationId, userId)
  if (!membership) return null
  const user = await getUserById(userId)
  return user ? { ...user, membership } : null
}

const personSnapshot = (p: Person) => ({
  email: p.email, nameTh: p.nameTh, nameEn: p.nameEn, position: p.position, phone: p.phone,
  role: p.membership.role, unitIds: p.membership.unitIds, active: p.membership.active,
})

async function checkUnits(organizationId: string, unitIds: string[]): Promise<string[]> {
  const unique = [...new Set(unitIds.filter(Boolean))]
  const valid = await filterUnitIds(organizationId, unique)
  if (valid.length !== unique.length) {
    throw new AppError(bi('หน่วยงานย่อย: มีหน่วยที่ไม่อยู่ในหน่วยงานนี้หรือยกเลิกแล้ว', 'units: a unit is not in this organization or is retired'), 400, {
      unitIds: bi('มีหน่วยที่ไม่อยู่ในหน่วยงานนี้หรือยกเลิกแล้ว', 'a unit is not in this organization or is retired'),
    })
  }
  return valid
}

/**
 * Adds a person to the organization: creates the user when the e-mail is new, or adds a
 * membership to an existing user (a ministry reviewer belongs to several organizations).
 */
export async function addPerson(actor: Actor, input: PersonInput): Promise<Person> {
  const parsed = PersonInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const data = parsed.data
  const unitIds = await checkUnits(actor.organizationId, data.unitIds)
  let user = await getUserByEmail(data.email)
  if (user && (await getMembership(actor.organizationId, user.id))) {
    throw new AppError(bi('อีเมล: บุคคลนี้อยู่ในหน่วยงานแล้ว', 'email: this person is already a member'), 409, {
      email: bi('บุคคลนี้อยู่ในหน่วยงานแล้ว', 'already a member of this organization'),
    })
  }
  if (!user) {
    const doc = await UserModel.create({ email: data.email, nameTh: data.nameTh, nameEn: data.nameEn, position: data.position, phone: data.phone })
    user = toUser(doc.toObject() as UserDoc)
  }
  await MembershipModel.create({ organizationId: oid(actor.organizationId), userId: oid(user.id), role: data.role, unitIds: unitIds.map(oid) })
  const person = (await getPerson(actor.organizationId, user.id))!
  await recordAudit(actor, { action: 'person.add', targetType: 'person', targetId: user.id, targetLabel: person.email, changes: diff(null, personSnapshot(person)) })
  return person
}

/** Changes a member's profile, role and units. */
export async function updatePerson(actor: Actor, userId: string, input: PersonInput): Promise<Person> {
  const before = await getPerson(actor.organizationId, userId)
  if (!before) throw notFound()
  const parsed = PersonInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const data = parsed.data
  const unitIds = await checkUnits(actor.organizationId, data.unitIds)
  if (data.email !== before.email) {
    const other = await getUserByEmail(data.email)
    if (other) throw new AppError(bi('อีเมล: มีผู้ใช้อีเมลนี้แล้ว', 'email: already used by someone else'), 409, { email: bi('มีผู้ใช้อีเมลนี้แล้ว', 'already used') })
  }
  if (before.membership.role === 'admin' && data.role !== 'admin') await ensureAnotherAdmin(actor.organizationId, userId)
  await UserModel.updateOne(
    { _id: oid(userId) },
    { $set: { email: data.email, nameTh: data.nameTh, nameEn: data.nameEn, position: data.position, phone: data.phone } },
  )
  await MembershipModel.updateOne(
    { organizationId: oid(actor.organizationId), userId: oid(userId) },
    { $set: { role: data.role, unitIds: unitIds.map(oid) } },
  )
  const after = (await getPerson(actor.organizationId, userId))!
  const changes = diff(personSnapshot(before), personSnapshot(after))
  if (Object.keys(changes).length > 0) {
    await recordAudit(actor, { action: 'person.update', targetType: 'person', targetId: userId, targetLabel: after.email, changes })
  }
  return after
}

/** An organization never loses its last active administrator. */
async function ensureAnotherAdmin(organizationId: string, userId: string) {
  const others = await MembershipModel.countDocuments({
    organizationId: oid(organizationId), role: 'admin', active: true, userId: { $ne: oid(userId) },
  })
  if (others === 0) {
    throw new AppError(bi('ต้องมีผู้ดูแลระบบที่ใช้งานอยู่อย่างน้อยหนึ่งคน', 'the organization needs at least one active administrator'), 409, {
      role: bi('ต้องมีผู้ดูแลระบบอย่างน้อยหนึ่งคน', 'at least one administrator is needed'),
    })
  }
}

/** Deactivates (or reactivates) a membership. The caller ends the user's sessions on deactivation. */
export async function setMembershipActive(actor: Actor, userId: string, active: boolean): Promise<Person> {
  const before = await getPerson(actor.organizationId, userId)
  if (!before) throw notFound()
  if (before.membership.active === active) return before
  if (!active && before.membership.role === 'admin') await ensureAnotherAdmin(actor.organizationId, userId)
  await MembershipModel.updateOne({ organizationId: oid(actor.organizationId), userId: oid(userId) }, { $set: { active } })
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
