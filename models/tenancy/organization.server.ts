/**
 * Organizations: the tenants. Every other collection carries an organizationId and every
 * query filters by it.
 */
import mongoose, { Schema } from 'mongoose'
import { z } from 'zod'
import { diff, fieldsOf, recordAudit, type Actor } from '#models/tenancy/audit.server'
import { ACCESS_STAMP, stampAccessWrites } from '#models/tenancy/auth.server'
import { keptReads, type LeanDoc, schemaModel, timestampedSchema } from '#models/db.server'
import { AppError, bi, fromZod, notFound } from '#models/errors'
import { toObjectId } from '#models/ids'

export const AGENCY_TYPES = [
  'ministry',
  'department',
  'province',
  'local-administration',
  'public-organization',
  'state-enterprise',
  'university',
  'independent-agency',
  'other',
] as const

export const OrganizationInputSchema = z.object({
  code: z
    .string()
    .trim()
    .regex(
      /^[a-z0-9][a-z0-9-]{1,39}$/,
      'รหัสหน่วยงานต้องเป็นตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข หรือ - ยาว 2–40 ตัว / code must be 2–40 lowercase letters, ' +
        'digits or hyphens',
    ),
  nameTh: z
    .string()
    .trim()
    .min(1, 'กรุณากรอกชื่อภาษาไทย / Thai name is required')
    .max(200, 'ยาวเกิน 200 ตัวอักษร / at most 200 characters'),
  nameEn: z.string().trim().max(200, 'ยาวเกิน 200 ตัวอักษร / at most 200 characters').default(''),
  agencyType: z.enum(AGENCY_TYPES, { message: 'ประเภทหน่วยงานไม่ถูกต้อง / unknown agency type' }),
})
export type OrganizationInput = z.input<typeof OrganizationInputSchema>

/** The agency's code in the NACC's ITAS system (optional; letters, digits and hyphens). */
export const ItasCodeSchema = z
  .string()
  .trim()
  .max(20, bi('รหัสหน่วยงานในระบบ ITAS: ยาวได้ไม่เกิน 20 ตัวอักษร', 'ITAS agency code: at most 20 characters'))
  .regex(
    /^[0-9A-Za-z-]*$/,
    bi('รหัสหน่วยงานในระบบ ITAS: ใช้ได้เฉพาะตัวเลข ตัวอักษร และ -', 'ITAS agency code: letters, digits and - only'),
  )
  .default('')

const organizationSchema = timestampedSchema({
  code: { type: String, required: true, unique: true },
  nameTh: { type: String, required: true },
  nameEn: { type: String, default: '' },
  agencyType: { type: String, required: true, enum: AGENCY_TYPES },
  /** The agency's code in the NACC's ITAS system, when known ('' otherwise). */
  itasCode: { type: String, default: '' },
  /** The agency's own web domains: when set, link evidence must be on one of them (or a sub-domain). */
  linkDomains: { type: [String], default: [] },
  /** A larger body this one belongs to (ministry → department); edited by platform operators only. */
  parentId: { type: Schema.Types.ObjectId, default: null },
  /** Set while a platform operator has suspended the organization: its people cannot sign in, its jobs wait. */
  suspendedAt: { type: Date, default: null },
  suspendedReason: { type: String, default: '' },
})

export type OrganizationDoc = LeanDoc<typeof organizationSchema>

stampAccessWrites(organizationSchema)
export const OrganizationModel = schemaModel('Organization', organizationSchema)

/** The id of every organization of the deployment (read by `_id` only: a small read even for thousands). */
export async function organizationIds(): Promise<string[]> {
  const docs = await OrganizationModel.find({}).select({ _id: 1 }).lean<{ _id: mongoose.Types.ObjectId }[]>()
  return docs.map((d) => d._id.toString())
}

export interface Organization {
  id: string
  code: string
  nameTh: string
  nameEn: string
  agencyType: (typeof AGENCY_TYPES)[number]
  itasCode: string
  linkDomains: string[]
  parentId: string | null
  /** Why and since when a platform operator suspended it; null while it is active. */
  suspended: { at: string; reason: string } | null
}

function toOrganization(doc: OrganizationDoc): Organization {
  return {
    id: doc._id.toString(),
    code: doc.code,
    nameTh: doc.nameTh,
    nameEn: doc.nameEn ?? '',
    agencyType: doc.agencyType as Organization['agencyType'],
    itasCode: doc.itasCode ?? '',
    linkDomains: doc.linkDomains ?? [],
    parentId: doc.parentId ? doc.parentId.toString() : null,
    suspended: doc.suspendedAt ? { at: doc.suspendedAt.toISOString(), reason: doc.suspendedReason ?? '' } : null,
  }
}

/** The refusal a suspended organization's people get at sign-in and on their next request, naming the reason. */
export function suspendedMessage(o: Pick<Organization, 'nameTh' | 'nameEn' | 'suspended'>): string {
  const reason = o.suspended?.reason ?? ''
  return bi(
    `หน่วยงาน ${o.nameTh} ถูกระงับการใช้งานโดยผู้ดูแลแพลตฟอร์ม: ${reason}`,
    `${o.nameEn || o.nameTh} is suspended by the platform operators: ${reason}`,
  )
}

