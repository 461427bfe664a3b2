// Checks the import graph of the source folders: prints every import circle among files and every import that
// points up the layers (scripts/server → app → evidence → models → scoring), and exits 1 if it finds any.
// Run: npx tsx scripts/check-imports.ts
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..')
const folders = ['app', 'models', 'evidence', 'scoring', 'scripts', 'server'] as const
type Folder = (typeof folders)[number]

// What each folder must not import (the layers point one way: nothing reaches back up).
const forbidden: Record<Folder, Folder[]> = {
  scoring: ['app', 'models', 'evidence', 'scripts', 'server'],
  models: ['app', 'evidence', 'scripts', 'server'],
  evidence: ['app', 'scripts', 'server'],
  app: ['scripts', 'server'],
  scripts: [],
  server: [],
}

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue
    const full = path.join(dir, name)
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full))
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(full)
  }
  return out
}

const candidates = ['', '.ts', '.tsx', '/index.ts', '/index.tsx']

/** The file a specifier names, or null for a package or a file outside the checked folders. */
function resolve(from: string, spec: string): string | null {
  let base: string
  const alias = /^#(app|models|evidence|scoring|scripts|test)\/(.*)$/.exec(spec)
  if (alias) base = path.join(root, alias[1], alias[2])
  else if (spec.startsWith('.')) base = path.resolve(path.dirname(from), spec)
  else return null
  const stripped = base.replace(/\.js$/, '')
  for (const b of [base, stripped]) {
    for (const ext of candidates) {
      const f = b + ext
      if (/\.tsx?$/.test(f) && existsSync(f) && statSync(f).isFile()) return f
    }
  }
  return null
}

function folderOf(file: string): Folder | null {
  const top = path.relative(root, file).split(path.sep)[0]
  return (folders as readonly string[]).includes(top) ? (top as Folder) : null
}

const files = folders.flatMap((f) => sourceFiles(path.join(root, f)))
const graph = new Map<string, string[]>()
const problems: string[] = []
const rel = (f: string) => path.relative(root, f)

for (const file of files) {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true)
  const targets: string[] = []
  for (const ref of info.importedFiles) {
    const target = resolve(file, ref.fileName)
    if (!target) continue
    targets.push(target)
    const from = folderOf(file)
    const to = folderOf(target)
    if (from && to && forbidden[from].includes(to)) {
      problems.push(`layer: ${rel(file)} imports ${rel(target)} (${from} must not import ${to})`)
    }
  }
  graph.set(file, targets)
}

// Circles: strongly connected components (Tarjan) of more than one file, or a file importing itself.
let index = 0
const idx = new Map<string, number>()
const low = new Map<string, number>()
const stack: string[] = []
const onStack = new Set<string>()
function connect(v: string) {
  idx.set(v, index)
  low.set(v, index++)
  stack.push(v)
  onStack.add(v)
  for (const w of graph.get(v) ?? []) {
    if (!graph.has(w)) continue
    if (!idx.has(w)) {
      connect(w)
      low.set(v, Math.min(low.get(v)!, low.get(w)!))
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
  }
  if (low.get(v) === idx.get(v)) {
    const component: string[] = []
    let w: string
    do {
      w = stack.pop()!
      onStack.delete(w)
      component.push(w)
    } while (w !== v)
    if (component.length > 1 || (graph.get(v) ?? []).includes(v)) {
      problems.push(`circle: ${component.map(rel).sort().join(' ↔ ')}`)
    }
  }
}
for (const file of files) if (!idx.has(file)) connect(file)

for (const p of problems) console.log(p)
console.log(
  problems.length ? `${problems.length} problem(s) in ${files.length} files` : `imports clean: ${files.length} files`,
)
process.exit(problems.length ? 1 : 0)
