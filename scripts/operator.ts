/**
 * `npm run operator -- <command>`: what platform operators do from the command line, against the
 * configured database (the environment, or .local/env written by `npm run local`):
 *
 *   create --email <e-mail> --name <name>            a platform operator, with a one-time set-password link
 *   org create --code <code> --name-th <…> --name-en <…> --type <type> [--parent <code>]
 *              [--admin-email <e-mail> --admin-name <name>]  an organization and its first administrator
 *   org parent --code <code> --parent <code|"">      links an organization to a parent ("" unlinks)
 *   org suspend --code <code> --reason <text>        its people cannot sign in, its jobs wait; data kept
 *   org reactivate --code <code>
 *   org list                                         codes, names, people, last activity
 *   org export --code <code> --out <file.zip>        every document and S3 object of it, with a manifest of hashes
 *   org import <file.zip>                            such an export into this deployment (refuses a code or id it has)
 *   org delete --code <code> --confirm <code>        only after an export that holds its last change
 *
 * Links are e-mailed when SMTP_URL is set, printed otherwise. Bad input exits 1 with one line naming
 * the flag and the rule; nothing is saved then. Everything is audited (the platform trail and the
 * organization's).
 */
import { createWriteStream, existsSync, statSync } from 'node:fs'
import { rename, rm } from 'node:fs/promises'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { getConfig } from '#app/config.server'
import { deliverLink } from '#app/utils/links.server'
import { createStorage, ensureBucket } from '#evidence/storage/storage.server'
import {
  exportOrganization,
  importOrganization,
  recordOrganizationExport,
} from '#evidence/transfer/organization-archive.server'
import { deleteOrganization } from '#evidence/transfer/organization-delete.server'
import { connectDatabase, disconnectDatabase } from '#models/db.server'
import { AppError } from '#models/errors'
import {
  createOperator,
  createOrganization,
  listOrganizationsForOperators,
  setOrganizationParent,
  setOrganizationSuspended,
  type OperatorActor,
} from '#models/tenancy/operator.server'
import { AGENCY_TYPES } from '#models/tenancy/organization.server'

const USAGE = [
  'usage: npm run operator -- create --email <e-mail> --name <name>',
  '       npm run operator -- org create --code <code> --name-th <name> --name-en <name> --type <type>',
  '                           [--parent <code>] [--admin-email <e-mail> --admin-name <name>]',
  '       npm run operator -- org parent --code <code> --parent <code or "">',
  '       npm run operator -- org suspend --code <code> --reason <text>',
  '       npm run operator -- org reactivate --code <code>',
  '       npm run operator -- org list',
  '       npm run operator -- org export --code <code> --out <file.zip>',
  '       npm run operator -- org import <file.zip>',
  '       npm run operator -- org delete --code <code> --confirm <code>',
  `types: ${AGENCY_TYPES.join(', ')}`,
].join('\n')

class CliError extends Error {}

const ACTOR: OperatorActor = { userId: null, userName: 'บรรทัดคำสั่ง / command line (npm run operator)' }

/** The flag that carries each field of the models' refusals. */
const FLAG_OF: Record<string, string> = {
  code: '--code',
  nameTh: '--name-th',
  nameEn: '--name-en',
  agencyType: '--type',
  parentCode: '--parent',
  adminEmail: '--admin-email',
  adminName: '--admin-name',
  reason: '--reason',
  confirm: '--confirm',
}

type Values = Record<string, string | undefined>

function flags(args: string[], names: string[]): Values {
  return flagsAndFiles(args, names, 0).values
}

function flagsAndFiles(args: string[], names: string[], files: number): { values: Values; files: string[] } {
  let parsed
  try {
    const options = Object.fromEntries(names.map((n) => [n, { type: 'string' as const }]))
    parsed = parseArgs({ args, options, strict: true, allowPositionals: files > 0 })
  } catch (error) {
    throw new CliError(`${(error as Error).message}\n${USAGE}`)
  }
  if (parsed.positionals.length > files)
    throw new CliError(`unexpected argument "${parsed.positionals[files]}" / มีอาร์กิวเมนต์เกิน\n${USAGE}`)
  return { values: parsed.values as Values, files: parsed.positionals }
}

