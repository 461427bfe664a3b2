/**
 * Moving a whole organization (real FerretDB and S3 gateway): an organization with files, reviews
 * and assignments is exported to a ZIP; `npm run operator -- org import` puts it into an empty
 * deployment (another database and bucket on the same services) where every document and object is
 * hash-compared with the source; another organization's data is never in the file; a changed byte,
 * an existing code and bad flags are refused with nothing written; delete needs a current export
 * and the typed code, leaves the other organization whole, and its export imports back.
 */
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createWriteStream, existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3'
import mongoose from 'mongoose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import archiver from 'archiver'
import yauzl from 'yauzl'
import type { Storage } from '#evidence/storage/storage.server'
import {
  exportOrganization,
  importOrganization,
  recordOrganizationExport,
} from '#evidence/transfer/organization-archive.server'
import { deleteOrganization } from '#evidence/transfer/organization-delete.server'
import { createFileEvidence, createTextEvidence } from '#models/evidence/records.server'
import { listAuditEvents } from '#models/tenancy/audit.server'
import { createOperator, PLATFORM_AUDIT_SCOPE, type OperatorActor } from '#models/tenancy/operator.server'
import { getOrganizationByCode } from '#models/tenancy/organization.server'
import { addPerson, getUserByEmail, setPassword } from '#models/tenancy/user.server'
import { assignItems } from '#models/work/assignment.server'
import { getInbox, inboxCount } from '#models/work/reminder.server'
import { ROOT } from '#scripts/services'
import { TEST_PASSWORD, type TestOrg } from '#test/support/fixtures'
import {
  actorsOf,
  type Handler,
  linker,
  provide,
  publishAndAssign,
  release,
  storedPdf,
  submitAndApprove,
} from '#test/support/kit'
import { useTestBucket } from '#test/support/services'

type Db = mongoose.mongo.Db
const { EJSON } = mongoose.mongo.BSON
const CLI: OperatorActor = { userId: null, userName: 'test operator' }

let org: TestOrg
let other: TestOrg
let storage: Storage
let uri: string
let dir: string
let exportFile: string
let catalogId: string
const otherKeys: string[] = []
const client = () => mongoose.connection.getClient()
const sourceDb = () => mongoose.connection.db!

beforeAll(async () => {
  const provided = await provide({ org: 'transfer', other: 'bystander', bucket: true, env: true })
  ;({ org, other, storage, uri } = provided)
  process.env.MONGODB_URI = uri
  dir = await mkdtemp(path.join(tmpdir(), 'saisaat-transfer-'))

  // the organization: two stored files (one with a second version), texts, an approved item, a
  // pending invitation of the other organization's administrator (a person shared by both)
  const catalog = await publishAndAssign(org, 'ita-nacc-2569', { itemCodes: ['O1'] }, { itemCodes: ['O2'] })
  catalogId = catalog.id
  const { coordinator } = actorsOf(org)
  const pdf = (text: string) =>
    storedPdf(storage, org.organization.id, `${text}.pdf`, Buffer.from(`%PDF-1.4\n${text}\n`))
  const link = linker(coordinator, catalog.id, 'O1')
  const elements = (await import('#models/work/review.server')).getItemReview
  const o1 = (await elements(org.organization.id, catalog.id, 'O1'))!.elements
  for (const [i, element] of o1.entries()) {
    const e =
      i === 0
        ? await createFileEvidence(coordinator, await pdf('โครงสร้างหน่วยงาน'))
        : await createTextEvidence(coordinator, { title: `คำอธิบาย ${element.id}`, html: `<p>${element.id}</p>` })
    await link(e.id, element.id)
  }
  await createFileEvidence(coordinator, await pdf('แผนปฏิบัติการ'))
  await submitAndApprove(org, catalog.id, 'O1')
  await addPerson(org.actor, { email: other.people.admin.email, nameTh: 'ผู้ตรวจร่วม', role: 'assessor' })

  // the other organization: its own file and catalog, which must never travel with the first
  const otherCatalog = await publishAndAssign(other, 'ita-nacc-2569', { itemCodes: ['O1'] })
  const theirs = await storedPdf(storage, other.organization.id, 'ของหน่วยงานอื่น.pdf', Buffer.from('%PDF-1.4\nx\n'))
  otherKeys.push(theirs.key)
  const file = await createFileEvidence(actorsOf(other).coordinator, theirs)
  const otherElements = (await elements(other.organization.id, otherCatalog.id, 'O1'))!.elements
  await linker(actorsOf(other).coordinator, otherCatalog.id, 'O1')(file.id, otherElements[0].id)
})
afterAll(async () => {
  for (const name of ['target', 'tampered', 'forged'])
    await client()
      .db(`${dbNameOf(uri)}_${name}`)
      .dropDatabase()
  await rm(dir, { recursive: true, force: true })
  await release()
})

