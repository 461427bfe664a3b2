/**
 * Platform operators: the people who run a Saisaat deployment (e.g. a ministry's IT centre). Being
 * an operator is a record of its own (`platform_operators`), not a membership: an operator belongs to
 * no organization by being one, so every organization-scoped query stays as it is. Operators create
 * organizations, link them to a parent, suspend and reactivate them, and see their metadata (never
 * evidence contents).
 *
 * Where their events go: an audit event needs an organization, so platform-level events (an operator
 * created, an organization created) are recorded under PLATFORM_AUDIT_SCOPE, an id no organization
 * ever has (listAuditEvents(PLATFORM_AUDIT_SCOPE) is the platform's trail); an event about an
 * organization is recorded in that organization too, so its administrators see what was done to it.
 */
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { diff, recordAudit, type Actor, type AuditInput } from '#models/tenancy/audit.server'
import { issueLink, stampAccessWrites } from '#models/tenancy/auth.server'
import { schemaModel, timestampedSchema } from '#models/db.server'
import { AppError, bi, forbidden, fromZod } from '#models/errors'
import { oid, toObjectId } from '#models/ids'
import {
  getOrganizationByCode,
  getOrganizationById,
  ItasCodeSchema,
  LinkDomainsSchema,
  OrganizationInputSchema,
  OrganizationModel,
  type Organization,
  type OrganizationDoc,
} from '#models/tenancy/organization.server'
import {
  addPerson,
  createAccount,
  getUserByEmail,
  issuePasswordLink,
  PersonInputSchema,
  type User,
} from '#models/tenancy/user.server'

/** The audit scope of platform-level events: the all-zero id, which MongoDB never generates. */
export const PLATFORM_AUDIT_SCOPE = '000000000000000000000000'

/** Who acts on the platform: an operator (signed in) or the command line (userId null). */
export type OperatorActor = Omit<Actor, 'organizationId'>

const operatorSchema = timestampedSchema({
  userId: { type: Schema.Types.ObjectId, required: true, unique: true },
  createdByName: { type: String, default: '' },
})
stampAccessWrites(operatorSchema)
const OperatorModel = schemaModel('PlatformOperator', operatorSchema, 'platform_operators')

export async function isOperator(userId: string): Promise<boolean> {
  const id = toObjectId(userId)
  return id ? Boolean(await OperatorModel.exists({ userId: id })) : false
}

/** How many operators there are (the start-up log says how to create the first one when none). */
export const countOperators = (): Promise<number> => OperatorModel.countDocuments({})

/** A signed-in actor must be an operator; the command line (no user) is whoever holds the database. */
async function requireOperator(actor: OperatorActor): Promise<void> {
  if (actor.userId && !(await isOperator(actor.userId))) throw forbidden()
}

async function recordPlatform(actor: OperatorActor, event: AuditInput, organizationIds: string[] = []) {
  for (const organizationId of [PLATFORM_AUDIT_SCOPE, ...organizationIds])
    await recordAudit({ ...actor, organizationId }, event)
}

const refuse = (field: string, th: string, en: string, status = 400) =>
  new AppError(bi(th, en), status, { [field]: bi(th, en) })

export const OperatorInputSchema = PersonInputSchema.pick({ email: true, nameTh: true })

/**
 * Makes a person a platform operator. A new e-mail creates the person, who sets a password through
 * the one-time link returned (the same links as invitations); someone who already has an account
 * keeps their password (no link). Recorded in the platform trail.
 */
export async function createOperator(
  actor: OperatorActor,
  input: { email: string; nameTh: string },
): Promise<{ user: User; link: { token: string; expiresAt: Date } | null }> {
  await requireOperator(actor)
  const parsed = OperatorInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  let user = await getUserByEmail(parsed.data.email)
  if (user && (await isOperator(user.id)))
    throw refuse('email', 'อีเมล: บุคคลนี้เป็นผู้ดูแลแพลตฟอร์มอยู่แล้ว', 'email: this person is already an operator', 409)
  user ??= await createAccount(parsed.data)
  await OperatorModel.create({ userId: oid(user.id), createdByName: actor.userName })
  const link = user.hasPassword
    ? null
    : await issueLink('invite', user.id, PLATFORM_AUDIT_SCOPE, {
        by: 'admin',
        userId: actor.userId,
        organizationId: PLATFORM_AUDIT_SCOPE,
        name: actor.userName,
      })
  await recordPlatform(actor, {
    action: 'operator.create',
    targetType: 'person',
    targetId: user.id,
    targetLabel: user.email,
    changes: { ...diff(null, { operator: true }), ...(link ? { link: { before: null, after: 'invite' } } : {}) },
  })
  return { user, link }
}

