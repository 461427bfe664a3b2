/**
 * The test kit: what integration, e2e, security and bench files set up again and again, in one place.
 * - `provide()` in beforeAll and `release` in afterAll: a database (and bucket, environment) of the
 *   file's own, with the organizations it asks for;
 * - `withOrg(label, set)`: both at once for a file that needs just one organization;
 * - `actorsOf(org)` / `actorOf(org, person)`: who does something, one per role;
 * - `publishAndAssign()`: a built-in catalog published and its items given to units;
 * - `giveEvidence()`: text evidence linked to elements of an item, as a coordinator does;
 * - `checkedLink()`: a web page as link evidence, checked and snapshotted;
 * - `linker()`, `storedPdf()`, `submitAndApprove()`: an item's answer built and approved;
 * - `sessionCookie()`: a signed-in session for calling route modules directly.
 * The signed-in Chromium page is browser.ts's `signedInPage`; the e2e world, e2e-db.ts's `provideE2e`
 * (and `signInCookie` for HTTP without a browser).
 */
import { Readable } from 'node:stream'
import { afterAll, beforeAll } from 'vitest'
import { newObjectKey } from '#evidence/storage/keys'
import { putHashedStream } from '#evidence/storage/objects.server'
import type { Storage } from '#evidence/storage/storage.server'
import { assignItems, type AssignInput } from '#models/work/assignment.server'
import type { Actor } from '#models/tenancy/audit.server'
import { createSession } from '#models/tenancy/auth.server'
import { startFromBuiltIn, type StoredCatalog } from '#models/catalog/catalog.server'
import { publishCatalog } from '#models/work/catalog-changes.server'
import { createLinkEvidence, createTextEvidence, linkEvidence, recordLinkCheck } from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import type { Role } from '#models/tenancy/permissions'
import { approveItem, getItemReview, submitItem } from '#models/work/review.server'
import type { Person } from '#models/tenancy/user.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { testEnv, useTestBucket, useTestDatabase } from '#test/support/services'

// each test file runs in its own module graph: this list is the file's own
const releases: Array<() => Promise<void> | void> = []

/** Undoes what `provide()` (or `provideE2e()`) set up, last first; pass it to afterAll. */
export async function release(): Promise<void> {
  while (releases.length) await releases.pop()!()
}

/** Registers something to undo in `release`. */
export function onRelease(undo: () => Promise<void> | void): void {
  releases.push(undo)
}

/**
 * The set-up of a file that needs just one organization: a database of its own with the organization
 * `label`, handed to `set` before the file's tests, and released after them.
 */
export function withOrg(label: string, set: (org: TestOrg) => void): void {
  beforeAll(async () => set((await provide({ org: label })).org))
  afterAll(release)
}

/** The person's own actor in their organization, as a signed-in session would make it. */
export const actorOf = (org: TestOrg, person: Person): Actor => ({
  ...org.actor,
  userId: person.id,
  userName: person.nameTh,
})

/** One actor per role of the organization (the coordinator is in its first unit). */
export function actorsOf(org: TestOrg): Record<Role, Actor> {
  const roles = Object.keys(org.people) as Role[]
  return Object.fromEntries(roles.map((role) => [role, actorOf(org, org.people[role])])) as Record<Role, Actor>
}

export interface ProvideOptions {
  /** The label of the organization to create (none when left out). */
  org?: string
  /** The label of a second, unrelated organization: for isolation checks. */
  other?: string
  /** A bucket of the file's own on the shared S3 server. */
  bucket?: boolean
  /**
   * Environment the routes read their configuration from (over `testEnv()`); with `bucket`, S3_BUCKET
   * names the file's bucket. The database connection made here is reused by the routes.
   */
  env?: Record<string, string> | true
}

export interface Provided {
  org: TestOrg
  other: TestOrg
  storage: Storage
  dbName: string
  uri: string
}

/**
 * A fresh database of the file's own, and what the options ask for; call in beforeAll and pass
 * `release` to afterAll. What was not asked for is left undefined.
 */
export async function provide(options: ProvideOptions = {}): Promise<Provided> {
  const db = await useTestDatabase()
  onRelease(db.cleanup)
  const storage = options.bucket ? await useTestBucket() : (undefined as unknown as Storage)
  if (options.env) {
    const overrides = options.env === true ? {} : options.env
    Object.assign(process.env, testEnv(overrides), storage ? { S3_BUCKET: storage.bucket } : {}, overrides)
  }
  const org = options.org ? await createTestOrg(options.org) : (undefined as unknown as TestOrg)
  const other = options.other ? await createTestOrg(options.other) : (undefined as unknown as TestOrg)
  return { org, other, storage, dbName: db.dbName, uri: db.uri }
}