const dbNameOf = (u: string) => new URL(u).pathname.slice(1)
const targetUri = (name: string) => `${uri}_${name}`

/** Exports through the model as the CLI does: the file, then the export recorded. */
async function exportTo(file: string, code = org.organization.code) {
  const started = await exportOrganization(storage, CLI, code)
  await pipeline(started.body, createWriteStream(file))
  const summary = await started.summary
  await recordOrganizationExport(CLI, summary)
  return summary
}

/** `npm run operator -- …` as a child process against `env` (this file's deployment unless told). */
function operator(env: Record<string, string>, ...args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/operator.ts', ...args],
      { cwd: ROOT, env: { ...process.env, SMTP_URL: '', ...env } },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })
}

/**
 * The organization's documents in a database, read without the export's code: every collection,
 * the documents carrying its id (its own by _id, its members' accounts), as canonical Extended JSON
 * sorted by _id. `skip` leaves out trail events (the export and import events are recorded after).
 */
async function documentsOf(db: Db, organizationId: string, skip: string[] = []) {
  const id = new mongoose.Types.ObjectId(organizationId)
  const out: Record<string, string[]> = {}
  const members = await db.collection('memberships').distinct('userId', { organizationId: id })
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    const filter =
      name === 'organizations'
        ? { _id: id }
        : name === 'users'
          ? { _id: { $in: members } }
          : name === 'audit_events'
            ? { organizationId: id, action: { $nin: skip } }
            : { organizationId: id }
    const docs = await db.collection(name).find(filter).sort({ _id: 1 }).toArray()
    if (docs.length) out[name] = docs.map((d) => EJSON.stringify(d, { relaxed: false }))
  }
  return out
}

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex')

async function objectsOf(s: Storage, organizationId: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const prefix of [`evidence/${organizationId}/`, `packages/${organizationId}/`]) {
    const page = await s.client.send(new ListObjectsV2Command({ Bucket: s.bucket, Prefix: prefix }))
    for (const o of page.Contents ?? []) {
      const got = await s.client.send(new GetObjectCommand({ Bucket: s.bucket, Key: o.Key! }))
      out[o.Key!] = `${got.ContentType} ${sha(Buffer.from(await got.Body!.transformToByteArray()))}`
    }
  }
  return out
}

async function entriesOf(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.fromBufferPromise(await readFile(file), { lazyEntries: true })
  const out = new Map<string, Buffer>()
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, async (error, stream) => {
        if (error) return reject(error)
        const chunks: Buffer[] = []
        for await (const c of stream) chunks.push(c as Buffer)
        out.set(entry.fileName, Buffer.concat(chunks))
        zip.readEntry()
      })
    })
    zip.on('end', resolve)
    zip.on('error', reject)
    zip.readEntry()
  })
  return out
}

async function exists(s: Storage, key: string) {
  return s.client.send(new HeadObjectCommand({ Bucket: s.bucket, Key: key })).then(
    () => true,
    () => false,
  )
}

