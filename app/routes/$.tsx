/**
 * Any path no other route takes. Answering 404 from a route of our own, rather than leaving it to
 * the router, runs the root loader first, so the error page keeps the signed-in shell and menu.
 */
export function loader(): never {
  throw new Response(null, { status: 404 })
}

export default function NotFound() {
  return null
}
