/**
 * Every route without parameters answers its own address. A route file like
 * `catalogs.$catalogId[.xlsx].ts` has the path segment ":catalogId.xlsx", which the router ranks
 * as a static segment; it then ties with a truly static sibling (`/catalogs/template.xlsx`) and,
 * being listed first, took its requests: the template answered 404.
 */
import path from 'node:path'
import { flatRoutes } from '@remix-run/dev/dist/config/flat-routes.js'
import { matchRoutes } from '@remix-run/react'
import { describe, expect, it } from 'vitest'

interface Manifest {
  [id: string]: { id: string; parentId?: string; path?: string; index?: boolean }
}
type RouteObject = Parameters<typeof matchRoutes>[0][number]
const manifest = flatRoutes(path.resolve(import.meta.dirname, '../../app'), ['**/.*', '**/*.test.*']) as Manifest

/** The route tree the app's router sees, root first, in the manifest's order. */
function tree(parentId: string): RouteObject[] {
  return Object.values(manifest)
    .filter((r) => r.parentId === parentId)
    .map((r) => (r.index ? { id: r.id, path: r.path, index: true } : { id: r.id, path: r.path, children: tree(r.id) }))
}
const routes: RouteObject[] = [{ id: 'root', path: '', children: tree('root') }]

function fullPath(id: string): string {
  const parts: string[] = []
  for (let r = manifest[id]; r; r = r.parentId ? manifest[r.parentId] : (undefined as never))
    if (r.path) parts.unshift(r.path)
  return `/${parts.join('/')}`
}

describe('route ranking', () => {
  it('sends every parameterless address to its own route', () => {
    const wrong: string[] = []
    for (const route of Object.values(manifest)) {
      const address = fullPath(route.id)
      if (/[:*]/.test(address)) continue
      const leaf = matchRoutes(routes, address)?.at(-1)?.route.id
      const own = leaf === route.id || manifest[leaf ?? '']?.parentId === route.id
      if (!own) wrong.push(`${address} (${route.id}) is answered by ${leaf}`)
    }
    expect(wrong).toEqual([])
  })

  it('answers the Excel template address with the template route', () => {
    expect(matchRoutes(routes, '/catalogs/template.xlsx')?.at(-1)?.route.id).toMatch(
      /^routes\/catalogs\.template\[\.xlsx\]/,
    )
  })
})