describe('exporting an organization', () => {
  it('refuses to delete an organization never exported', async () => {
    const code = org.organization.code
    await expect(deleteOrganization(storage, CLI, { code, confirm: code })).rejects.toMatchObject({
      status: 409,
      fieldErrors: { export: expect.stringContaining('never been exported') },
    })
    expect(await getOrganizationByCode(code)).not.toBeNull()
  })

  it('holds every document and object of the organization with their hashes, and nothing of another', async () => {
    exportFile = path.join(dir, 'first.zip')
    const before = await documentsOf(sourceDb(), org.organization.id)
    const summary = await exportTo(exportFile)
    expect(summary.sha256).toBe(sha(await readFile(exportFile)))

    const entries = await entriesOf(exportFile)
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as {
      organization: { code: string }
      collections: { name: string; entry: string; count: number; sha256: string }[]
      objects: { key: string; entry: string; sha256: string }[]
    }
    expect(manifest.organization.code).toBe(org.organization.code)
    for (const e of [...manifest.collections, ...manifest.objects])
      expect(sha(entries.get(e.entry)!), e.entry).toBe(e.sha256)
    expect([...entries.keys()].sort()).toEqual(
      ['manifest.json', ...manifest.collections.map((c) => c.entry), ...manifest.objects.map((o) => o.entry)].sort(),
    )
    // each collection's lines are the documents as the database holds them
    const exported = Object.fromEntries(
      manifest.collections
        .map((c) => [c.name, entries.get(c.entry)!.toString('utf8').split('\n').filter(Boolean)] as const)
        .filter(([, lines]) => lines.length > 0),
    )
    const wanted = Object.fromEntries(Object.entries(before).filter(([name]) => name !== 'write_claims'))
    expect(Object.fromEntries(Object.entries(exported).filter(([name]) => name !== 'write_claims'))).toEqual(wanted)
    for (const name of ['evidence', 'reviews', 'assignments', 'catalogs', 'units', 'memberships', 'audit_events'])
      expect(exported[name]?.length, name).toBeGreaterThan(0)
    expect(exported.users.length).toBe(5) // four people of its own and the shared assessor
    // never a session, a one-time link or a platform operator
    expect(manifest.collections.map((c) => c.name)).not.toEqual(
      expect.arrayContaining([expect.stringMatching(/^(sessions|one_time_links|platform_operators)$/)]),
    )

    // the objects: exactly its own, bytes as stored
    const objects = await objectsOf(storage, org.organization.id)
    expect(manifest.objects.map((o) => o.key).sort()).toEqual(Object.keys(objects).sort())
    expect(manifest.objects.length).toBe(2)

    // nothing of the other organization: not its id, not its objects' keys or bytes
    const everything = [...entries.values()].map((b) => b.toString('latin1')).join('\n')
    expect(everything).not.toContain(other.organization.id)
    for (const key of otherKeys) expect(everything).not.toContain(key)
  })
})