/** Where an export goes: a new file in an existing folder (an export never overwrites one). */
function checkOut(out: string): string {
  const file = path.resolve(out)
  if (!file.endsWith('.zip')) throw new CliError(`--out: must end in .zip / --out: ชื่อไฟล์ต้องลงท้ายด้วย .zip`)
  if (existsSync(file))
    throw new CliError(`--out: ${out} already exists; an export never overwrites a file / --out: มีไฟล์นี้อยู่แล้ว`)
  const folder = path.dirname(file)
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new CliError(`--out: the folder ${folder} does not exist / --out: ไม่มีโฟลเดอร์ ${folder}`)
  return file
}

async function exportTo(code: string, file: string) {
  const storage = createStorage(getConfig().s3)
  const started = await refusalsByFlag({}, () => exportOrganization(storage, ACTOR, code))
  const part = `${file}.part`
  try {
    await pipeline(started.body, createWriteStream(part, { flags: 'wx' }))
    const summary = await started.summary
    await rename(part, file)
    await recordOrganizationExport(ACTOR, summary)
    process.stdout.write(
      `Organization ${summary.organization.code} exported to ${file}: ${summary.documents} documents, ` +
        `${summary.objects} objects, ${summary.size} bytes.\nSHA-256 ${summary.sha256}\n`,
    )
  } catch (error) {
    await rm(part, { force: true })
    throw error
  }
}

async function importFrom(file: string) {
  const storage = createStorage(getConfig().s3)
  await ensureBucket(storage)
  const summary = await refusalsByFlag({ file: '' }, () => importOrganization(storage, ACTOR, file))
  process.stdout.write(
    `Organization ${summary.organization.code} (${summary.organization.nameTh}) imported: ` +
      `${summary.documents} documents, ${summary.objects} objects` +
      (summary.reusedPeople ? `; ${summary.reusedPeople} people already had an account here and kept it` : '') +
      '.\n',
  )
}

function required(values: Values, ...names: string[]) {
  for (const name of names)
    if (values[name] === undefined) throw new CliError(`--${name}: required / ต้องระบุ --${name}\n${USAGE}`)
}

async function printLink(email: string, link: { token: string; expiresAt: Date }) {
  const delivered = await deliverLink('invite', { email }, link)
  if (delivered.mailed) process.stdout.write(`The set-password link was mailed to ${email}.\n`)
  else
    process.stdout.write(
      `One-time link to set the password of ${email} (valid until ${delivered.expiresAt}):\n${delivered.url}\n`,
    )
}

