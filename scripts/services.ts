/**
 * The embedded services for local runs, tests and benchmarks: FerretDB (MongoDB wire protocol,
 * SQLite backend) and Versity S3 Gateway (S3 over a local folder). Both are built once from their
 * Go modules with the machine's Go toolchain into .local/bin and started on free loopback ports.
 * Production never uses this file: it points MONGODB_URI and S3_ENDPOINT at real services.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
export const LOCAL_DIR = path.join(ROOT, '.local')
const BIN_DIR = path.join(LOCAL_DIR, 'bin')

export const FERRETDB_VERSION = 'v1.24.2'
export const VERSITYGW_VERSION = 'v1.7.0'

/** Credentials of the embedded S3 server; it only ever listens on loopback. */
export const LOCAL_S3_ACCESS_KEY = 'saisaat-local'
export const LOCAL_S3_SECRET_KEY = 'saisaat-local-secret'

const ferretBin = path.join(BIN_DIR, `ferretdb-${FERRETDB_VERSION}`)
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
  name: 'mongo' | 's3'
  port: number
  /** Stops the service; resolves when the process has exited. */
  stop(): Promise<void>
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>
}

export interface LocalServices {
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
      await waitForPort(name === 'mongo' ? 'FerretDB' : 'S3 gateway', port, child)
    },
    async stop() {
      await stopTied(handle.child)
    },
  }
  return handle
}

/** Starts FerretDB and the S3 gateway with their data under dataDir, on free loopback ports. */
export async function startServices(dataDir: string): Promise<LocalServices> {
  const bins = ensureBinaries()
  const sqliteDir = path.join(dataDir, 'mongo')
  const s3Dir = path.join(dataDir, 'objects')
  const s3MetaDir = path.join(dataDir, 'meta')
  for (const d of [sqliteDir, s3Dir, s3MetaDir]) mkdirSync(d, { recursive: true })
  const [mongoPort, s3Port] = [await freePort(), await freePort()]

  const mongo = serviceHandle('mongo', mongoPort, () =>
    spawnTied(bins.ferretdb, ['--listen-addr', `127.0.0.1:${mongoPort}`, '--sqlite-url', `file:${sqliteDir}/`], {
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

  const stopAll = async () => {
    await Promise.all([mongo.stop(), s3Server.stop()])
  }
  try {
    await Promise.all([mongo.start(), s3Server.start()])
  } catch (error) {
    await stopAll()
    const tail = ['ferretdb.log', 'versitygw.log']
      .map((f) => path.join(dataDir, f))
      .filter((f) => existsSync(f))
      .map((f) => `--- ${path.basename(f)}\n${readFileSync(f, 'utf8').slice(-2000)}`)
      .join('\n')
    throw new Error(`${(error as Error).message}\n${tail}`)
  }

  return {
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