describe('importing an export', () => {
  it('gives an empty deployment the same documents and objects (npm run operator -- org import)', async () => {
    const target = await useTestBucket()
    const run = await operator(
      { MONGODB_URI: targetUri('target'), S3_BUCKET: target.bucket },
      'org',
      'import',
      exportFile,
    )
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(`Organization ${org.organization.code}`)

    const targetDb = client().db(`${dbNameOf(uri)}_target`)
    const source = await documentsOf(sourceDb(), org.organization.id, ['organization.export'])
    const copied = await documentsOf(targetDb, org.organization.id, ['organization.import'])
    expect(Object.keys(copied).sort()).toEqual(Object.keys(source).sort())
    for (const name of Object.keys(source)) expect(copied[name].map(sha), name).toEqual(source[name].map(sha))
    expect(await objectsOf(target, org.organization.id)).toEqual(await objectsOf(storage, org.organization.id))
    // the other organization is nowhere in the new deployment
    expect(await targetDb.collection('organizations').countDocuments({})).toBe(1)
    expect(await documentsOf(targetDb, other.organization.id)).toEqual({})
    for (const key of otherKeys) expect(await exists(target, key)).toBe(false)
    // the import is in the new deployment's trail
    const trail = await targetDb.collection('audit_events').find({ action: 'organization.import' }).toArray()
    expect(trail.map((e) => String(e.organizationId)).sort()).toEqual(
      [PLATFORM_AUDIT_SCOPE, org.organization.id].sort(),
    )
  })

  it('refuses a file with one byte changed, writing nothing', async () => {
    const bytes = await readFile(exportFile)
    const zip = await yauzl.fromBufferPromise(bytes, { lazyEntries: true })
    const entry = await new Promise<yauzl.Entry>((resolve) => {
      zip.on('entry', (e: yauzl.Entry) => (e.fileName.startsWith('objects/') ? resolve(e) : zip.readEntry()))
      zip.readEntry()
    })
    const at = entry.relativeOffsetOfLocalHeader
    const dataStart = at + 30 + bytes.readUInt16LE(at + 26) + bytes.readUInt16LE(at + 28)
    bytes[dataStart + 3] ^= 0x01
    const tampered = path.join(dir, 'tampered.zip')
    await writeFile(tampered, bytes)

    const target = await useTestBucket()
    const run = await operator(
      { MONGODB_URI: targetUri('tampered'), S3_BUCKET: target.bucket },
      'org',
      'import',
      tampered,
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`${entry.fileName} does not match the manifest`)
    // refused before the first write: the command's models make their empty collections, but no
    // collection only an import writes (evidence) exists, not even emptied again
    const db = client().db(`${dbNameOf(uri)}_tampered`)
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)
    expect(names).not.toContain('evidence')
    for (const name of names) expect(await db.collection(name).countDocuments({}), name).toBe(0)
    const listed = await target.client.send(new ListObjectsV2Command({ Bucket: target.bucket }))
    expect(listed.Contents ?? []).toEqual([])
  })

  /**
   * The export with the first document of `collection` holding `needle` edited by `edit`, its manifest's hash and
   * size recomputed (hashes only catch damage, not intent), imported by the command into an empty database: the
   * command's answer, and every collection of that database (all must be empty).
   */
  async function importForged(collection: string, needle: string, edit: (doc: Record<string, unknown>) => void) {
    const entries = await entriesOf(exportFile)
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8')) as {
      collections: { name: string; entry: string; size: number; sha256: string }[]
    }
    const listed = manifest.collections.find((c) => c.name === collection)!
    const lines = entries.get(listed.entry)!.toString('utf8').split('\n').filter(Boolean)
    const at = lines.findIndex((line) => line.includes(needle))
    expect(at, `a ${collection} document holding ${needle}`).toBeGreaterThanOrEqual(0)
    const doc = EJSON.parse(lines[at], { relaxed: false }) as Record<string, unknown>
    edit(doc)
    lines[at] = EJSON.stringify(doc, { relaxed: false })
    const edited = Buffer.from(lines.join('\n') + '\n')
    Object.assign(listed, { size: edited.length, sha256: sha(edited) })
    entries.set(listed.entry, edited)
    entries.set('manifest.json', Buffer.from(JSON.stringify(manifest)))
    const forged = path.join(dir, 'forged.zip')
    const zip = archiver('zip')
    const written = pipeline(zip, createWriteStream(forged))
    for (const [name, bytes] of entries) zip.append(bytes, { name })
    await zip.finalize()
    await written
    await client()
      .db(`${dbNameOf(uri)}_forged`)
      .dropDatabase()
    const target = await useTestBucket()
    const run = await operator({ MONGODB_URI: targetUri('forged'), S3_BUCKET: target.bucket }, 'org', 'import', forged)
    const db = client().db(`${dbNameOf(uri)}_forged`)
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name)
    for (const name of names) expect(await db.collection(name).countDocuments({}), name).toBe(0)
    expect((await target.client.send(new ListObjectsV2Command({ Bucket: target.bucket }))).Contents ?? []).toEqual([])
    return run
  }

  it("refuses a file naming another organization's object, even with its hashes made to match", async () => {
    const run = await importForged('evidence', '"versions":[{', (doc) => {
      ;(doc.versions as { key: string }[])[0].key = otherKeys[0]
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`names the object ${otherKeys[0]}, which is not this organization's`)
  })

  it('refuses a document whose key names another organization (item links), even with matching hashes', async () => {
    const forgedId = `${other.organization.id}:${catalogId}:*`
    const run = await importForged('evidence_item_links', `"${org.organization.id}:`, (doc) => {
      Object.assign(doc, { _id: forgedId, itemCode: '*', entries: [], complete: true })
    })
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`holds a document of another organization (${forgedId})`)
  })

  it('refuses an organization code the deployment has, writing nothing', async () => {
    const before = await documentsOf(sourceDb(), org.organization.id)
    await expect(importOrganization(storage, CLI, exportFile)).rejects.toMatchObject({
      status: 409,
      message: expect.stringContaining(`"${org.organization.code}" already exists`),
    })
    expect(await documentsOf(sourceDb(), org.organization.id)).toEqual(before)
  })
})

