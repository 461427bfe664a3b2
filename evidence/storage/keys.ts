/**
 * The object-key layout of the bucket, in one place. Evidence files and link snapshots live under
 * evidence/<organization>/, which the reconciler walks; generated submission packages under
 * packages/<organization>/, outside it. Keys never derive from file names (Thai, spaces, `../` stay out);
 * the key an object got is stored on its document (evidence versions, package jobs), so changing this
 * layout moves only new objects.
 */
import { randomUUID } from 'node:crypto'

/** Every evidence object (uploaded file or link snapshot) lives under its organization's prefix. */
export const EVIDENCE_PREFIX = 'evidence/'

/** Where generated archives live (outside evidence/, which the reconciler sweeps). */
export const PACKAGE_PREFIX = 'packages/'

/** A fresh key for an evidence object of the organization. */
export function newObjectKey(organizationId: string): string {
  return `${EVIDENCE_PREFIX}${organizationId}/${randomUUID()}`
}

/** The key of a package job's archive. */
export const packageKey = (job: { organizationId: string; id: string }) =>
  `${PACKAGE_PREFIX}${job.organizationId}/${job.id}.zip`

/** The organization an evidence key belongs to ('' for a key outside the evidence prefix). */
export const organizationOfEvidenceKey = (key: string) =>
  key.startsWith(EVIDENCE_PREFIX) ? key.slice(EVIDENCE_PREFIX.length).split('/')[0] : ''
