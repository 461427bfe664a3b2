/**
 * Where a browser may be sent after signing in, changing language or any other step that takes
 * a `redirectTo`: a path of this site, never another site. The target is resolved the way a
 * browser resolves it (`new URL(to, origin)`: backslashes, tabs and newlines, `//host` and
 * absolute URLs included), and only a same-origin result is kept, as path + query + fragment.
 */
export function safeRedirect(to: unknown, origin: string | URL, fallback = '/'): string {
  if (typeof to !== 'string' || to.trim() === '') return fallback
  let base: URL
  let url: URL
  try {
    base = new URL(origin)
    url = new URL(to, base.origin)
  } catch {
    return fallback
  }
  if (url.origin !== base.origin || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fallback
  // "/.//evil.example" resolves to the path "//evil.example", which a browser reads as another host
  const path = url.pathname.replace(/^\/+/, '/')
  return `${path}${url.search}${url.hash}`
}