export const OrganizationCreateSchema = OrganizationInputSchema.extend({
  itasCode: ItasCodeSchema,
  linkDomains: LinkDomainsSchema,
  parentCode: z.string().trim().default(''),
  adminEmail: PersonInputSchema.shape.email.optional(),
  adminName: z.string().trim().max(200, bi('ชื่อผู้ดูแล: ยาวเกิน 200 ตัวอักษร', 'admin name: at most 200')).optional(),
}).superRefine((v, ctx) => {
  if (v.adminEmail && !v.adminName)
    ctx.addIssue({
      code: 'custom',
      path: ['adminName'],
      message: bi('ชื่อผู้ดูแล: จำเป็นเมื่อระบุอีเมลผู้ดูแล', 'admin name: required with the admin e-mail'),
    })
  if (v.adminName && !v.adminEmail)
    ctx.addIssue({
      code: 'custom',
      path: ['adminEmail'],
      message: bi('อีเมลผู้ดูแล: จำเป็นเมื่อระบุชื่อผู้ดูแล', 'admin e-mail: required with the admin name'),
    })
})
export type OrganizationCreateInput = z.input<typeof OrganizationCreateSchema>

export interface FirstAdministrator {
  email: string
  /** A new person: the invitation link to set a password (the caller mails or prints it). */
  link: { token: string; expiresAt: Date } | null
  /** Someone who already has an account elsewhere: they accept at /invitations while signed in. */
  pendingInvitation: boolean
}

/**
 * Creates an organization, with its parent and first administrator when given. Every input is
 * checked before anything is written (a duplicate code, an unknown parent, a bad e-mail save nothing).
 * Recorded in the platform trail and in the new organization (and its parent's).
 */
export async function createOrganization(
  actor: OperatorActor,
  input: OrganizationCreateInput,
): Promise<{ organization: Organization; admin: FirstAdministrator | null }> {
  await requireOperator(actor)
  const parsed = OrganizationCreateSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const data = parsed.data
  if (await getOrganizationByCode(data.code))
    throw refuse('code', `รหัสหน่วยงาน: มี "${data.code}" อยู่แล้ว`, `code: "${data.code}" is already taken`, 409)
  const parent = data.parentCode ? await getOrganizationByCode(data.parentCode) : null
  if (data.parentCode && !parent)
    throw refuse(
      'parentCode',
      `หน่วยงานต้นสังกัด: ไม่พบรหัส "${data.parentCode}"`,
      `parent: no organization has the code "${data.parentCode}"`,
    )
  const doc = await OrganizationModel.create({
    code: data.code,
    nameTh: data.nameTh,
    nameEn: data.nameEn,
    agencyType: data.agencyType,
    itasCode: data.itasCode,
    linkDomains: data.linkDomains,
    parentId: parent ? oid(parent.id) : null,
  })
  const organization = (await getOrganizationById(doc._id.toString()))!
  await recordPlatform(
    actor,
    {
      action: 'organization.create',
      targetType: 'organization',
      targetId: organization.id,
      targetLabel: `${organization.code} ${organization.nameTh}`,
      changes: diff(null, {
        code: organization.code,
        nameTh: organization.nameTh,
        nameEn: organization.nameEn,
        agencyType: organization.agencyType,
        itasCode: organization.itasCode || null,
        linkDomains: organization.linkDomains.length ? organization.linkDomains : null,
        parent: parent?.code ?? null,
      }),
    },
    [organization.id, ...(parent ? [parent.id] : [])],
  )
  const admin = data.adminEmail
    ? await inviteFirstAdministrator(actor, organization, { email: data.adminEmail, nameTh: data.adminName! })
    : null
  return { organization, admin }
}

