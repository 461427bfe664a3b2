/**
 * Evidence (หลักฐานเชิงประจักษ์): a file (with versions), a link (with checks and snapshots) or a
 * text, with its metadata and its links to required elements. The bytes live in S3 (evidence/);
 * this module only records the keys. Deleting is a soft delete into the bin; the bytes go when
 * the retention ends (evidence/jobs.server.ts). One document per evidence, so every change is
 * one atomic write (no transactions on FerretDB).
 */
import mongoose, { Schema } from 'mongoose'
import { sanitizeEvidenceHtml } from '#models/evidence/html'
import { z } from 'zod'
import { hostClass, internalAddressReason } from '#models/evidence/web-addresses.server'
import { diff, recordAudit, type Actor, type AuditInput, type Changes } from '#models/tenancy/audit.server'
import { PERIOD_RULES, type PeriodRule } from '#models/catalog/schema'
import { claim } from '#models/claims.server'
import { inOrder, type LeanDoc, schemaModel, timestampedSchema } from '#models/db.server'
import { AppError, bi, fromZod, notFound, type Bilingual } from '#models/errors'
import { EVIDENCE_TYPES, type EvidenceType } from '#models/evidence/kinds'
import { periodWarning } from '#models/evidence/period'
import { syncEvidenceSearch } from '#models/evidence/search-index.server'
import { noteRecentEvidence, readRecentEvidence, type RecentEvidence } from '#models/evidence/recent.server'
import {
  completeItemLinks,
  itemLinksState,
  keepCatalogLinks,
  keptCatalogLinks,
  noteItemLink,
  noteItemUnlink,
  keepItemRecords,
  readItemLinks,
  readItemRecords,
  type ItemKey,
  type RevisedRecord,
  touchItemLinks,
  ItemEvidenceMemo,
  type ItemLinkEntry,
} from '#models/evidence/item-links.server'
import { oid, toObjectId } from '#models/ids'
import { organizationLinkDomains } from '#models/tenancy/organization.server'
import type { MembershipGrant } from '#models/tenancy/permissions'
import { filterUnitIds } from '#models/tenancy/unit.server'
import { DOCUMENT_PAST_YEARS, dayField, isoOrNull as iso } from '#models/dates'
import {
  requireEvidenceChange,
  requireItemOpenForEvidence,
  requireRestorable,
  type EvidenceChange,
} from '#models/evidence/guard.server'

export { EVIDENCE_TYPES, type EvidenceType }

const versionSchema = new Schema(
  {
    number: { type: Number, required: true },
    key: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true },
    mimeType: { type: String, required: true },
    fileName: { type: String, required: true },
    uploadedAt: { type: Date, required: true },
    uploadedBy: { type: Schema.Types.ObjectId, default: null },
    uploadedByName: { type: String, default: '' },
  },
  { _id: false },
)

const snapshotSchema = new Schema(
  {
    key: { type: String, required: true },
    sha256: { type: String, required: true },
    size: { type: Number, required: true },
    contentType: { type: String, default: '' },
    status: { type: Number, default: 0 },
    finalUrl: { type: String, default: '' },
    fetchedAt: { type: Date, required: true },
  },
  { _id: false },
)

const linkSchema = new Schema(
  {
    catalogId: { type: String, required: true },
    itemCode: { type: String, required: true },
    elementId: { type: String, required: true },
    fiscalYear: { type: Number, required: true },
    periodRule: { type: String, enum: PERIOD_RULES, required: true },
    label: { type: String, default: '' },
    linkedAt: { type: Date, required: true },
    linkedByName: { type: String, default: '' },
  },
  { _id: false },
)

const evidenceSchema = timestampedSchema({
  organizationId: { type: Schema.Types.ObjectId, required: true },
  type: { type: String, enum: EVIDENCE_TYPES, required: true },
  title: { type: String, required: true },
  description: { type: String, default: '' },
  documentDate: { type: Date, default: null },
  periodFrom: { type: Date, default: null },
  periodTo: { type: Date, default: null },
  issuingUnitId: { type: Schema.Types.ObjectId, default: null },
  tags: { type: [String], default: [] },
  // file
  versions: { type: [versionSchema], default: [] },
  sha256: { type: String, default: null }, // of the current version, for duplicate detection
  // link
  url: { type: String, default: null },
  lastCheck: {
    type: new Schema(
      {
        checkedAt: Date,
        ok: Boolean,
        status: Number,
        contentType: String,
        finalUrl: String,
        redirects: [String],
        responseMs: Number,
        error: String,
      },
      { _id: false },
    ),
    default: null,
  },
  snapshots: { type: [snapshotSchema], default: [] },
  // text
  html: { type: String, default: null },
  links: { type: [linkSchema], default: [] },
  // counts link changes: the claim key of the next change (see models/claims.server.ts)
  linksRevision: { type: Number, default: 0 },
  // counts every write of the record: the items it is linked to keep it under this number (item-links.server.ts)
  rev: { type: Number, default: 0 },
  createdBy: { type: Schema.Types.ObjectId, default: null },
  createdByName: { type: String, default: '' },
  deletedAt: { type: Date, default: null },
  deletedByName: { type: String, default: '' },
  purgeAfter: { type: Date, default: null },
  purgedAt: { type: Date, default: null },
})
evidenceSchema.index({ organizationId: 1, deletedAt: 1, updatedAt: -1 })
evidenceSchema.index({ organizationId: 1, sha256: 1 })
evidenceSchema.index({ organizationId: 1, 'versions.key': 1 })
// the first read of an item's links (models/evidence/item-links.server.ts), on MongoDB
evidenceSchema.index({ organizationId: 1, 'links.catalogId': 1, 'links.itemCode': 1 })

type EvidenceDoc = LeanDoc<typeof evidenceSchema> & { createdAt: Date; updatedAt: Date }
const EvidenceModel = schemaModel('Evidence', evidenceSchema, 'evidence')

export interface FileVersion {
  number: number
  key: string
  size: number
  sha256: string
  mimeType: string
  fileName: string
  uploadedAt: string
  uploadedByName: string
}
export interface LinkSnapshot {
  key: string
  sha256: string
  size: number
  contentType: string
  status: number
  finalUrl: string
  fetchedAt: string
}
export interface LinkCheck {
  checkedAt: string
  ok: boolean
  status: number
  contentType: string
  finalUrl: string
  redirects: string[]
  responseMs: number
  error: string
}
export interface EvidenceLink {
  catalogId: string
  itemCode: string
  elementId: string
  fiscalYear: number
  periodRule: PeriodRule
  label: string
  linkedAt: string
  linkedByName: string
  /** Bilingual; set when the document date does not fit the element's period rule. */
  warning: string | null
}

export interface Evidence {
  id: string
  type: EvidenceType
  title: string
  description: string
  documentDate: string | null
  periodFrom: string | null
  periodTo: string | null
  issuingUnitId: string | null
  tags: string[]
  versions: FileVersion[]
  current: FileVersion | null
  url: string | null
  lastCheck: LinkCheck | null
  snapshots: LinkSnapshot[]
  html: string | null
  links: EvidenceLink[]
  fiscalYear: number | null
  createdAt: string
  createdByName: string
  deletedAt: string | null
  deletedByName: string
  purgeAfter: string | null
  purged: boolean
  /** Counts the writes of the record. */
  rev: number
}