async function run(argv: string[]): Promise<void> {
  const [first, second, ...rest] = argv
  if (first === 'create') {
    const values = flags(
      [second, ...rest].filter((a) => a !== undefined),
      ['email', 'name'],
    )
    required(values, 'email', 'name')
    await connectDatabase(getConfig().mongodbUri)
    const { user, link } = await refusalsByFlag({ email: '--email', nameTh: '--name' }, () =>
      createOperator(ACTOR, { email: values.email!, nameTh: values.name! }),
    )
    process.stdout.write(`Platform operator ${user.email} created.\n`)
    if (link) await printLink(user.email, link)
    else process.stdout.write(`${user.email} already has a password: they sign in with it.\n`)
    return
  }
  if (first !== 'org') throw new CliError(`unknown command "${first ?? ''}"\n${USAGE}`)
  const names: Record<string, string[]> = {
    create: ['code', 'name-th', 'name-en', 'type', 'parent', 'admin-email', 'admin-name'],
    parent: ['code', 'parent'],
    suspend: ['code', 'reason'],
    reactivate: ['code'],
    list: [],
    export: ['code', 'out'],
    import: [],
    delete: ['code', 'confirm'],
  }
  if (!names[second ?? '']) throw new CliError(`unknown command "org ${second ?? ''}"\n${USAGE}`)
  if (second === 'import') {
    const { files } = flagsAndFiles(rest, [], 1)
    if (!files[0]) throw new CliError(`<file.zip>: required / ต้องระบุไฟล์ที่จะนำเข้า\n${USAGE}`)
    if (!existsSync(files[0]) || !statSync(files[0]).isFile())
      throw new CliError(`<file.zip>: ${files[0]} is not a file / ไม่พบไฟล์ ${files[0]}`)
    await connectDatabase(getConfig().mongodbUri)
    await importFrom(files[0])
    return
  }
  const values = flags(rest, names[second])
  if (second === 'export') required(values, 'out')
  if (second === 'delete') required(values, 'confirm')
  if (second === 'create') required(values, 'code', 'name-th', 'name-en', 'type')
  if (second !== 'list') required(values, 'code')
  if (second === 'parent') required(values, 'parent')
  if (second === 'suspend') required(values, 'reason')
  const out = second === 'export' ? checkOut(values.out!) : ''
  await connectDatabase(getConfig().mongodbUri)
  if (second === 'export') return exportTo(values.code!, out)
  if (second === 'delete') {
    const storage = createStorage(getConfig().s3)
    const done = await refusalsByFlag({ export: '' }, () =>
      deleteOrganization(storage, ACTOR, { code: values.code!, confirm: values.confirm! }),
    )
    process.stdout.write(
      `Organization ${done.code} deleted: ${done.documents} documents, ${done.objects} objects` +
        (done.objectsLeft ? `; ${done.objectsLeft} objects the store did not remove (the reconciler will)` : '') +
        '.\n',
    )
    return
  }
  if (second === 'create') {
    const { organization, admin } = await refusalsByFlag({}, () =>
      createOrganization(ACTOR, {
        code: values.code!,
        nameTh: values['name-th']!,
        nameEn: values['name-en']!,
        agencyType: values.type as (typeof AGENCY_TYPES)[number],
        parentCode: values.parent ?? '',
        adminEmail: values['admin-email'],
        adminName: values['admin-name'],
      }),
    )
    process.stdout.write(`Organization ${organization.code} (${organization.nameTh}) created.\n`)
    if (admin?.link) await printLink(admin.email, admin.link)
    else if (admin?.pendingInvitation)
      process.stdout.write(
        `${admin.email} already has an account: they accept at ${getConfig().publicUrl}/invitations while signed in.\n`,
      )
    return
  }
  if (second === 'parent') {
    const o = await refusalsByFlag({}, () => setOrganizationParent(ACTOR, values.code!, values.parent!))
    process.stdout.write(`${o.code}: parent ${values.parent || '(none)'}.\n`)
    return
  }
  if (second === 'suspend' || second === 'reactivate') {
    const reason = second === 'suspend' ? values.reason! : null
    const o = await refusalsByFlag({}, () => setOrganizationSuspended(ACTOR, values.code!, reason))
    process.stdout.write(`${o.code}: ${o.suspended ? `suspended (${o.suspended.reason})` : 'active'}.\n`)
    return
  }
  for (const o of await listOrganizationsForOperators(ACTOR)) {
    const state = o.suspended ? 'suspended' : 'active'
    process.stdout.write(
      `${o.code}\t${o.nameTh}\t${o.agencyType}\tparent ${o.parentCode ?? '-'}\t${o.people} people\t` +
        `last activity ${o.lastActivity ?? '-'}\t${state}\n`,
    )
  }
}

/** Runs a model call; its refusal becomes one line naming the flag of the field it names. */
async function refusalsByFlag<T>(extra: Record<string, string>, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    const field = Object.keys(error.fieldErrors)[0]
    const flag = field ? ({ ...FLAG_OF, ...extra }[field] ?? field) : ''
    throw new CliError(flag ? `${flag}: ${error.message}` : error.message)
  }
}

run(process.argv.slice(2))
  .then(() => disconnectDatabase().then(() => process.exit(0)))
  .catch(async (error: unknown) => {
    // refusals of the models are bilingual one-liners already; anything else is cut to its first line
    const message =
      error instanceof CliError ? error.message : ((error as Error).message?.split('\n')[0] ?? String(error))
    process.stderr.write(`npm run operator: ${message}\n`)
    await disconnectDatabase().catch(() => {})
    process.exit(1)
  })