export const AdministratorInputSchema = z.object({
  adminEmail: PersonInputSchema.shape.email,
  adminName: z
    .string()
    .trim()
    .min(1, bi('ชื่อผู้ดูแล: จำเป็นต้องกรอก', 'admin name: required'))
    .max(200, bi('ชื่อผู้ดูแล: ยาวเกิน 200 ตัวอักษร', 'admin name: at most 200')),
})

/**
 * Invites an administrator into an existing organization (its first one, say, when it was created
 * without). Recorded in the platform trail and, by addPerson, in the organization.
 */
export async function inviteOrganizationAdministrator(
  actor: OperatorActor,
  code: string,
  input: { adminEmail: string; adminName: string },
): Promise<FirstAdministrator> {
  await requireOperator(actor)
  const parsed = AdministratorInputSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const organization = await requireOrganization(code)
  const admin = await inviteFirstAdministrator(actor, organization, {
    email: parsed.data.adminEmail,
    nameTh: parsed.data.adminName,
  })
  await recordPlatform(actor, {
    action: 'organization.admin-invite',
    targetType: 'organization',
    targetId: organization.id,
    targetLabel: `${organization.code} ${organization.nameTh}`,
    changes: { admin: { before: null, after: admin.email } },
  })
  return admin
}

/** Adds the organization's first administrator as its own administrators add people (audited there). */
async function inviteFirstAdministrator(
  actor: OperatorActor,
  organization: Organization,
  who: { email: string; nameTh: string },
): Promise<FirstAdministrator> {
  const inOrg: Actor = { ...actor, organizationId: organization.id }
  const person = await addPerson(inOrg, { ...who, role: 'admin' })
  if (person.membership.pending) return { email: person.email, link: null, pendingInvitation: true }
  if (person.hasPassword) return { email: person.email, link: null, pendingInvitation: false }
  const { token, expiresAt } = await issuePasswordLink(inOrg, 'invite', person.id)
  return { email: person.email, link: { token, expiresAt }, pendingInvitation: false }
}

async function requireOrganization(code: string, field = 'code'): Promise<Organization> {
  const organization = code ? await getOrganizationByCode(code.trim()) : null
  if (!organization)
    throw refuse(field, `รหัสหน่วยงาน: ไม่พบ "${code}"`, `${field}: no organization has the code "${code}"`, 404)
  return organization
}

/**
 * Links an organization to a parent (or unlinks it with an empty parent code). Refuses itself as
 * parent and any link that would make a circle. Recorded in both organizations (and the one left).
 */
export async function setOrganizationParent(
  actor: OperatorActor,
  code: string,
  parentCode: string,
): Promise<Organization> {
  await requireOperator(actor)
  const organization = await requireOrganization(code)
  const parent = parentCode.trim() ? await requireOrganization(parentCode, 'parentCode') : null
  if (parent?.id === organization.id)
    throw refuse('parentCode', 'หน่วยงานต้นสังกัด: เป็นต้นสังกัดของตนเองไม่ได้', 'parent: cannot be the organization itself')
  // walk up from the new parent: meeting the organization means it would become its own ancestor
  for (let at = parent, hops = 0; at?.parentId && hops < 100; hops++) {
    if (at.parentId === organization.id)
      throw refuse(
        'parentCode',
        `หน่วยงานต้นสังกัด: ${parent!.code} อยู่ภายใต้ ${organization.code} อยู่แล้ว จะวนเป็นวงกลม`,
        `parent: ${parent!.code} is already under ${organization.code}; the link would make a circle`,
      )
    at = await getOrganizationById(at.parentId)
  }
  if ((parent?.id ?? null) === organization.parentId) return organization
  const before = organization.parentId ? await getOrganizationById(organization.parentId) : null
  await OrganizationModel.updateOne(
    { _id: oid(organization.id) },
    { $set: { parentId: parent ? oid(parent.id) : null } },
  )
  await recordPlatform(
    actor,
    {
      action: 'organization.parent',
      targetType: 'organization',
      targetId: organization.id,
      targetLabel: `${organization.code} ${organization.nameTh}`,
      changes: { parent: { before: before?.code ?? null, after: parent?.code ?? null } },
    },
    [organization.id, ...[before?.id, parent?.id].filter((id): id is string => Boolean(id))],
  )
  return (await getOrganizationById(organization.id))!
}