/** The ids of the suspended organizations: background jobs (reminders, packages) skip them. */
export async function suspendedOrganizationIds(): Promise<string[]> {
  const docs = await OrganizationModel.find({ suspendedAt: { $ne: null } })
    .select({ _id: 1 })
    .lean<{ _id: mongoose.Types.ObjectId }[]>()
  return docs.map((d) => d._id.toString())
}

export async function getOrganizationById(id: string): Promise<Organization | null> {
  const oid = toObjectId(id)
  if (!oid) return null
  const doc = await OrganizationModel.findById(oid).lean<OrganizationDoc>()
  return doc ? toOrganization(doc) : null
}

/** Several organizations in one query (a person's memberships), in the order of `ids`; unknown ids are skipped. */
export async function getOrganizationsByIds(ids: string[]): Promise<Organization[]> {
  return keptOrganizations([ACCESS_STAMP], `ids:${ids.join(',')}`, async () => {
    const oids = ids.map(toObjectId).filter((x) => x !== null)
    const docs = await OrganizationModel.find({ _id: { $in: oids } }).lean<OrganizationDoc[]>()
    const byId = new Map(docs.map((d) => [d._id.toString(), toOrganization(d)]))
    return ids.map((id) => byId.get(id)).filter((o) => o !== undefined)
  })
}

/**
 * What this instance read of organizations (every page names the person's organizations), under the access stamp
 * that each of their writes changes.
 */
export const keptOrganizations = keptReads(2000)

export async function getOrganizationByCode(code: string): Promise<Organization | null> {
  const doc = await OrganizationModel.findOne({ code }).lean<OrganizationDoc>()
  return doc ? toOrganization(doc) : null
}

/** Creates the organization, or updates its names and type when the code exists (idempotent seeding). */
export async function upsertOrganization(input: OrganizationInput): Promise<Organization> {
  const data = OrganizationInputSchema.parse(input)
  const doc = await OrganizationModel.findOneAndUpdate(
    { code: data.code },
    { $set: { nameTh: data.nameTh, nameEn: data.nameEn, agencyType: data.agencyType } },
    { upsert: true, returnDocument: 'after' },
  ).lean<OrganizationDoc>()
  return toOrganization(doc!)
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

/** One domain per line (or comma-separated); "https://www.x.go.th/path" is accepted as "www.x.go.th". */
export const LinkDomainsSchema = z
  .string()
  .default('')
  .transform((text) =>
    text
      .split(/[\s,]+/)
      .map((d) =>
        d
          .trim()
          .toLowerCase()
          .replace(/^https?:\/\//, '')
          .replace(/[/?#].*$/, '')
          .replace(/\.$/, ''),
      )
      .filter(Boolean),
  )
  .superRefine((domains, ctx) => {
    const bad = domains.find((d) => !DOMAIN.test(d))
    if (bad)
      ctx.addIssue({
        code: 'custom',
        message: bi(
          `โดเมนเว็บไซต์: "${bad}" ไม่ใช่ชื่อโดเมน (เช่น example.go.th)`,
          `web domains: "${bad}" is not a domain name (e.g. example.go.th)`,
        ),
      })
    if (domains.length > 20)
      ctx.addIssue({ code: 'custom', message: bi('โดเมนเว็บไซต์: ได้ไม่เกิน 20 โดเมน', 'web domains: at most 20') })
  })
  .transform((domains) => [...new Set(domains)])

export const OrganizationSettingsSchema = OrganizationInputSchema.omit({ code: true }).extend({
  linkDomains: LinkDomainsSchema,
})
export type OrganizationSettingsInput = z.input<typeof OrganizationSettingsSchema>

/**
 * Names, type and web domains of the actor's organization (its code never changes: it names the tenant in URLs and
 * exports).
 */
export async function updateOrganizationSettings(
  actor: Actor,
  input: OrganizationSettingsInput,
): Promise<Organization> {
  const parsed = OrganizationSettingsSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  const before = await getOrganizationById(actor.organizationId)
  if (!before) throw notFound()
  const doc = await OrganizationModel.findOneAndUpdate(
    { _id: toObjectId(actor.organizationId) },
    { $set: parsed.data },
    { returnDocument: 'after' },
  ).lean<OrganizationDoc>()
  if (!doc) throw new AppError(bi('ไม่พบหน่วยงาน', 'organization not found'), 404)
  const after = toOrganization(doc)
  const changes = diff(settingsOf(before), settingsOf(after))
  if (Object.keys(changes).length > 0) {
    await recordAudit(actor, {
      action: 'organization.update',
      targetType: 'organization',
      targetId: after.id,
      targetLabel: after.nameTh,
      changes,
    })
  }
  return after
}

const settingsOf = (o: Organization) => fieldsOf(o, ['nameTh', 'nameEn', 'agencyType', 'linkDomains'])

/** The domains link evidence of the organization must be on; empty = any public site. */
export async function organizationLinkDomains(organizationId: string): Promise<string[]> {
  return (await getOrganizationById(organizationId))?.linkDomains ?? []
}
