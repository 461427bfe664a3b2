/**
 * `npm run local` stops everything it started, whatever ends it: SIGINT (Ctrl-C), SIGTERM (a
 * service manager, `kill`), SIGHUP (the terminal closed) sent to the npm process alone, or npm
 * killed outright. Each case starts the real command with its own data folder and a free loopback
 * port, waits for /healthz, sends the signal to npm only, and then every process that was below
 * npm must be gone and the app, database and S3 ports must refuse connections.
 *
 * The demo seeding runs once (the data folder is shared, seeding is idempotent) and the app is built
 * once here; each start serves that build (SAISAAT_LOCAL_NO_BUILD=1), which only skips the build step.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ROOT, canConnect, freePort } from '#scripts/services'

interface Proc {
  pid: number
  /** start time in clock ticks since boot: tells a process from a later one that reuses its id */
  start: string
  cmd: string
}

function stat(pid: number): { state: string; ppid: number; start: string } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { state: fields[0], ppid: Number(fields[1]), start: fields[19] }
  } catch {
    return undefined
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim()
  } catch {
    return ''
  }
}

/** Every process below root, by the parent chain in /proc. */
function descendants(root: number): Proc[] {
  const children = new Map<number, number[]>()
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue
    const s = stat(Number(name))
    if (s) children.set(s.ppid, [...(children.get(s.ppid) ?? []), Number(name)])
  }
  const out: Proc[] = []
  const queue = [...(children.get(root) ?? [])]
  while (queue.length > 0) {
    const pid = queue.shift()!
    const s = stat(pid)
    if (!s) continue
    out.push({ pid, start: s.start, cmd: commandLine(pid) })
    queue.push(...(children.get(pid) ?? []))
  }
  return out
}

/** Still running: the same process (same start time) and not a zombie waiting to be reaped. */
function running(p: Proc): boolean {
  const s = stat(p.pid)
  return s !== undefined && s.start === p.start && s.state !== 'Z' && s.state !== 'X'
}

const accepts = canConnect

/** Polls a state until it holds or the bound passes; returns whether it held. */
async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() > deadline) return false
    await new Promise((r) => setTimeout(r, 200))
  }
}

let work: string
let dataDir: string
let buildDir: string

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'saisaat-local-signals-'))
  dataDir = path.join(work, 'data')
  // inside the repository, so that the server bundle resolves node_modules (as the e2e build does)
  mkdirSync(path.join(ROOT, '.cache'), { recursive: true })
  buildDir = mkdtempSync(path.join(ROOT, '.cache', 'local-signals-build-'))
  const build = spawn(path.join(ROOT, 'node_modules', '.bin', 'remix'), ['build'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', SAISAAT_BUILD_DIR: buildDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  build.stdout.on('data', (c) => (output += c))
  build.stderr.on('data', (c) => (output += c))
  const code = await new Promise<number | null>((resolve) => build.once('exit', resolve))
  if (code !== 0) throw new Error(`remix build failed:\n${output}`)
}, 300_000)

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true })
  if (buildDir) rmSync(buildDir, { recursive: true, force: true })
})

interface Started {
  npm: ChildProcess
  port: number
  output: () => string
}

async function startLocal(): Promise<Started> {
  const port = await freePort()
  const npm = spawn('npm', ['run', 'local'], {
    cwd: ROOT,
    // a developer's shell: no service settings, so the embedded services start; this run's own
    // data folder, port and build, so a developer's `npm run local` is left alone
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? work,
      NODE_ENV: 'development',
      SAISAAT_LOCAL_DATA: dataDir,
      SAISAAT_BUILD_DIR: buildDir,
      SAISAAT_LOCAL_NO_BUILD: '1',
      PORT: String(port),
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    },
    // its own process group: a Ctrl-C to the test run reaches npm only through this test
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  npm.stdout!.on('data', (c) => (output += c))
  npm.stderr!.on('data', (c) => (output += c))
  const healthy = await until(async () => {
    if (npm.exitCode !== null || npm.signalCode !== null) return true
    return fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
  }, 240_000)
  if (!healthy || npm.exitCode !== null || npm.signalCode !== null) {
    killTree(npm)
    throw new Error(`npm run local did not become healthy:\n${output}`)
  }
  return { npm, port, output: () => output }
}

function killTree(npm: ChildProcess) {
  for (const p of descendants(npm.pid!)) process.kill(p.pid, 'SIGKILL')
  npm.kill('SIGKILL')
}

function servicePorts(): number[] {
  const file = path.join(dataDir, 'env')
  const text = existsSync(file) ? readFileSync(file, 'utf8') : ''
  return ['MONGODB_URI', 'S3_ENDPOINT'].map((key) => {
    const m = new RegExp(`^${key}=\\w+://127\\.0\\.0\\.1:(\\d+)`, 'm').exec(text)
    if (!m) throw new Error(`${key} is missing from ${file}:\n${text}`)
    return Number(m[1])
  })
}

describe('npm run local stops everything it started', () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGKILL'] as const) {
    it(`when npm gets ${signal}`, async () => {
      const { npm, port, output } = await startLocal()
      // npm itself and every process below it, taken before the signal
      const tree: Proc[] = [
        { pid: npm.pid!, start: stat(npm.pid!)!.start, cmd: 'npm run local' },
        ...descendants(npm.pid!),
      ]
      try {
        const [mongoPort, s3Port] = servicePorts()
        const commands = tree.map((p) => p.cmd).join('\n')
        // what must stop: the runner, FerretDB, the S3 gateway and the app
        for (const part of ['scripts/local.ts', 'ferretdb', 'versitygw', 'server/index.ts'])
          expect(commands).toContain(part)

        process.kill(npm.pid!, signal)

        await until(() => tree.every((p) => !running(p)), 30_000)
        expect(
          tree.filter(running).map((p) => `${p.pid} ${p.cmd}`),
          output(),
        ).toEqual([])
        expect(await accepts(port)).toBe(false)
        expect(await accepts(mongoPort)).toBe(false)
        expect(await accepts(s3Port)).toBe(false)
      } finally {
        // a failed case leaves nothing behind either
        for (const p of tree) if (running(p)) process.kill(p.pid, 'SIGKILL')
      }
    }, 300_000)
  }
})