/** What to assign: items to units (the organization's first unit by default), due 31 March 2026 by default. */
export type Assign = Omit<AssignInput, 'catalogId' | 'unitIds'> & { unitIds?: string[] }

/**
 * Starts a built-in catalog, publishes it and makes each assignment given, as the administrator:
 * resolves with the published catalog.
 */
export async function publishAndAssign(
  org: TestOrg,
  builtInKey: string,
  ...assignments: Assign[]
): Promise<StoredCatalog> {
  const catalog = await publishCatalog(org.actor, (await startFromBuiltIn(org.actor, builtInKey)).id)
  for (const a of assignments) {
    const unitIds = a.unitIds ?? [org.units[0].id]
    await assignItems(org.actor, { dueDate: '2026-03-31', ...a, catalogId: catalog.id, unitIds })
  }
  return catalog
}

/** Links one new text evidence item to each element given (as `actor`); resolves with their ids. */
export async function giveEvidence(
  actor: Actor,
  catalogId: string,
  itemCode: string,
  elementIds: string[],
): Promise<string[]> {
  const ids: string[] = []
  for (const elementId of elementIds) {
    const e = await createTextEvidence(actor, { title: `${itemCode} ${elementId}`, html: `<p>${elementId}</p>` })
    await linkEvidence(actor, e.id, { catalogId, itemCode, elementId }, { resolveTarget: resolveOrganizationTarget })
    ids.push(e.id)
  }
  return ids
}

/**
 * A page of the agency's website as link evidence (as `actor`), checked at `fetchedAt` (200, HTML, no
 * redirect) with its snapshot stored: resolves with the evidence.
 */
export async function checkedLink(
  actor: Actor,
  page: { url: string; title: string },
  check: { fetchedAt: Date; responseMs: number; sha256: string; size: number },
) {
  const { fetchedAt, responseMs, sha256, size } = check
  const link = await createLinkEvidence(actor, page, { domains: [] })
  const common = { status: 200, contentType: 'text/html', finalUrl: link.url! }
  await recordLinkCheck(
    actor,
    link.id,
    { ...common, checkedAt: fetchedAt, ok: true, redirects: [], responseMs, error: '' },
    { ...common, key: `snapshots/${link.id}/0`, sha256, size, fetchedAt },
  )
  return link
}

/** A function that links evidence (by id) to an element of the item, as `actor`. */
export const linker = (actor: Actor, catalogId: string, itemCode: string) => (evidenceId: string, elementId: string) =>
  linkEvidence(actor, evidenceId, { catalogId, itemCode, elementId }, { resolveTarget: resolveOrganizationTarget })

/** Stores `body` as a PDF of the organization in S3: resolves with what createFileEvidence takes. */
export async function storedPdf(
  storage: Storage,
  organizationId: string,
  fileName: string,
  body: Buffer,
  maxBytes = 1 << 20,
) {
  const options = { contentType: 'application/pdf', maxBytes, fileName }
  const stored = await putHashedStream(storage, newObjectKey(organizationId), Readable.from([body]), options)
  return { ...stored, mimeType: 'application/pdf', fileName }
}

/** The organization's coordinator submits the item, and its assessor approves it with every element ticked. */
export async function submitAndApprove(org: TestOrg, catalogId: string, itemCode: string): Promise<void> {
  const { coordinator, assessor } = actorsOf(org)
  const elements = (await getItemReview(org.organization.id, catalogId, itemCode))!.elements
  await submitItem(coordinator, catalogId, itemCode)
  await approveItem(assessor, catalogId, itemCode, { ticks: elements.map((e) => ({ elementId: e.id, ticked: true })) })
}

/** What a route's loader or action is called with, and the handler itself (routes are imported as modules). */
export type RouteArgs = { request: Request; params: Record<string, string>; context: Record<string, unknown> }
export type Handler = (args: RouteArgs) => Promise<Response>

/** The Cookie header value of a fresh session of the person, as the sign-in route would set it. */
export async function sessionCookie(organizationId: string, userId: string): Promise<string> {
  // imported late: the session module reads its secret from the environment that provide() set
  const { commitSession } = await import('#app/utils/session.server')
  const { token } = await createSession({ userId, organizationId })
  return (await commitSession(token)).split(';')[0]
}