const ReasonSchema = z
  .string()
  .trim()
  .min(1, bi('เหตุผล: จำเป็นต้องกรอก', 'reason: required'))
  .max(500, bi('เหตุผล: ยาวได้ไม่เกิน 500 ตัวอักษร', 'reason: at most 500 characters'))

/**
 * Suspends (reason given) or reactivates (reason null) an organization. Its data stays; while
 * suspended its people cannot sign in or use an open session, and its reminders and packages wait.
 */
export async function setOrganizationSuspended(
  actor: OperatorActor,
  code: string,
  reason: string | null,
): Promise<Organization> {
  await requireOperator(actor)
  const organization = await requireOrganization(code)
  let text = ''
  if (reason !== null) {
    const parsed = z.object({ reason: ReasonSchema }).safeParse({ reason })
    if (!parsed.success) throw fromZod(parsed.error)
    text = parsed.data.reason
  }
  const suspend = reason !== null
  if (suspend === Boolean(organization.suspended) && (!suspend || organization.suspended?.reason === text))
    return organization
  await OrganizationModel.updateOne(
    { _id: oid(organization.id) },
    { $set: suspend ? { suspendedAt: new Date(), suspendedReason: text } : { suspendedAt: null, suspendedReason: '' } },
  )
  await recordPlatform(
    actor,
    {
      action: suspend ? 'organization.suspend' : 'organization.reactivate',
      targetType: 'organization',
      targetId: organization.id,
      targetLabel: `${organization.code} ${organization.nameTh}`,
      changes: {
        suspended: { before: Boolean(organization.suspended), after: suspend },
        reason: { before: organization.suspended?.reason ?? null, after: suspend ? text : null },
      },
    },
    [organization.id],
  )
  return (await getOrganizationById(organization.id))!
}

export interface OrganizationSummary {
  id: string
  code: string
  nameTh: string
  nameEn: string
  agencyType: Organization['agencyType']
  parentCode: string | null
  suspended: Organization['suspended']
  /** Active members (pending invitations not counted). */
  people: number
  /** Bytes of its evidence in storage: every file version and link snapshot not purged. */
  storageBytes: number
  /** The latest event of its audit trail (ISO), null when none. */
  lastActivity: string | null
}

/**
 * Bytes stored per organization: file versions and link snapshots of evidence not purged. Summed
 * here from the sizes alone (FerretDB's $group over unwound arrays is not to be relied on).
 */
async function storageByOrganization(ids: mongoose.Types.ObjectId[]): Promise<Map<string, number>> {
  type Sizes = {
    organizationId: mongoose.Types.ObjectId
    versions?: { size?: number }[]
    snapshots?: { size?: number }[]
  }
  const bytes = new Map<string, number>()
  const cursor = mongoose.connection
    .collection('evidence')
    .find(
      { organizationId: { $in: ids }, purgedAt: null },
      { projection: { organizationId: 1, 'versions.size': 1, 'snapshots.size': 1 } },
    )
  for await (const doc of cursor as AsyncIterable<Sizes>) {
    const id = doc.organizationId.toString()
    const sum = [...(doc.versions ?? []), ...(doc.snapshots ?? [])].reduce((n, x) => n + (x.size ?? 0), 0)
    bytes.set(id, (bytes.get(id) ?? 0) + sum)
  }
  return bytes
}

/** Whether the organization matches what an operator typed: part of its code or of either name. */
const matches = (o: OrganizationDoc, q: string) =>
  [o.code, o.nameTh, o.nameEn ?? ''].some((text) => text.toLowerCase().includes(q))

/**
 * Every organization's metadata for operators (or those matching `q`): names, codes, people,
 * storage, last activity. Counts and dates only; nothing of their evidence, answers or people's details.
 */