describe('deleting an organization', () => {
  let secondFile: string

  it('refuses while the organization changed after its export, and with a code typed wrong', async () => {
    const code = org.organization.code
    await createTextEvidence(actorsOf(org).coordinator, { title: 'หลังส่งออก', html: '<p>later</p>' })
    await expect(deleteOrganization(storage, CLI, { code, confirm: code })).rejects.toMatchObject({
      status: 409,
      fieldErrors: { export: expect.stringContaining('changed after its last export') },
    })
    secondFile = path.join(dir, 'second.zip')
    await exportTo(secondFile)
    await expect(deleteOrganization(storage, CLI, { code, confirm: `${code}x` })).rejects.toMatchObject({
      status: 400,
      fieldErrors: { confirm: expect.stringContaining(`type the organization's code "${code}"`) },
    })
    await expect(deleteOrganization(storage, CLI, { code, confirm: '' })).rejects.toMatchObject({ status: 400 })
    expect(await getOrganizationByCode(code)).not.toBeNull()
    expect(Object.keys(await objectsOf(storage, org.organization.id))).toHaveLength(2)
  })

  it('deletes every document and object after a current export, leaving the other organization whole', async () => {
    const code = org.organization.code
    const otherBefore = await documentsOf(sourceDb(), other.organization.id)
    const done = await deleteOrganization(storage, CLI, { code, confirm: code })
    expect(done.objects).toBe(2)
    expect(await getOrganizationByCode(code)).toBeNull()
    expect(await documentsOf(sourceDb(), org.organization.id)).toEqual({})
    expect(await objectsOf(storage, org.organization.id)).toEqual({})
    // its own people are gone; the shared one keeps their account and other organization
    expect(await getUserByEmail(org.people.coordinator.email)).toBeNull()
    expect(await getUserByEmail(other.people.admin.email)).not.toBeNull()
    expect(await documentsOf(sourceDb(), other.organization.id)).toEqual(otherBefore)
    for (const key of otherKeys) expect(await exists(storage, key)).toBe(true)
    const { events } = await listAuditEvents(PLATFORM_AUDIT_SCOPE, { action: 'organization.delete' })
    expect(events.map((e) => e.targetId)).toEqual([org.organization.id])
  })

  it('imports back from its export, reusing the account of the person still here', async () => {
    const imported = await importOrganization(storage, CLI, secondFile)
    expect(imported.reusedPeople).toBe(1)
    expect(imported.objects).toBe(2)
    expect(await getOrganizationByCode(org.organization.code)).not.toBeNull()
    expect(Object.keys(await objectsOf(storage, org.organization.id))).toHaveLength(2)
    expect(await getUserByEmail(org.people.coordinator.email)).not.toBeNull()
  })

  it("counts an imported person's work in their inbox under the account they have here", async () => {
    // an item of the other unit that the coordinator owns, in the inbox-count cache when exported
    const code = org.organization.code
    const coordinatorOf = (userId: string) => ({ role: 'coordinator' as const, userId, unitIds: [org.units[0].id] })
    await assignItems(org.actor, {
      catalogId,
      itemCodes: ['O3'],
      unitIds: [org.units[1].id],
      ownerIds: [org.people.coordinator.id],
      dueDate: '2026-03-31',
    })
    const dueOf = async (userId: string) =>
      (await getInbox(org.organization.id, coordinatorOf(userId))).due.map((i) => i.itemCode)
    expect(await dueOf(org.people.coordinator.id)).toContain('O3')
    const badge = await inboxCount(org.organization.id, coordinatorOf(org.people.coordinator.id))
    const thirdFile = path.join(dir, 'third.zip')
    await exportTo(thirdFile)
    await deleteOrganization(storage, CLI, { code, confirm: code })
    // meanwhile the coordinator got an account here (another id): the import points the organization at it
    const here = await addPerson(other.actor, {
      email: org.people.coordinator.email,
      nameTh: 'ผู้ประสาน ที่นี่',
      role: 'coordinator',
      unitIds: [other.units[0].id],
    })
    expect(here.id).not.toBe(org.people.coordinator.id)
    expect((await importOrganization(storage, CLI, thirdFile)).reusedPeople).toBe(2)
    expect(await dueOf(here.id)).toContain('O3')
    expect(await inboxCount(org.organization.id, coordinatorOf(here.id))).toBe(badge)
  })
})