function toEvidence(doc: EvidenceDoc): Evidence {
  const versions: FileVersion[] = (doc.versions ?? []).map((v) => ({
    number: v.number,
    key: v.key,
    size: v.size,
    sha256: v.sha256,
    mimeType: v.mimeType,
    fileName: v.fileName,
    uploadedAt: iso(v.uploadedAt)!,
    uploadedByName: v.uploadedByName ?? '',
  }))
  const documentDate = iso(doc.documentDate)
  const c = doc.lastCheck
  return {
    id: doc._id.toString(),
    type: doc.type as EvidenceType,
    title: doc.title,
    description: doc.description ?? '',
    documentDate,
    periodFrom: iso(doc.periodFrom),
    periodTo: iso(doc.periodTo),
    issuingUnitId: doc.issuingUnitId ? doc.issuingUnitId.toString() : null,
    tags: doc.tags ?? [],
    versions,
    current: versions.at(-1) ?? null,
    url: doc.url ?? null,
    lastCheck: c?.checkedAt
      ? {
          checkedAt: iso(c.checkedAt)!,
          ok: Boolean(c.ok),
          status: c.status ?? 0,
          contentType: c.contentType ?? '',
          finalUrl: c.finalUrl ?? '',
          redirects: c.redirects ?? [],
          responseMs: c.responseMs ?? 0,
          error: c.error ?? '',
        }
      : null,
    snapshots: (doc.snapshots ?? []).map((s) => ({
      key: s.key,
      sha256: s.sha256,
      size: s.size,
      contentType: s.contentType ?? '',
      status: s.status ?? 0,
      finalUrl: s.finalUrl ?? '',
      fetchedAt: iso(s.fetchedAt)!,
    })),
    html: doc.html ?? null,
    links: (doc.links ?? []).map((l) => ({
      catalogId: l.catalogId,
      itemCode: l.itemCode,
      elementId: l.elementId,
      fiscalYear: l.fiscalYear,
      periodRule: l.periodRule as PeriodRule,
      label: l.label ?? '',
      linkedAt: iso(l.linkedAt)!,
      linkedByName: l.linkedByName ?? '',
      warning: periodWarning(documentDate, l.fiscalYear, l.periodRule as PeriodRule),
    })),
    fiscalYear: doc.links?.[0]?.fiscalYear ?? null,
    createdAt: iso(doc.createdAt)!,
    createdByName: doc.createdByName ?? '',
    deletedAt: iso(doc.deletedAt),
    deletedByName: doc.deletedByName ?? '',
    purgeAfter: iso(doc.purgeAfter),
    purged: Boolean(doc.purgedAt),
    rev: doc.rev ?? 0,
  }
}

const scope = (organizationId: string, evidenceId: string) => {
  const id = toObjectId(evidenceId)
  return id ? { _id: id, organizationId: oid(organizationId) } : null
}

const snapshotOf = (e: Evidence) => ({
  title: e.title,
  description: e.description,
  documentDate: e.documentDate,
  periodFrom: e.periodFrom,
  periodTo: e.periodTo,
  issuingUnitId: e.issuingUnitId,
  tags: e.tags,
})

export type { EvidenceChange }

/**
 * How a change is made. With the person's membership, a coordinator changes only evidence whose
 * linked items are all assigned to one of their units; without it (jobs, tools) that check is
 * skipped. The freeze of evidence in a submitted or approved item's answer always applies.
 */
export interface ChangeOptions {
  membership?: MembershipGrant | null
}

async function guardChange(
  organizationId: string,
  evidence: Evidence,
  change: EvidenceChange,
  options: ChangeOptions & { target?: EvidenceTarget } = {},
) {
  if (evidence.links.length === 0) return
  await requireEvidenceChange(organizationId, evidence, change, options)
}

// ---- reading ------------------------------------------------------------------------------

export async function getEvidence(organizationId: string, evidenceId: string): Promise<Evidence | null> {
  const doc = await evidenceDoc(organizationId, evidenceId)
  return doc ? toEvidence(doc) : null
}

/** One evidence record of the organization (in the bin too, not purged), as stored; null when there is none. */
async function evidenceDoc(organizationId: string, evidenceId: string): Promise<EvidenceDoc | null> {
  const filter = scope(organizationId, evidenceId)
  return filter ? EvidenceModel.findOne({ ...filter, purgedAt: null }).lean<EvidenceDoc>() : null
}

export interface EvidenceFilter {
  q?: string
  type?: EvidenceType
  /** true: the bin; false (default): live evidence. */
  deleted?: boolean
  /** The issuing unit. */
  unitId?: string
  /** The document date (else the day it was added) from and to, inclusive. */
  from?: Date
  to?: Date
  /** Linked to an element of this item. */
  item?: { catalogId: string; itemCode: string }
  /** Entries skipped before the first returned (pages). */
  skip?: number
  /** Only these evidence ids (the library's search: the ids its words matched). */
  ids?: string[]
}

/** Newest first. `q` matches title, file name, URL or tag. */
export async function listEvidence(
  organizationId: string,
  filter: EvidenceFilter = {},
  limit = 200,
): Promise<Evidence[]> {
  const query: Record<string, unknown> = {
    organizationId: oid(organizationId),
    purgedAt: null,
    deletedAt: filter.deleted ? { $ne: null } : null,
  }
  if (filter.type) query.type = filter.type
  if (filter.ids) query._id = { $in: filter.ids.map(toObjectId).filter(Boolean) }
  if (filter.unitId) query.issuingUnitId = toObjectId(filter.unitId)
  if (filter.from || filter.to) {
    const range = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lte: filter.to } : {}) }
    query.$and = [{ $or: [{ documentDate: range }, { documentDate: null, createdAt: range }] }]
  }
  if (filter.item)
    Object.assign(query, { 'links.catalogId': filter.item.catalogId, 'links.itemCode': filter.item.itemCode })
  const q = filter.q?.trim()
  if (q) {
    const re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i')
    query.$or = [{ title: re }, { 'versions.fileName': re }, { url: re }, { tags: re }]
  }
  const docs = await EvidenceModel.find(query)
    .sort({ updatedAt: -1 })
    .skip(filter.skip ?? 0)
    .limit(limit)
    .lean<EvidenceDoc[]>()
  const item = filter.item
  // both conditions on links may match different links of one document: check one link has both
  return docs
    .map(toEvidence)
    .filter((e) => !item || e.links.some((l) => l.catalogId === item.catalogId && l.itemCode === item.itemCode))
}

/** Live evidence of the organization whose current bytes have this SHA-256. */
export async function findEvidenceBySha256(organizationId: string, sha256: string): Promise<Evidence[]> {
  const docs = await findEvidence(organizationId, {
    sha256,
    deletedAt: null,
    purgedAt: null,
  })
    .limit(10)
    .lean<EvidenceDoc[]>()
  return docs.map(toEvidence)
}

/** Of these storage keys, the ones some evidence of the organization (in the bin too) still refers to. */
export async function referencedKeys(organizationId: string, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set()
  const docs = await findEvidence(organizationId, {
    purgedAt: null,
    $or: [{ 'versions.key': { $in: keys } }, { 'snapshots.key': { $in: keys } }],
  })
    .select({ versions: 1, snapshots: 1 })
    .lean<EvidenceDoc[]>()
  const wanted = new Set(keys)
  const found = new Set<string>()
  for (const d of docs)
    for (const k of [...(d.versions ?? []), ...(d.snapshots ?? [])].map((x) => x.key)) if (wanted.has(k)) found.add(k)
  return found
}