export async function listOrganizationsForOperators(
  actor: OperatorActor,
  options: { q?: string } = {},
): Promise<OrganizationSummary[]> {
  await requireOperator(actor)
  const all = await OrganizationModel.find({}).sort({ code: 1 }).lean<OrganizationDoc[]>()
  const codeOf = new Map(all.map((o) => [o._id.toString(), o.code]))
  const q = (options.q ?? '').trim().toLowerCase()
  const orgs = q ? all.filter((o) => matches(o, q)) : all
  const storage = await storageByOrganization(orgs.map((o) => o._id))
  return Promise.all(
    orgs.map(async (o) => ({
      ...(await summaryOf(o, storage)),
      parentCode: o.parentId ? (codeOf.get(o.parentId.toString()) ?? null) : null,
    })),
  )
}

export interface OrganizationDetails extends OrganizationSummary {
  itasCode: string
  linkDomains: string[]
  /** Its parent's code and names, and the organizations directly under it. */
  parent: { code: string; nameTh: string; nameEn: string } | null
  children: { code: string; nameTh: string; nameEn: string }[]
  /** Members who are administrators and pending invitations, counted (no names: metadata only). */
  administrators: number
  pendingInvitations: number
  createdAt: string | null
}

/** One organization's metadata for the console's organization page; 404 for an unknown id. */
export async function getOrganizationForOperators(actor: OperatorActor, id: string): Promise<OrganizationDetails> {
  await requireOperator(actor)
  const _id = toObjectId(id)
  const doc = _id ? await OrganizationModel.findById(_id).lean<OrganizationDoc & { createdAt?: Date }>() : null
  if (!doc) throw new AppError(bi('ไม่พบหน่วยงาน', 'organization not found'), 404)
  const organization = (await getOrganizationById(id))!
  const memberships = mongoose.connection.collection('memberships')
  const [parent, children, summary, administrators, pendingInvitations] = await Promise.all([
    organization.parentId ? getOrganizationById(organization.parentId) : null,
    OrganizationModel.find({ parentId: doc._id }).sort({ code: 1 }).lean<OrganizationDoc[]>(),
    summaryOf(doc),
    memberships.countDocuments({ organizationId: doc._id, active: true, pending: { $ne: true }, role: 'admin' }),
    memberships.countDocuments({ organizationId: doc._id, active: true, pending: true }),
  ])
  const names = (o: { code: string; nameTh: string; nameEn?: string | null }) => ({
    code: o.code,
    nameTh: o.nameTh,
    nameEn: o.nameEn ?? '',
  })
  return {
    ...summary,
    parentCode: parent?.code ?? null,
    itasCode: organization.itasCode,
    linkDomains: organization.linkDomains,
    parent: parent ? names(parent) : null,
    children: children.map(names),
    administrators,
    pendingInvitations,
    createdAt: doc.createdAt ? doc.createdAt.toISOString() : null,
  }
}

/**
 * The list's row of one organization (its parent code filled by the caller): one count and one
 * newest event (the audit index is organizationId + at), and the bytes when not given.
 */
async function summaryOf(doc: OrganizationDoc, bytes?: Map<string, number>): Promise<OrganizationSummary> {
  const db = mongoose.connection
  const [people, latest, storage] = await Promise.all([
    db.collection('memberships').countDocuments({ organizationId: doc._id, active: true, pending: { $ne: true } }),
    db
      .collection('audit_events')
      .find({ organizationId: doc._id }, { projection: { at: 1 } })
      .sort({ at: -1 })
      .limit(1)
      .toArray(),
    bytes ?? storageByOrganization([doc._id]),
  ])
  const organization = (await getOrganizationById(doc._id.toString()))!
  return {
    id: organization.id,
    code: organization.code,
    nameTh: organization.nameTh,
    nameEn: organization.nameEn,
    agencyType: organization.agencyType,
    parentCode: null,
    suspended: organization.suspended,
    people,
    storageBytes: storage.get(organization.id) ?? 0,
    lastActivity: latest[0] ? (latest[0].at as Date).toISOString() : null,
  }
}
