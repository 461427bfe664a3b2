import { notFound } from '#app/utils/responses.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/**
 * Any path no other route takes. Answering 404 from a route of our own, rather than leaving it to
 * the router, runs the root loader first, so the error page keeps the signed-in shell and menu.
 */
export function loader(): never {
  // no message of its own: the error page shows the general "mistyped link" hint
  throw notFound(null)
}

export default function NotFound() {
  return null
}