/**
 * The organizations that have evidence, for the jobs that walk every tenant (link checks,
 * purge). The one read here not scoped by an organization: it returns only their ids.
 */
export async function organizationsWithEvidence(): Promise<string[]> {
  const ids = (await EvidenceModel.distinct('organizationId')) as mongoose.Types.ObjectId[]
  return ids.map((i) => i.toString())
}

// ---- files --------------------------------------------------------------------------------

/** What evidence/ learned while streaming a file into the store. */
export interface StoredFile {
  key: string
  size: number
  sha256: string
  mimeType: string
  fileName: string
}

/** Control characters (tabs, line breaks, escapes) never belong in a name or a title: they are dropped. */
const CONTROLS = /[\u0000-\u001f\u007f]/g
const withoutControls = (s: string) => s.replace(CONTROLS, '')
const fileNameOk = (name: string) => withoutControls(name).trim().slice(0, 255) || 'file'

function versionOf(actor: Actor, file: StoredFile, number: number) {
  return {
    number,
    key: file.key,
    size: file.size,
    sha256: file.sha256,
    mimeType: file.mimeType,
    fileName: fileNameOk(file.fileName),
    uploadedAt: new Date(),
    uploadedBy: actor.userId ? oid(actor.userId) : null,
    uploadedByName: actor.userName,
  }
}

/**
 * Stores a new evidence record of the actor's organization and audits it; `label` names it in the trail. Linked at
 * once when `link` says where (checked first, as `linkEvidence` checks; audited as a link of its own).
 */
async function createEvidence(
  actor: Actor,
  fields: Record<string, unknown>,
  action: string,
  label: string | ((evidence: Evidence) => string),
  changes: Changes | ((evidence: Evidence) => Changes),
  link?: LinkAtCreation,
): Promise<Evidence> {
  const parsed = link && EvidenceTargetSchema.safeParse(link.target)
  if (parsed && !parsed.success) throw fromZod(parsed.error)
  const checked = link && parsed && (await checkedTarget(actor, parsed.data, link))
  const doc = await EvidenceModel.create({
    organizationId: oid(actor.organizationId),
    ...fields,
    ...(checked ? { links: [linkEntry(actor, checked)] } : {}),
    createdBy: actor.userId ? oid(actor.userId) : null,
    createdByName: actor.userName,
  })
  const written = doc.toObject() as EvidenceDoc
  const evidence = toEvidence(written)
  const labelText = typeof label === 'string' ? label : label(evidence)
  // what follows touches separate documents, so it goes at once: an upload waited on each of some twenty database
  // commands in turn. The trail keeps its order (the upload, then its link).
  await Promise.all([
    // the item's document gains the link and keeps the record beside it, as after `linkEvidence`
    checked && keepItemLink(actor.organizationId, checked.target, evidence, { written: false }),
    noteRecentEvidence(actor.organizationId, { ...recentOf(written), live: true }),
    indexForSearch(actor.organizationId, evidence),
    // the creation, then its link: one write
    recordAudit(actor, [
      evidenceEvent(evidence.id, action, labelText, typeof changes === 'function' ? changes(evidence) : changes),
      ...(checked ? [linkEvent(evidence, checked)] : []),
    ]),
  ])
  return evidence
}

/** Where a new evidence is linked as it is created (a file dropped on a required element). */
export type LinkAtCreation = LinkOptions & { target: EvidenceTarget }

const replaceConflict = () =>
  new AppError(
    bi('มีผู้อื่นแทนที่ไฟล์นี้พร้อมกัน กรุณาลองอีกครั้ง', 'someone else replaced this file at the same time: please try again'),
    409,
  )

/**
 * Records a newly stored file as evidence; its title starts as the file name without extension. Linked at once to
 * `link`'s element when given (nothing is recorded when the link is refused).
 */
export async function createFileEvidence(actor: Actor, file: StoredFile, link?: LinkAtCreation): Promise<Evidence> {
  const title =
    fileNameOk(file.fileName)
      .replace(/\.[A-Za-z0-9]{1,5}$/, '')
      .slice(0, 200) || 'file'
  return createEvidence(
    actor,
    {
      type: 'file',
      title,
      versions: [versionOf(actor, file, 1)],
      sha256: file.sha256,
    },
    'evidence.upload',
    fileNameOk(file.fileName),
    diff(null, {
      fileName: fileNameOk(file.fileName),
      size: file.size,
      sha256: file.sha256,
      mimeType: file.mimeType,
      key: file.key,
    }),
    link,
  )
}

/**
 * Adds a new version (a replacement file); earlier versions stay. Refused while the evidence is in a submitted or
 * approved item's answer.
 */
export async function addFileVersion(
  actor: Actor,
  evidenceId: string,
  file: StoredFile,
  options: ChangeOptions = {},
): Promise<Evidence> {
  const before = await getEvidence(actor.organizationId, evidenceId)
  if (!before) throw notFound()
  if (before.type !== 'file')
    throw new AppError(bi('แทนที่ไฟล์ได้เฉพาะหลักฐานประเภทไฟล์', 'only file evidence can get a new version'), 409)
  if (before.deletedAt)
    throw new AppError(
      bi('หลักฐานนี้อยู่ในถังขยะ กู้คืนก่อนจึงแทนที่ไฟล์ได้', 'this evidence is in the bin: restore it before replacing its file'),
      409,
    )
  await guardChange(actor.organizationId, before, 'version', options)
  const number = before.versions.length + 1
  // one replacement per version number: two simultaneous replacements cannot both become version n
  if (!(await claim(`evidence:${evidenceId}:version:${number}`))) throw replaceConflict()
  const doc = await updateEvidence(
    { ...scope(actor.organizationId, evidenceId)!, deletedAt: null, versions: { $size: before.versions.length } },
    { $push: { versions: versionOf(actor, file, number) }, $set: { sha256: file.sha256 } },
  )
  if (!doc) throw replaceConflict()
  const after = toEvidence(doc)
  await indexForSearch(actor.organizationId, after)
  await auditEvidence(actor, evidenceId, 'evidence.replace', after.title, {
    version: { before: before.versions.length, after: number },
    fileName: { before: before.current?.fileName, after: fileNameOk(file.fileName) },
    sha256: { before: before.current?.sha256, after: file.sha256 },
  })
  return after
}

/** Records a refused or failed upload: nothing was stored, but the attempt is in the trail. */
export async function recordUploadRefused(actor: Actor, fileName: string, reason: string): Promise<void> {
  await recordAudit(actor, {
    action: 'evidence.upload-refused',
    targetType: 'evidence',
    targetLabel: fileNameOk(fileName),
    changes: { reason: { before: null, after: reason } },
    change: false,
  })
}

// ---- links and texts ----------------------------------------------------------------------

/**
 * Validates a link: http or https, no credentials, within the allowed domains when given
 * (a domain allows its sub-domains), and not a private address unless allowed.
 */
