/**
 * Organizations: the tenants. Every other collection carries an organizationId and every
 * query filters by it.
 */
import mongoose, { Schema, type InferSchemaType } from 'mongoose'
import { z } from 'zod'
import { defineModel } from '#models/db.server'
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
    .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'รหัสหน่วยงานต้องเป็นตัวอักษรอังกฤษพิมพ์เล็ก ตัวเลข หรือ - ยาว 2–40 ตัว / code must be 2–40 lowercase letters, digits or hyphens'),
  nameTh: z.string().trim().min(1, 'กรุณากรอกชื่อภาษาไทย / Thai name is required').max(200, 'ยาวเกิน 200 ตัวอักษร / at most 200 characters'),
  nameEn: z.string().trim().max(200, 'ยาวเกิน 200 ตัวอักษร / at most 200 characters').default(''),
  agencyType: z.enum(AGENCY_TYPES, { message: 'ประเภทหน่วยงานไม่ถูกต้อง / unknown agency type' }),
})
export type OrganizationInput = z.input<typeof OrganizationInputSchema>

const organizationSchema = new Schema(
  {
    code: { type: String, required: true, unique: true },
    nameTh: { type: String, required: true },
    nameEn: { type: String, default: '' },
    agencyType: { type: String, required: true, enum: AGENCY_TYPES },
  },
  { timestamps: true },
)

export type OrganizationDoc = InferSchemaType<typeof organizationSchema> & { _id: mongoose.Types.ObjectId }

export const OrganizationModel = defineModel('Organization', () => mongoose.model('Organization', organizationSchema))

export interface Organization {
  id: string
  code: string
  nameTh: string
  nameEn: string
  agencyType: (typeof AGENCY_TYPES)[number]
}

function toOrganization(doc: OrganizationDoc): Organization {
  return {
    id: doc._id.toString(),
    code: doc.code,
    nameTh: doc.nameTh,
    nameEn: doc.nameEn ?? '',
    agencyType: doc.agencyType as Organization['agencyType'],
  }
}

export async function getOrganizationById(id: string): Promise<Organization | null> {
  const oid = toObjectId(id)
  if (!oid) return null
  const doc = await OrganizationModel.findById(oid).lean<OrganizationDoc>()
  return doc ? toOrganization(doc) : null
}

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
