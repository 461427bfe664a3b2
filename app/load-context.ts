/** What the Express server hands every loader and action. */
declare module '@remix-run/node' {
  interface AppLoadContext {
    /** The nonce that inline scripts carry under the Content-Security-Policy. */
    cspNonce: string
    /** The client's address, as Express sees it (behind a trusted proxy, the forwarded one). */
    ip: string
    /** Names the route that renders the page, for the request's log line and metrics (set by the server). */
    nameRoute?: (routeId: string) => void
  }
}
export {}
