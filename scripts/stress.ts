/**
 * `npm run test:e2e:stress`: the e2e project while extra processes keep the CPU busy, to find tests
 * that wait on time instead of on what the app reports. Options (after `--`): `--runs N` (default 1;
 * stops at the first failed run), `--spinners N` (busy processes, default 2); anything else goes to
 * vitest (a file, `-t name`). The busy processes end with this script whatever ends it: it stops them
 * on exit and on SIGINT/SIGTERM/SIGHUP, and each also exits on its own once this process is gone.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { loadavg } from 'node:os'
import path from 'node:path'
import { ROOT } from '#scripts/services'

// spins in 200 ms slices and checks between them that the script that started it is still there
const SPIN =
  'const p = process.ppid; for (;;) { const t = Date.now(); while (Date.now() - t < 200); if (process.ppid ' +
  '!== p) process.exit(0) }'

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name)
  if (i === -1) return fallback
  const value = Number(args[i + 1])
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} needs a whole number, got "${args[i + 1]}"`)
  args.splice(i, 2)
  return value
}

const args = process.argv.slice(2)
const runs = option(args, '--runs', 1)
const spinnerCount = option(args, '--spinners', 2)

const spinners: ChildProcess[] = []
let vitest: ChildProcess | undefined

function stopSpinners() {
  for (const s of spinners) if (s.exitCode === null && s.signalCode === null) s.kill('SIGKILL')
}
process.on('exit', stopSpinners)
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    stopSpinners()
    vitest?.kill(signal)
    process.exit(1)
  })
}

function runOnce(): Promise<number> {
  return new Promise((resolve) => {
    vitest = spawn(path.join(ROOT, 'node_modules', '.bin', 'vitest'), ['run', '--project', 'e2e', ...args], {
      cwd: ROOT,
      stdio: 'inherit',
    })
    vitest.once('exit', (code) => resolve(code ?? 1))
  })
}

for (let i = 0; i < spinnerCount; i++) spinners.push(spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' }))
process.stdout.write(`stress: ${spinnerCount} busy processes; up to ${runs} e2e run(s)\n`)

const results: string[] = []
let passes = 0
for (let run = 1; run <= runs; run++) {
  const started = Date.now()
  const code = await runOnce()
  const seconds = Math.round((Date.now() - started) / 1000)
  results.push(
    `run ${run}: ${code === 0 ? 'passed' : `failed (exit ${code})`} in ${seconds} s, load average ` +
      `${loadavg()[0].toFixed(1)}`,
  )
  process.stdout.write(`stress: ${results.at(-1)}\n`)
  if (code !== 0) break
  passes++
}
stopSpinners()
process.stdout.write(
  `stress: ${passes} of ${results.length} run(s) passed in a row\n${results.map((r) => `  ${r}`).join('\n')}\n`,
)
process.exit(passes === results.length ? 0 : 1)