export function validateEvidenceUrl(raw: string, options: { domains?: string[]; allowPrivate?: boolean } = {}): URL {
  const fail = (th: string, en: string) => new AppError(bi(`ลิงก์: ${th}`, `link: ${en}`), 400, { url: bi(th, en) })
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    throw fail(
      'ไม่ใช่ URL ที่ถูกต้อง (ต้องขึ้นต้นด้วย https:// หรือ http://)',
      'not a valid URL (must start with https:// or http://)',
    )
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw fail('ต้องเป็น http หรือ https เท่านั้น', 'must use http or https')
  if (url.username || url.password) throw fail('ต้องไม่มีชื่อผู้ใช้หรือรหัสผ่านใน URL', 'must not contain a user name or password')
  if (raw.length > 2000) throw fail('ยาวได้ไม่เกิน 2,000 ตัวอักษร', 'at most 2,000 characters')
  const host = url.hostname.toLowerCase()
  // IP literals in every spelling and localhost names; names are resolved and checked when fetched
  // (evidence/links.server.ts)
  const internal = options.allowPrivate ? null : hostClass(host)
  if (internal) throw fail(...internalAddressReason(internal))
  const domains = (options.domains ?? []).map((d) => d.toLowerCase()).filter(Boolean)
  if (domains.length > 0 && !domains.some((d) => host === d || host.endsWith(`.${d}`))) {
    throw fail(
      `ต้องอยู่ในโดเมนของหน่วยงาน (${domains.join(', ')})`,
      `must be on the agency's domains (${domains.join(', ')})`,
    )
  }
  return url
}

const TitleSchema = z.preprocess(
  (v) => (typeof v === 'string' ? withoutControls(v) : v),
  z
    .string()
    .trim()
    .min(1, bi('ชื่อหลักฐาน: จำเป็นต้องกรอก', 'title: required'))
    .max(200, bi('ชื่อหลักฐาน: ยาวได้ไม่เกิน 200 ตัวอักษร', 'title: at most 200 characters')),
)

/**
 * Domains default to the organization's own (its settings); empty = any public site. Linked at once to `link`'s
 * element when given (nothing is recorded when the link is refused).
 */
export async function createLinkEvidence(
  actor: Actor,
  input: { url: string; title?: string },
  { link, ...options }: { domains?: string[]; allowPrivate?: boolean; link?: LinkAtCreation } = {},
): Promise<Evidence> {
  const domains = options.domains ?? (await organizationLinkDomains(actor.organizationId))
  const url = validateEvidenceUrl(input.url ?? '', { ...options, domains })
  const title = TitleSchema.safeParse(input.title?.trim() || url.hostname + url.pathname)
  if (!title.success) throw fromZod(title.error)
  return createEvidence(
    actor,
    {
      type: 'link',
      title: title.data.slice(0, 200),
      url: url.href,
    },
    'evidence.create-link',
    (e) => e.title,
    diff(null, { url: url.href }),
    link,
  )
}

