/**
 * Deleting a whole organization: its documents (models/tenancy/organization-data.server.ts) and its
 * objects in the store. Allowed only to platform operators, only when an export started after the
 * organization's last change (so everything deleted can be imported again), and only with its code
 * typed as the confirmation. Recorded in the platform trail (the organization's own trail goes with it).
 */
import { DeleteObjectCommand } from '@aws-sdk/client-s3'
import { formatDate } from '#models/dates'
import { AppError, bi } from '#models/errors'
import { oid } from '#models/ids'
import { getOrganizationByCode } from '#models/tenancy/organization.server'
import {
  appDb,
  deleteOrganizationDocuments,
  organizationExportState,
  referencedObjectKeys,
} from '#models/tenancy/organization-data.server'
import type { OperatorActor } from '#models/tenancy/operator.server'
import type { Storage } from '#evidence/storage/storage.server'
import {
  organizationObjectKeys,
  recordPlatformEvent,
  requireOperatorActor,
} from '#evidence/transfer/organization-archive.server'

const refuse = (field: string, th: string, en: string, status = 400) =>
  new AppError(bi(th, en), status, { [field]: bi(th, en) })

export interface DeleteSummary {
  code: string
  documents: number
  objects: number
  /** Objects the store did not remove (left to the reconciler); 0 normally. */
  objectsLeft: number
}

/**
 * Deletes the organization of `code` when `confirm` is that code and a current export exists.
 * Documents first (the organization document last), then objects: a failure half-way leaves the
 * organization listed and the delete can be run again.
 */
export async function deleteOrganization(
  storage: Storage,
  actor: OperatorActor,
  input: { code: string; confirm: string },
): Promise<DeleteSummary> {
  await requireOperatorActor(actor)
  const code = input.code.trim()
  const organization = code ? await getOrganizationByCode(code) : null
  if (!organization)
    throw refuse('code', `รหัสหน่วยงาน: ไม่พบ "${code}"`, `code: no organization has the code "${code}"`, 404)
  if (input.confirm.trim() !== organization.code)
    throw refuse(
      'confirm',
      `ยืนยัน: พิมพ์รหัสหน่วยงาน "${organization.code}" ให้ตรงเพื่อยืนยันการลบ`,
      `confirm: type the organization's code "${organization.code}" exactly to confirm the deletion`,
    )
  const state = await organizationExportState(organization.id)
  const when = (locale: 'th' | 'en') => formatDate(state.lastExport?.at ?? '', locale, { style: 'datetime' })
  if (!state.current)
    throw refuse(
      'export',
      state.lastExport
        ? `ส่งออก: มีการเปลี่ยนแปลงหลังการส่งออกครั้งล่าสุด (${when('th')}) ` + 'กรุณาส่งออกอีกครั้งก่อนลบ'
        : 'ส่งออก: ยังไม่เคยส่งออกข้อมูลหน่วยงานนี้ กรุณาส่งออกก่อนลบ',
      state.lastExport
        ? `export: the organization changed after its last export (${when('en')}); ` + 'export it again before deleting'
        : 'export: the organization has never been exported; export it before deleting',
      409,
    )
  const db = appDb()
  const orgId = oid(organization.id)
  const keys = await organizationObjectKeys(storage, organization.id, await referencedObjectKeys(db, orgId))
  const removed = await deleteOrganizationDocuments(db, orgId)
  let objectsLeft = 0
  for (const key of keys) {
    try {
      await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key }))
    } catch {
      objectsLeft++
    }
  }
  const documents = Object.values(removed).reduce((a, b) => a + b, 0)
  await recordPlatformEvent(actor, {
    action: 'organization.delete',
    targetType: 'organization',
    targetId: organization.id,
    targetLabel: `${organization.code} ${organization.nameTh}`,
    changes: {
      code: { before: organization.code, after: null },
      documents: { before: documents, after: 0 },
      objects: { before: keys.length, after: objectsLeft },
      sha256: { before: state.lastExport!.sha256, after: null },
    },
  })
  return { code: organization.code, documents, objects: keys.length - objectsLeft, objectsLeft }
}
