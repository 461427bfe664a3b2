// Installs dependencies when node_modules is missing or older than package-lock.json,
// so that `npm run local` and `npm test` work on a fresh clone.
import { spawn } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'

const marker = 'node_modules/.package-lock.json'
const stale = !existsSync(marker) || statSync(marker).mtimeMs < statSync('package-lock.json').mtimeMs
if (stale) {
  console.log('Installing dependencies (npm ci)…')
  const install = spawn('npm', ['ci', '--no-audit', '--no-fund'], { stdio: 'inherit' })
  // a stopped command stops the install too: a signal to us, or the end of the shell that started
  // us (npm forwards SIGTERM to that shell only, which then dies and leaves us to another parent)
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => install.kill(signal))
  const parent = process.ppid
  const watch = setInterval(() => {
    if (process.ppid !== parent) install.kill('SIGTERM')
  }, 500)
  install.on('exit', (code) => {
    clearInterval(watch)
    if (code !== 0) process.exit(code ?? 1)
  })
}