/** Plain text (no tags) becomes paragraphs and line breaks; HTML is kept, then sanitized. */
function textToHtml(input: string): string {
  if (/<[a-z][^>]*>/i.test(input)) return input
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  return input
    .split(/\r?\n\s*\r?\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escape(p).replace(/\r?\n/g, '<br />')}</p>`)
    .join('')
}

const HtmlSchema = z
  .string()
  .max(100_000, bi('คำอธิบาย: ยาวได้ไม่เกิน 100,000 ตัวอักษร', 'explanation: at most 100,000 characters'))
  .transform((h) => sanitizeEvidenceHtml(textToHtml(h)))
  .refine((h) => h.replace(/<[^>]*>/g, '').trim().length > 0, bi('คำอธิบาย: จำเป็นต้องกรอก', 'explanation: required'))

/** A text; linked at once to `link`'s element when given (nothing is recorded when the link is refused). */
export async function createTextEvidence(
  actor: Actor,
  input: { title: string; html: string },
  link?: LinkAtCreation,
): Promise<Evidence> {
  const parsed = z.object({ title: TitleSchema, html: HtmlSchema }).safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  return createEvidence(
    actor,
    {
      type: 'text',
      title: parsed.data.title,
      html: parsed.data.html,
    },
    'evidence.create-text',
    (e) => e.title,
    (e) => diff(null, { title: e.title }),
    link,
  )
}

export async function updateEvidenceText(
  actor: Actor,
  evidenceId: string,
  html: string,
  options: ChangeOptions = {},
): Promise<Evidence> {
  const before = await requireLive(actor.organizationId, evidenceId)
  if (before.type !== 'text')
    throw new AppError(bi('แก้คำอธิบายได้เฉพาะหลักฐานประเภทข้อความ', 'only text evidence has an explanation'), 409)
  const parsed = HtmlSchema.safeParse(html)
  if (!parsed.success) throw fromZod(parsed.error)
  await guardChange(actor.organizationId, before, 'text', options)
  const doc = await updateEvidence(scope(actor.organizationId, evidenceId)!, { $set: { html: parsed.data } })
  const after = toEvidence(doc!)
  await indexForSearch(actor.organizationId, after)
  await auditEvidence(
    actor,
    evidenceId,
    'evidence.update',
    after.title,
    diff({ html: before.html }, { html: after.html }),
  )
  return after
}

/** The result of checking a link, and the snapshot stored with it (if the fetch succeeded). */
export async function recordLinkCheck(
  actor: Actor,
  evidenceId: string,
  check: Omit<LinkCheck, 'checkedAt'> & { checkedAt: Date },
  snapshot?: Omit<LinkSnapshot, 'fetchedAt'> & { fetchedAt: Date },
): Promise<Evidence> {
  const filter = scope(actor.organizationId, evidenceId)
  if (!filter) throw notFound()
  const doc = await updateEvidence(
    { ...filter, type: 'link', purgedAt: null },
    { $set: { lastCheck: check }, ...(snapshot ? { $push: { snapshots: snapshot } } : {}) },
    { timestamps: false },
  )
  if (!doc) throw notFound()
  await auditEvidence(actor, evidenceId, snapshot ? 'evidence.snapshot' : 'evidence.link-check', doc.url ?? '', {
    check: {
      before: null,
      after: { ok: check.ok, status: check.status, responseMs: check.responseMs, error: check.error },
    },
    ...(snapshot
      ? { snapshot: { before: null, after: { key: snapshot.key, sha256: snapshot.sha256, size: snapshot.size } } }
      : {}),
  })
  return toEvidence(doc)
}

/** Link evidence of the organization not checked since `before` (for the scheduled check). */
export async function listLinksDueForCheck(organizationId: string, before: Date, limit = 100): Promise<Evidence[]> {
  const docs = await findEvidence(organizationId, {
    type: 'link',
    deletedAt: null,
    purgedAt: null,
    $or: [{ lastCheck: null }, { 'lastCheck.checkedAt': { $lt: before } }],
  })
    .limit(limit)
    .lean<EvidenceDoc[]>()
  return docs.map(toEvidence)
}

// ---- metadata -----------------------------------------------------------------------------

/**
 * A date box's value (typed text or "YYYY-MM-DD", read by the app's one date parser) to the Bangkok midnight of that
 * day; "" to null.
 */
// the dates of a document and of the period it covers may lie decades back; never more than 5 years ahead
const DayStringSchema = (label: Bilingual) =>
  dayField(label, { pastYears: DOCUMENT_PAST_YEARS }).transform((v) => (v ? new Date(`${v}T00:00:00+07:00`) : null))

export const EvidenceMetadataSchema = z
  .object({
    title: TitleSchema,
    description: z
      .string()
      .trim()
      .max(2000, bi('คำอธิบายโดยย่อ: ยาวได้ไม่เกิน 2,000 ตัวอักษร', 'description: at most 2,000 characters'))
      .default(''),
    documentDate: DayStringSchema({ th: 'วันที่ของเอกสาร', en: 'document date' }),
    periodFrom: DayStringSchema({ th: 'ช่วงเวลาเริ่มต้น', en: 'period from' }),
    periodTo: DayStringSchema({ th: 'ช่วงเวลาสิ้นสุด', en: 'period to' }),
    issuingUnitId: z.string().trim().default(''),
    tags: z
      .array(z.string().trim().max(50, bi('แท็ก: แต่ละแท็กยาวได้ไม่เกิน 50 ตัวอักษร', 'tags: each at most 50 characters')))
      .max(20, bi('แท็ก: ได้ไม่เกิน 20 แท็ก', 'tags: at most 20'))
      .default([])
      .transform((t) => [...new Set(t.filter(Boolean))]),
  })
  .refine((v) => !v.periodFrom || !v.periodTo || v.periodFrom <= v.periodTo, {
    message: bi('ช่วงเวลาสิ้นสุด: ต้องไม่ก่อนวันเริ่มต้น', 'period to: must not be before period from'),
    path: ['periodTo'],
  })
export type EvidenceMetadataInput = z.input<typeof EvidenceMetadataSchema>

async function requireLive(organizationId: string, evidenceId: string): Promise<Evidence> {
  return (await requireLiveLinks(organizationId, evidenceId)).evidence
}

/**
 * Live evidence and the revision of its links, in one read: the checks before a change of its links and the claim of
 * the next revision go by the same state.
 */
async function requireLiveLinks(
  organizationId: string,
  evidenceId: string,
): Promise<{ evidence: Evidence; revision: number }> {
  const { evidence, revision } = await withLinksRevision(organizationId, evidenceId)
  if (evidence.deletedAt) throw new AppError(bi('หลักฐานนี้อยู่ในถังขยะ', 'this evidence is in the bin'), 409)
  return { evidence, revision }
}

/** The evidence (in the bin too) and the revision of its links, in one read; 404 when there is none. */
async function withLinksRevision(organizationId: string, evidenceId: string) {
  const doc = await evidenceDoc(organizationId, evidenceId)
  if (!doc) throw notFound()
  return { evidence: toEvidence(doc), revision: doc.linksRevision ?? 0 }
}

/**
 * Sets title, description, document date, covered period, issuing unit and tags (not while frozen in an item's answer).
 */
export async function updateEvidenceMetadata(
  actor: Actor,
  evidenceId: string,
  input: EvidenceMetadataInput,
  options: ChangeOptions = {},
): Promise<Evidence> {
  const before = await requireLive(actor.organizationId, evidenceId)
  const parsed = EvidenceMetadataSchema.safeParse(input)
  if (!parsed.success) throw fromZod(parsed.error)
  await guardChange(actor.organizationId, before, 'metadata', options)
  const data = parsed.data
  let issuingUnitId: mongoose.Types.ObjectId | null = null
  if (data.issuingUnitId) {
    const [unit] = await filterUnitIds(actor.organizationId, [data.issuingUnitId])
    if (!unit)
      throw new AppError(
        bi('หน่วยที่ออกเอกสาร: ไม่พบหน่วยนี้ในหน่วยงาน', 'issuing unit: not a unit of this organization'),
        400,
        { issuingUnitId: bi('ไม่พบหน่วยนี้ในหน่วยงาน', 'not a unit of this organization') },
      )
    issuingUnitId = oid(unit)
  }
  const doc = await updateEvidence(
    { ...scope(actor.organizationId, evidenceId)!, deletedAt: null },
    { $set: { ...data, issuingUnitId } },
  )
  if (!doc) throw notFound()
  const after = toEvidence(doc)
  await indexForSearch(actor.organizationId, after)
  const changes = diff(snapshotOf(before), snapshotOf(after))
  if (Object.keys(changes).length > 0) await auditEvidence(actor, evidenceId, 'evidence.update', after.title, changes)
  return after
}

// ---- links to required elements ---------------------------------------------------------------

const linksConflict = () =>
  new AppError(
    bi('มีผู้อื่นแก้ไขการเชื่อมโยงพร้อมกัน กรุณาลองอีกครั้ง', 'someone else changed the links at the same time: please try again'),
    409,
  )

/** A required element in a catalog: where evidence is linked. */
export interface EvidenceTarget {
  catalogId: string
  itemCode: string
  elementId: string
}

/** What the catalog side knows about a target; null when there is no such element. */
export interface ResolvedTarget {
  fiscalYear: number
  periodRule: PeriodRule
  /** The kind of evidence the element asks for, when it says. */
  evidenceKind?: EvidenceType
  /** e.g. "O1 e1: แผนผังโครงสร้างองค์กร", shown in lists and the audit trail. */
  label: string
  /** Units the item is assigned to, for the coordinator's permission. */
  unitIds?: string[]
}

export type TargetResolver = (organizationId: string, target: EvidenceTarget) => Promise<ResolvedTarget | null>

const part = (th: string, en: string) =>
  z
    .string({ required_error: bi(`${th}: จำเป็นต้องระบุ`, `${en}: required`) })
    .trim()
    .min(1, bi(`${th}: จำเป็นต้องระบุ`, `${en}: required`))
    .max(100, bi(`${th}: ยาวได้ไม่เกิน 100 ตัวอักษร`, `${en}: at most 100 characters`))
export const EvidenceTargetSchema = z.object({
  catalogId: part('แคตตาล็อก', 'catalog'),
  itemCode: part('ข้อ', 'item'),
  elementId: part('องค์ประกอบ', 'element'),
})

const sameTarget = (a: EvidenceTarget) => (b: EvidenceTarget) =>
  a.catalogId === b.catalogId && a.itemCode === b.itemCode && a.elementId === b.elementId

/**
 * Links evidence to a required element. The target is checked by `resolveTarget` (the catalog
 * side plugs in there); `mayLink` lets the caller refuse targets outside the person's units.
 * All links of one evidence are in one fiscal year. A document date outside the element's period
 * rule is a warning in the answer, not a refusal. Linking twice to the same element changes nothing.
 */
export async function linkEvidence(
  actor: Actor,
  evidenceId: string,
  target: EvidenceTarget,
  options: LinkOptions,
): Promise<{ evidence: Evidence; warnings: string[] }> {
  const parsed = EvidenceTargetSchema.safeParse(target)
  if (!parsed.success) throw fromZod(parsed.error)
  // the evidence and the target are checked at once; a missing evidence is still the refusal given first
  const [{ evidence: before, revision }, { target: t, resolved }] = await inOrder([
    requireLiveLinks(actor.organizationId, evidenceId),
    checkedTarget(actor, parsed.data, options),
  ])
  const existing = before.links.find(sameTarget(t))
  const warnings: string[] = []
  let after = before
  if (!existing) {
    if (before.fiscalYear !== null && before.fiscalYear !== resolved.fiscalYear) {
      throw new AppError(
        bi(
          `เชื่อมโยงไม่ได้: หลักฐานนี้ใช้กับปีงบประมาณ ${before.fiscalYear} แล้ว แต่องค์ประกอบนี้เป็นของปี ${resolved.fiscalYear}`,
          `cannot link: this evidence is used in fiscal year ${before.fiscalYear}, the element belongs to ` +
            `${resolved.fiscalYear}`,
        ),
        409,
      )
    }
    // the revision of the links we checked is claimed, so two simultaneous changes cannot both apply
    await claimLinksRevision(evidenceId, revision)
    const doc = await updateEvidence(
      { ...scope(actor.organizationId, evidenceId)!, deletedAt: null },
      { $set: { linksRevision: revision + 1 }, $push: { links: linkEntry(actor, { target: t, resolved }) } },
    )
    if (!doc) throw linksConflict()
    after = toEvidence(doc)
    await Promise.all([
      keepItemLink(actor.organizationId, t, after, { written: true }),
      auditLink(actor, after, { target: t, resolved }),
    ])
  } else {
    // linking again what is linked: the item's document gains it if an earlier attempt stopped before (it only adds)
    await keepItemLink(actor.organizationId, t, before, { written: false })
  }
  const kind = resolved.evidenceKind
  if (kind && kind !== before.type) {
    warnings.push(
      bi(
        `องค์ประกอบนี้ต้องการหลักฐานประเภท${{ file: 'ไฟล์', link: 'ลิงก์', text: 'ข้อความ' }[kind]}`,
        `this element asks for ${kind} evidence`,
      ),
    )
  }
  const warning = periodWarning(before.documentDate, resolved.fiscalYear, resolved.periodRule)
  if (warning) warnings.push(warning)
  return { evidence: after, warnings }
}

/** What a link is checked with: the catalog side's `resolveTarget`, and `mayLink` for the person's units. */
export interface LinkOptions {
  resolveTarget: TargetResolver
  mayLink?: (resolved: ResolvedTarget) => boolean
}

/** A link checked: its target, and what the catalog says of it. */
interface CheckedLink {
  target: EvidenceTarget
  resolved: ResolvedTarget
}

/** The checks of every new link: the element exists, the person may link to it, and its item is open for evidence. */
async function checkedTarget(actor: Actor, target: EvidenceTarget, options: LinkOptions): Promise<CheckedLink> {
  const resolved = await options.resolveTarget(actor.organizationId, target)
  if (!resolved)
    throw new AppError(
      bi('องค์ประกอบ: ไม่พบองค์ประกอบนี้ในแคตตาล็อก', 'element: no such required element in the catalog'),
      400,
      { elementId: bi('ไม่พบองค์ประกอบนี้', 'no such element') },
    )
  if (options.mayLink && !options.mayLink(resolved))
    throw new AppError(
      bi(
        'ไม่มีสิทธิ์เชื่อมโยงกับข้อนี้ (ไม่ได้รับมอบหมายให้หน่วยของท่าน)',
        'you may not link to this item (not assigned to your units)',
      ),
      403,
    )
  // nothing joins the answer of a submitted or approved item
  await requireItemOpenForEvidence(actor.organizationId, target, 'link')
  return { target, resolved }
}

/** A link as the evidence holds it. */
const linkEntry = (actor: Actor, { target, resolved }: CheckedLink) => ({
  ...target,
  fiscalYear: resolved.fiscalYear,
  periodRule: resolved.periodRule,
  label: resolved.label.slice(0, 300),
  linkedAt: new Date(),
  linkedByName: actor.userName,
})

const linkEvent = (evidence: Evidence, { target, resolved }: CheckedLink) =>
  evidenceEvent(evidence.id, 'evidence.link', evidence.title, {
    link: { before: null, after: { ...target, label: resolved.label } },
  })
const auditLink = (actor: Actor, evidence: Evidence, link: CheckedLink) => recordAudit(actor, linkEvent(evidence, link))

/**
 * Claims the change that follows `revision` (read before the checks): a change made since, or at the same time, wins
 * and this one gets 409.
 */
async function claimLinksRevision(evidenceId: string, revision: number): Promise<number> {
  if (!(await claim(`evidence:${evidenceId}:links:${revision}`))) {
    throw linksConflict()
  }
  return revision
}

/** Removes one link; the evidence and its bytes stay. Not from a submitted or approved item whose answer holds it. */
export async function unlinkEvidence(
  actor: Actor,
  evidenceId: string,
  target: EvidenceTarget,
  options: ChangeOptions = {},
): Promise<Evidence> {
  const parsed = EvidenceTargetSchema.safeParse(target)
  if (!parsed.success) throw fromZod(parsed.error)
  const { evidence: before, revision } = await withLinksRevision(actor.organizationId, evidenceId)
  if (!before.links.some(sameTarget(parsed.data))) return before
  await guardChange(actor.organizationId, before, 'unlink', { ...options, target: parsed.data })
  await claimLinksRevision(evidenceId, revision)
  const raw = await EvidenceModel.findOne(scope(actor.organizationId, evidenceId)!)
    .select({ links: 1 })
    .lean<EvidenceDoc>()
  const kept = (raw?.links ?? []).filter((l) => !sameTarget(parsed.data)(l))
  // $set of the whole list rather than $pull with a sub-document query, which FerretDB does not
  // match the way MongoDB does; the claimed revision keeps simultaneous changes from mixing
  const doc = await updateEvidence(scope(actor.organizationId, evidenceId)!, {
    $set: { links: kept, linksRevision: revision + 1 },
  })
  if (!doc) throw linksConflict()
  await noteItemUnlink(actor.organizationId, parsed.data, evidenceId)
  await auditEvidence(actor, evidenceId, 'evidence.unlink', before.title, {
    link: { before: parsed.data, after: null },
  })
  return toEvidence(doc)
}

/** Live evidence linked to one required element (for the catalog side's item page). */
export async function listEvidenceForTarget(organizationId: string, target: EvidenceTarget): Promise<Evidence[]> {
  const docs = await findEvidence(organizationId, {
    deletedAt: null,
    purgedAt: null,
    'links.catalogId': target.catalogId,
    'links.itemCode': target.itemCode,
    'links.elementId': target.elementId,
  }).lean<EvidenceDoc[]>()
  // the three conditions above may match different links of one document: check the same one
  return docs.map(toEvidence).filter((e) => e.links.some(sameTarget(target)))
}

/**
 * Live evidence by id, in the order asked, missing ones left out. One lookup by `_id` each: the filter FerretDB 1.24
 * on SQLite serves without reading the collection (on MongoDB each is an _id index hit).
 */
export async function evidenceByIds(organizationId: string, ids: string[]): Promise<Evidence[]> {
  // the filter is `_id` alone (any other field makes FerretDB read the whole collection); the rest is checked here
  const docs = await Promise.all(
    [...new Set(ids)].map((id) => (toObjectId(id) ? EvidenceModel.findById(id).lean<EvidenceDoc>() : null)),
  )
  const org = organizationId.toString()
  return docs
    .filter((d): d is EvidenceDoc => Boolean(d && d.organizationId.toString() === org && !d.deletedAt && !d.purgedAt))
    .map(toEvidence)
}

/**
 * The links of live evidence to a catalog's items read from the evidence (item code → element and evidence), of one
 * item when `itemCode` is given: the first read of links, which are then kept by key.
 */
async function scanCatalogLinks(
  organizationId: string,
  catalogId: string,
  itemCode?: string,
): Promise<Map<string, ItemLinkEntry[]>> {
  const docs = await findEvidence(organizationId, {
    'links.catalogId': catalogId,
    ...(itemCode ? { 'links.itemCode': itemCode } : {}),
    deletedAt: null,
    purgedAt: null,
  })
    .select({ links: 1 })
    .lean<EvidenceDoc[]>()
  const found = new Map<string, ItemLinkEntry[]>()
  for (const d of docs)
    for (const l of d.links ?? [])
      if (l.catalogId === catalogId && (!itemCode || l.itemCode === itemCode))
        found.set(l.itemCode, [
          ...(found.get(l.itemCode) ?? []),
          { elementId: l.elementId, evidenceId: d._id.toString() },
        ])
  return found
}

const scanItemLinks = async (organizationId: string, catalogId: string, itemCode: string) =>
  (await scanCatalogLinks(organizationId, catalogId, itemCode)).get(itemCode) ?? []

/**
 * After a link is written: the item's key document gains it. The first link to an item whose links are not kept yet
 * reads them all from the evidence (this one included) and keeps them; in a catalog whose links are all kept, an item
 * without a document had none, so this one is all.
 */
async function keepItemLink(
  organizationId: string,
  target: EvidenceTarget,
  evidence: Evidence,
  { written }: { written: boolean },
): Promise<void> {
  const key = { catalogId: target.catalogId, itemCode: target.itemCode }
  const noted = await noteItemLink(organizationId, target, evidence.id)
  // written just now (updateEvidence): its record was kept then beside the item's complete document
  if (noted && written) return
  if (!noted) {
    const state = await itemLinksState(organizationId, key)
    // completed meanwhile by another write: it takes the link as above
    if (state === 'kept') await noteItemLink(organizationId, target, evidence.id)
    else {
      const found =
        state === 'none'
          ? [{ elementId: target.elementId, evidenceId: evidence.id }]
          : await scanItemLinks(organizationId, key.catalogId, key.itemCode)
      await completeItemLinks(organizationId, key, found)
    }
  }
  // and its record beside the links: the write came when the item's document was missing or incomplete, or (linking
  // or restoring again) an earlier attempt may have stopped before keeping it
  await touchItemLinks(organizationId, [key], { id: evidence.id, rev: evidence.rev, record: evidence })
}

/**
 * The live evidence of each element of one item, in the coordinator's order: the item's links read by key, then the
 * evidence by id, each checked against its own links. The records may be shared with later reads: never change them.
 */
export async function evidenceOfItem(
  organizationId: string,
  catalogId: string,
  itemCode: string,
): Promise<Map<string, Evidence[]>> {
  const key = { catalogId, itemCode }
  // an item not linked to since its links are kept by key: read them from the evidence (reading writes nothing)
  const read = await readItemLinks(organizationId, key, () => scanItemLinks(organizationId, catalogId, itemCode))
  const { entries } = read
  const { found, missing } = itemEvidence.take(
    organizationId,
    key,
    read,
    entries.map((x) => x.evidenceId),
  )
  // then the records kept beside the links (one read), then by id what was written since or never kept
  const beside = missing.length ? await readItemRecords<Evidence>(organizationId, key, read, missing) : new Map()
  const byId = await evidenceByIds(
    organizationId,
    missing.filter((id) => !beside.has(id)),
  )
  const fresh = [...[...beside.values()].filter((x) => !x.deletedAt && !x.purged), ...byId]
  itemEvidence.keep(
    organizationId,
    key,
    read,
    fresh.map((x) => [x.id, x]),
  )
  const all = new Map([...found, ...fresh.map((x): [string, Evidence] => [x.id, x])])
  const out = new Map<string, Evidence[]>()
  for (const { elementId, evidenceId } of entries) {
    const evidence = all.get(evidenceId)
    if (!evidence?.links.some(sameTarget({ catalogId, itemCode, elementId }))) continue
    out.set(elementId, [...(out.get(elementId) ?? []), evidence])
  }
  return out
}

/**
 * The item page's evidence records as last read: a big agency's item holds hundreds, each read by `_id` (the read
 * FerretDB serves by index), and most have not changed since the last read. About 2 KB each: at most some 40 MB.
 */
const itemEvidence = new ItemEvidenceMemo<Evidence>(20_000)

/**
 * The links of live evidence to each of these items of a catalog (item code → element and evidence): read by key once
 * the catalog's links are kept by item, else from the evidence in one query, then kept, so that later reads (the
 * completeness matrix after any change) are by key. Evidence moved to the bin leaves its items' documents and comes
 * back with a restore.
 */
export async function linksOfCatalogItems(
  organizationId: string,
  catalogId: string,
  itemCodes: string[],
): Promise<Map<string, ItemLinkEntry[]>> {
  const kept = await keptCatalogLinks(organizationId, catalogId, itemCodes)
  if (kept) return kept
  // items without a link are kept too (empty), so that their pages and first links read by key
  const found = new Map([
    ...itemCodes.map((code): [string, ItemLinkEntry[]] => [code, []]),
    ...(await scanCatalogLinks(organizationId, catalogId)),
  ])
  await keepCatalogLinks(organizationId, catalogId, found)
  return new Map(itemCodes.map((code) => [code, found.get(code)!]))
}

/**
 * Keeps evidence records written in bulk (the benchmarks' seeds) beside the links of the items they are linked to, as
 * a write of each through `updateEvidence` would. The items' links must be kept already.
 */
export async function keepBulkRecordsInItems(organizationId: string, docs: unknown[]): Promise<void> {
  const items = new Map<string, { key: ItemKey; written: RevisedRecord<Evidence>[] }>()
  for (const doc of docs as EvidenceDoc[]) {
    if (doc.deletedAt || doc.purgedAt) continue
    const evidence = toEvidence(doc)
    for (const l of evidence.links) {
      const name = `${l.catalogId}:${l.itemCode}`
      const item = items.get(name) ?? { key: { catalogId: l.catalogId, itemCode: l.itemCode }, written: [] }
      item.written.push({ id: evidence.id, rev: evidence.rev, record: evidence })
      items.set(name, item)
    }
  }
  for (const { key, written } of items.values()) await keepItemRecords(organizationId, key, written)
}

/** Of these items of a catalog, the codes of those with live evidence linked to any of their elements. */
export async function itemCodesWithEvidence(
  organizationId: string,
  catalogId: string,
  itemCodes: string[],
): Promise<Set<string>> {
  const links = await linksOfCatalogItems(organizationId, catalogId, itemCodes)
  return new Set([...links].filter(([, entries]) => entries.length > 0).map(([code]) => code))
}

// ---- bin and retention --------------------------------------------------------------------

/**
 * Moves evidence to the bin; its bytes stay until `retentionDays` have passed. Not while frozen in an item's answer.
 */
export async function deleteEvidence(
  actor: Actor,
  evidenceId: string,
  retentionDays: number,
  options: ChangeOptions = {},
): Promise<Evidence> {
  const before = await requireLive(actor.organizationId, evidenceId)
  await guardChange(actor.organizationId, before, 'delete', options)
  const now = new Date()
  const doc = await updateEvidence(
    { ...scope(actor.organizationId, evidenceId)!, deletedAt: null },
    {
      $set: {
        deletedAt: now,
        deletedByName: actor.userName,
        purgeAfter: new Date(now.getTime() + retentionDays * 86_400_000),
      },
    },
  )
  if (!doc) throw notFound()
  const after = toEvidence(doc)
  // the items' documents list live evidence only (the completeness matrix counts them as they are); its place in
  // each element's order stays for a restore
  for (const link of after.links) await noteItemUnlink(actor.organizationId, link, evidenceId, true)
  await indexForSearch(actor.organizationId, after)
  await auditEvidence(actor, evidenceId, 'evidence.delete', before.title, {
    deletedAt: { before: null, after: after.deletedAt },
    purgeAfter: { before: null, after: after.purgeAfter },
  })
  return after
}

/**
 * Takes evidence out of the bin (administrators), links and versions intact. Not while it would count again in a
 * submitted or approved item's answer.
 */
export async function restoreEvidence(actor: Actor, evidenceId: string): Promise<Evidence> {
  const before = await getEvidence(actor.organizationId, evidenceId)
  if (!before) throw notFound()
  if (!before.deletedAt) {
    // restored already: its items' documents gain its links if an earlier restore stopped before (they only add)
    for (const link of before.links) await keepItemLink(actor.organizationId, link, before, { written: false })
    return before
  }
  // back from the bin it counts in the answers it is linked to: not in a submitted or approved one
  await requireRestorable(actor.organizationId, before)
  const doc = await updateEvidence(
    { ...scope(actor.organizationId, evidenceId)!, purgedAt: null },
    { $set: { deletedAt: null, deletedByName: '', purgeAfter: null } },
  )
  if (!doc) throw notFound()
  const restored = toEvidence(doc)
  for (const link of restored.links) await keepItemLink(actor.organizationId, link, restored, { written: true })
  await indexForSearch(actor.organizationId, toEvidence(doc))
  await auditEvidence(actor, evidenceId, 'evidence.restore', before.title, {
    deletedAt: { before: before.deletedAt, after: null },
  })
  return toEvidence(doc)
}

/** Evidence of the organization whose retention in the bin has ended. */
export async function listPurgeableEvidence(organizationId: string, now: Date): Promise<Evidence[]> {
  const docs = await findEvidence(organizationId, {
    purgedAt: null,
    purgeAfter: { $ne: null, $lte: now },
  }).lean<EvidenceDoc[]>()
  return docs.map(toEvidence)
}

/**
 * Marks evidence as purged once its bytes are gone. The record stays as a tombstone (title,
 * keys, hashes) so the audit trail and old packages can still say what existed.
 */
export async function markEvidencePurged(actor: Actor, evidenceId: string, removedKeys: string[]): Promise<void> {
  const doc = await EvidenceModel.findOneAndUpdate(
    { ...scope(actor.organizationId, evidenceId)!, purgedAt: null, purgeAfter: { $ne: null } },
    { $set: { purgedAt: new Date() }, $inc: { rev: 1 } },
    { returnDocument: 'after' },
  ).lean<EvidenceDoc>()
  if (!doc) return
  await keepWritten(doc)
  await indexForSearch(actor.organizationId, { ...toEvidence(doc), purged: true })
  await auditEvidence(actor, evidenceId, 'evidence.purge', doc.title, {
    removedKeys: { before: removedKeys, after: [] },
  })
}

/** The organization's evidence records that match `filter`. */
function findEvidence(organizationId: string, filter: mongoose.QueryFilter<EvidenceDoc>) {
  return EvidenceModel.find({ organizationId: oid(organizationId), ...filter })
}

/**
 * Updates one evidence record: the record as it is after, or null when the filter matched none. Every write of an
 * evidence record goes through here (or `markEvidencePurged`), which is what lets the item page keep what it read.
 */
async function updateEvidence(
  filter: mongoose.QueryFilter<EvidenceDoc>,
  update: mongoose.UpdateQuery<EvidenceDoc>,
  options: { timestamps?: boolean } = {},
): Promise<EvidenceDoc | null> {
  const counted = { ...update, $inc: { ...(update.$inc as object), rev: 1 } }
  const doc = await EvidenceModel.findOneAndUpdate(filter, counted, {
    returnDocument: 'after',
    ...options,
  }).lean<EvidenceDoc>()
  if (doc) await keepWritten(doc)
  return doc
}

/**
 * What follows every write of a record: the items it is linked to keep it as written (item-links.server.ts), and the
 * organization's list of recent evidence puts it first or takes it out (recent.server.ts).
 */
async function keepWritten(doc: EvidenceDoc): Promise<void> {
  const evidence = toEvidence(doc)
  const organizationId = doc.organizationId.toString()
  // separate documents: both at once
  await Promise.all([
    touchItemLinks(organizationId, evidence.links, { id: evidence.id, rev: evidence.rev, record: evidence }),
    noteRecentEvidence(organizationId, { ...recentOf(doc), live: !doc.deletedAt && !doc.purgedAt }),
  ])
}

const recentOf = (doc: EvidenceDoc): RecentEvidence => ({
  id: doc._id.toString(),
  title: doc.title,
  fiscalYear: doc.links?.[0]?.fiscalYear ?? null,
  at: (doc.updatedAt ?? doc.createdAt).toISOString(),
})

/**
 * The organization's most recently written live evidence, newest first (what the lists of "the library" without a
 * search offer): read by key, built from the evidence the first time.
 */
export function recentEvidence(organizationId: string, limit: number): Promise<RecentEvidence[]> {
  return readRecentEvidence(organizationId, limit, async (n) =>
    (
      await findEvidence(organizationId, { deletedAt: null, purgedAt: null })
        .select({ title: 1, links: 1, createdAt: 1, updatedAt: 1 })
        .sort({ updatedAt: -1 })
        .limit(n)
        .lean<EvidenceDoc[]>()
    ).map(recentOf),
  )
}

/** One change to an evidence record, as the trail records it. */
const evidenceEvent = (evidenceId: string, action: string, targetLabel: string, changes: Changes): AuditInput => ({
  action,
  targetType: 'evidence',
  targetId: evidenceId,
  targetLabel,
  changes,
})

/** Audits one change to an evidence record. */
function auditEvidence(actor: Actor, evidenceId: string, action: string, targetLabel: string, changes: Changes) {
  return recordAudit(actor, evidenceEvent(evidenceId, action, targetLabel, changes))
}

/**
 * After every change: the library's search index follows (title, file names, text, bin). A failure is logged and
 * does not undo the change; the next change of the evidence, or `npm run search:rebuild`, writes its words again.
 */
async function indexForSearch(organizationId: string, e: Evidence): Promise<void> {
  try {
    await syncEvidenceSearch(organizationId, {
      id: e.id,
      title: e.title,
      description: e.description,
      tags: e.tags,
      url: e.url,
      html: e.html,
      fileNames: [...new Set(e.versions.map((v) => v.fileName))],
      live: !e.deletedAt && !e.purged,
      file: e.current
        ? {
            version: e.current.number,
            key: e.current.key,
            mimeType: e.current.mimeType,
            fileName: e.current.fileName,
            size: e.current.size,
          }
        : null,
    })
  } catch (error) {
    process.stderr.write(`[evidence-search] could not index evidence ${e.id}: ${(error as Error).message}\n`)
  }
}

/** Gives every evidence of the organization (the bin too) to the search index; returns how many. */
export async function indexAllForSearch(organizationId: string): Promise<number> {
  let n = 0
  for await (const doc of findEvidence(organizationId, {})
    .lean<EvidenceDoc[]>()
    .cursor() as AsyncIterable<EvidenceDoc>) {
    await indexForSearch(organizationId, toEvidence(doc))
    n++
  }
  return n
}

/** The actor jobs use when nobody is at the keyboard. */
export const systemActor = (organizationId: string): Actor => ({
  organizationId,
  userId: null,
  userName: 'ระบบ / system',
})
