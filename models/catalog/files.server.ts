/**
 * The built-in catalogs shipped as JSON in models/catalog/built-in/. Read once at start-up: a broken
 * built-in file is a release bug, so it throws instead of being skipped silently.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseCatalog, type Catalog } from './schema'

/**
 * Resolved from this module's URL, not the working directory. A bundler that moves this file
 * (e.g. into a server build) must pass the folder to loadBuiltInCatalogs explicitly.
 */
export const BUILT_IN_CATALOG_DIR = fileURLToPath(new URL('./built-in/', import.meta.url))

export class CatalogFileError extends Error {
  constructor(
    readonly file: string,
    readonly issues: { path: string; message: string }[],
  ) {
    const lines = issues.map((i) => `  ${i.path}: ${i.message}`).join('\n')
    super(`แคตตาล็อกในตัวไม่ถูกต้อง / invalid built-in catalog ${file}:\n${lines}`)
    this.name = 'CatalogFileError'
  }
}

/** Reads and validates every `*.json` in the folder, sorted by file name. */
export function loadBuiltInCatalogs(dir: string = BUILT_IN_CATALOG_DIR): Catalog[] {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
  const keys = new Map<string, string>()
  return files.map((file) => {
    let json: unknown
    try {
      json = JSON.parse(readFileSync(path.join(dir, file), 'utf8'))
    } catch (e) {
      throw new CatalogFileError(file, [
        { path: '(root)', message: `JSON ไม่ถูกต้อง / invalid JSON: ${(e as Error).message}` },
      ])
    }
    const r = parseCatalog(json)
    if (!r.ok) throw new CatalogFileError(file, r.issues)
    // The file name is the key, so a catalog can be found on disk from its key and keys stay unique.
    const expected = path.basename(file, '.json')
    if (r.catalog.key !== expected)
      throw new CatalogFileError(file, [
        { path: 'key', message: `key ต้องตรงกับชื่อไฟล์ / key must equal the file name: ${expected}` },
      ])
    const other = keys.get(r.catalog.key)
    if (other) throw new CatalogFileError(file, [{ path: 'key', message: `key ซ้ำกับ / duplicate key of ${other}` }])
    keys.set(r.catalog.key, file)
    return r.catalog
  })
}
