/**
 * Writes the provisional built-in ITA catalog of the next fiscal year from a built-in one:
 *   npm run catalogs:next-year -- 2569    (ita-nacc-2569.json → ita-nacc-2570.json)
 * Run it again after correcting last year's file; the unit test fails while the two disagree.
 */
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { BUILT_IN_CATALOG_DIR, loadBuiltInCatalogs } from '#models/catalog/files.server'
import { nextYearBuiltIn } from '#models/catalog/next-year'
import { parseCatalog } from '#models/catalog/schema'

const nacc = loadBuiltInCatalogs().filter((c) => c.kind === 'ita' && c.key.startsWith('ita-nacc-'))
const from = nacc.find((c) => c.fiscalYear === Number(process.argv[2]))
if (!from) {
  console.error(`no built-in NACC ITA catalog for ${process.argv[2]} / ไม่มีแค็ตตาล็อก ITA ของปี ${process.argv[2]}`)
  process.exit(1)
}
const parsed = parseCatalog(nextYearBuiltIn(from))
if (!parsed.ok) {
  console.error(parsed.issues.map((i) => `${i.path}: ${i.message}`).join('\n'))
  process.exit(1)
}
// schema key order, as export writes it, so a re-export gives no diff
const file = path.join(BUILT_IN_CATALOG_DIR, `${parsed.catalog.key}.json`)
writeFileSync(file, `${JSON.stringify(parsed.catalog, null, 2)}\n`)
console.log(`${from.key} → ${path.relative(process.cwd(), file)}`)