describe('npm run operator -- org export / import / delete refuses bad flags, changing nothing', () => {
  it.each([
    [['org', 'export', '--code', 'x'], '--out: required'],
    [['org', 'export', '--code', 'x', '--out', 'x.txt'], '--out: must end in .zip'],
    [['org', 'import'], '<file.zip>: required'],
    [['org', 'import', 'a.zip', 'b.zip'], 'unexpected argument "b.zip"'],
    [['org', 'import', '/nonexistent-folder/x.zip'], 'is not a file'],
    [['org', 'delete', '--code', 'x'], '--confirm: required'],
    [['org', 'delete', '--code', 'x', '--confirm', 'x', '--force'], "Unknown option '--force'"],
  ])('%j', async (args, message) => {
    const run = await operator({}, ...args)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(message)
  })

  it('names the flag of a refusal from the models', { timeout: 120_000 }, async () => {
    const code = other.organization.code
    const wrong = await operator({}, 'org', 'delete', '--code', code, '--confirm', 'other')
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain(`--confirm: `)
    expect(wrong.stderr).toContain(`type the organization's code "${code}"`)
    expect(await getOrganizationByCode(code)).not.toBeNull()
    const unknown = await operator({}, 'org', 'export', '--code', 'no-such-org', '--out', path.join(dir, 'n.zip'))
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('--code: ')
    expect(existsSync(path.join(dir, 'n.zip'))).toBe(false)
  })

  it('refuses a file that is not a ZIP, and never overwrites a file with an export', { timeout: 120_000 }, async () => {
    const text = path.join(dir, 'not-a-zip.txt')
    await writeFile(text, 'hello')
    const notZip = await operator({}, 'org', 'import', text)
    expect(notZip.code).toBe(1)
    expect(notZip.stderr).toContain('file: not a readable ZIP')
    const before = await readFile(exportFile)
    const existing = await operator({}, 'org', 'export', '--code', other.organization.code, '--out', exportFile)
    expect(existing.code).toBe(1)
    expect(existing.stderr).toContain('--out: ')
    expect(existing.stderr).toContain('already exists')
    expect((await readFile(exportFile)).equals(before)).toBe(true)
  })
})

