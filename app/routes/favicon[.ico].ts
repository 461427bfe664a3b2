import { redirect } from '@remix-run/node'

/** Browsers still ask for /favicon.ico on their own; the icon is the SVG the root links to. */
export function loader() {
  return redirect('/favicon.svg', { status: 301, headers: { 'Cache-Control': 'public, max-age=86400' } })
}
