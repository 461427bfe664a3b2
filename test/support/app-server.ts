/**
 * The app as `npm start` runs it, for the e2e set-up and the upload benchmark: a production build
 * into a folder of the caller's own, and the server started from it on a free loopback port.
 */
import { type ChildProcess, spawn, spawnSync, type StdioOptions } from 'node:child_process'
import { freePort, ROOT } from '#scripts/services'

/** Builds the app into `buildDir` (inside the repo, so that the server bundle resolves node_modules). */
export function buildApp(buildDir: string): void {
  const build = spawnSync(`${ROOT}/node_modules/.bin/remix`, ['build'], {
    cwd: ROOT,
    encoding: 'utf8',
    // vitest sets NODE_ENV=test, which would compile development JSX for a production server
    env: { ...process.env, NODE_ENV: 'production', SAISAAT_BUILD_DIR: buildDir },
  })
  if (build.status !== 0) throw new Error(`remix build failed:\n${build.stdout}\n${build.stderr}`)
}

/** Starts the app built into `buildDir` on a free loopback port, with `env` (database, S3, secret) on top. */
export async function startBuiltApp(
  buildDir: string,
  env: Record<string, string>,
  stdio: StdioOptions,
): Promise<{ server: ChildProcess; baseUrl: string }> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const server = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      SAISAAT_BUILD_DIR: buildDir,
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      ...env,
    },
    stdio,
  })
  return { server, baseUrl }
}

/** A started app whose output (stdout and stderr, the JSON log lines among them) the test reads. */
export interface RunningApp {
  server: ChildProcess
  baseUrl: string
  /** Everything the process wrote so far. */
  readonly output: string
  /** Resolves once /healthz answers 200; rejects if the process exits first or within 120 s it never does. */
  healthy(): Promise<void>
  /** SIGTERM, resolved when the process has exited. */
  stop(): Promise<void>
}

/** `startBuiltApp` with its output kept for the test (its logs are part of what is checked). */
export async function runBuiltApp(buildDir: string, env: Record<string, string>): Promise<RunningApp> {
  const { server, baseUrl } = await startBuiltApp(buildDir, env, ['ignore', 'pipe', 'pipe'])
  let output = ''
  server.stdout!.on('data', (c) => (output += c))
  server.stderr!.on('data', (c) => (output += c))
  return {
    server,
    baseUrl,
    get output() {
      return output
    },
    async healthy() {
      const deadline = Date.now() + 120_000
      for (;;) {
        if (server.exitCode !== null) throw new Error(`the app exited (code ${server.exitCode}):\n${output}`)
        if (Date.now() > deadline) throw new Error(`the app did not become healthy within 120 s:\n${output}`)
        const ok = await fetch(`${baseUrl}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
        if (ok) return
        await new Promise((r) => setTimeout(r, 250))
      }
    },
    stop: () =>
      new Promise<void>((resolve) => {
        if (server.exitCode !== null) return resolve()
        server.once('exit', () => resolve())
        server.kill('SIGTERM')
      }),
  }
}