describe('the console (/platform/organizations/:id/export.zip and /delete)', () => {
  const ORIGIN = 'http://127.0.0.1:3000'
  const ctx = { ip: '127.0.0.42' }
  let cookie: string
  let exportRoute: Handler
  let deleteRoute: { loader: Handler; action: Handler }

  async function call(handler: Handler, path: string, as: string, form?: Record<string, string>) {
    const headers = { Cookie: as }
    const request = form
      ? new Request(`${ORIGIN}${path}`, { method: 'POST', headers, body: new URLSearchParams(form) })
      : new Request(`${ORIGIN}${path}`, { headers })
    try {
      return await handler({ request, params: { organizationId: org.organization.id }, context: ctx })
    } catch (thrown) {
      if (thrown instanceof Response) return thrown
      throw thrown
    }
  }
  const signIn = async (email: string) => {
    const login = (await import('#app/routes/login')).action as unknown as Handler
    const body = new URLSearchParams({ email, password: TEST_PASSWORD, redirectTo: '/' })
    const headers = { 'Content-Type': 'application/x-www-form-urlencoded' }
    const answer = await login({
      request: new Request(`${ORIGIN}/login`, { method: 'POST', headers, body }),
      params: {},
      context: ctx,
    })
    return answer.headers.get('Set-Cookie')!.split(';')[0]
  }

  beforeAll(async () => {
    Object.assign(process.env, { PUBLIC_URL: ORIGIN, S3_BUCKET: storage.bucket })
    const { user } = await createOperator(CLI, { email: 'transfer.operator@platform.saisaat.test', nameTh: 'ผู้ดูแล' })
    await setPassword({ ...CLI, organizationId: PLATFORM_AUDIT_SCOPE }, user.id, TEST_PASSWORD)
    cookie = await signIn('transfer.operator@platform.saisaat.test')
    exportRoute = (await import('#app/routes/platform.organizations.$organizationId.export[.zip]'))
      .loader as unknown as Handler
    deleteRoute = (await import('#app/routes/platform.organizations.$organizationId.delete')) as unknown as {
      loader: Handler
      action: Handler
    }
  })

  it('streams the export to an operator, records it once delivered, then deletes with the typed code', async () => {
    const base = `/platform/organizations/${org.organization.id}`
    // the import back was a change: the export before it no longer counts
    const stale = (await (await call(deleteRoute.loader, `${base}/delete`, cookie)).json()) as {
      state: { current: boolean }
    }
    expect(stale.state.current).toBe(false)
    const admin = await signIn(org.people.admin.email)
    expect((await call(exportRoute, `${base}/export.zip`, admin)).status).toBe(404)

    const download = await call(exportRoute, `${base}/export.zip`, cookie)
    expect(download.status).toBe(200)
    expect(download.headers.get('Content-Type')).toBe('application/zip')
    expect(download.headers.get('Content-Disposition')).toContain(`saisaat-${org.organization.code}-`)
    const bytes = Buffer.from(await download.arrayBuffer())
    const fresh = await (async () => {
      // recorded after the last byte went out: read the state until it says so
      for (;;) {
        const answer = (await (await call(deleteRoute.loader, `${base}/delete`, cookie)).json()) as {
          state: { current: boolean; lastExport: { sha256: string } | null }
        }
        if (answer.state.current) return answer.state
      }
    })()
    expect(fresh.lastExport!.sha256).toBe(sha(bytes))

    const wrong = await call(deleteRoute.action, `${base}/delete`, cookie, { confirm: 'not-the-code' })
    expect(wrong.status).toBe(400)
    expect(((await wrong.json()) as { fieldErrors: Record<string, string> }).fieldErrors.confirm).toContain(
      org.organization.code,
    )
    expect(await getOrganizationByCode(org.organization.code)).not.toBeNull()
    const done = await call(deleteRoute.action, `${base}/delete`, cookie, { confirm: org.organization.code })
    expect(done.status).toBe(302)
    expect(done.headers.get('Location')).toBe(`/platform?deleted=${org.organization.code}`)
    expect(await getOrganizationByCode(org.organization.code)).toBeNull()
    expect(await getOrganizationByCode(other.organization.code)).not.toBeNull()
  })
})
