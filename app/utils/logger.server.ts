/**
 * The process's structured log: one JSON object per line on stdout (pino), for a log collector to read.
 * During a request, `log()` is that request's logger, so each line carries the request's `reqId`; the request's
 * context also sums the time its MongoDB commands and S3 calls took, for the slow-request line.
 *
 * The web server (server/) and the built app (the Remix bundle) are two copies of this module in one process:
 * the logger and the request context live on globalThis, so both write to the same stream with the same context.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import pino, { type Logger } from 'pino'

/** What one request has spent so far, filled in by the MongoDB and S3 observers. */
export interface RequestContext {
  id: string
  log: Logger
  mongo: { ms: number; commands: number }
  s3: { ms: number; requests: number }
}

/** Fields whose values never reach the log, wherever they appear (headers, objects logged by the app). */
export const REDACTED_PATHS = [
  'req.headers.cookie',
  'req.headers.authorization',
  'req.headers["x-metrics-token"]',
  'res.headers["set-cookie"]',
  'headers.cookie',
  'headers.authorization',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.secret',
  '*.cookie',
  '*.sessionSecret',
  '*.secretAccessKey',
  '*.smtpUrl',
  'password',
  'newPassword',
  'token',
  'secret',
  'cookie',
]

// query parameters that carry a secret: masked in every URL the log shows
const SECRET_PARAM =
  /^(token|code|key|secret|password|signature|x-amz-signature|x-amz-credential|x-amz-security-token)$/i
// a path segment of 32 or more URL-safe characters is a one-time token (ours are 43), never an id (24 hex)
const SECRET_SEGMENT = /^[A-Za-z0-9_-]{32,}$/

/**
 * A URL (path and query, or absolute) as the log may show it: one-time tokens in the path (`/password/<token>`,
 * any 32+ character token segment) and secret query values (`?token=`) replaced by `[redacted]`.
 */
export function maskUrl(url: string): string {
  const q = url.indexOf('?')
  const pathPart = q < 0 ? url : url.slice(0, q)
  const masked = pathPart
    .split('/')
    .map((segment, i, all) =>
      SECRET_SEGMENT.test(segment) || (i > 0 && all[i - 1] === 'password' && segment) ? '[redacted]' : segment,
    )
    .join('/')
  if (q < 0) return masked
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=')
      const name = eq < 0 ? pair : pair.slice(0, eq)
      let decoded = name
      try {
        decoded = decodeURIComponent(name)
      } catch {
        // a malformed name is shown as it came
      }
      return eq >= 0 && SECRET_PARAM.test(decoded) ? `${name}=[redacted]` : pair
    })
    .join('&')
  return `${masked}?${query}`
}

const state = globalThis as typeof globalThis & {
  __saisaatLogger?: Logger
  __saisaatRequestContext?: AsyncLocalStorage<RequestContext>
}

/** The process's root logger (LOG_LEVEL, default info; silent under the unit tests' NODE_ENV=test). */
export function rootLogger(): Logger {
  state.__saisaatLogger ??= pino({
    level: process.env.LOG_LEVEL ?? (process.env.NODE_ENV === 'test' ? 'silent' : 'info'),
    base: { service: 'saisaat', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
  })
  return state.__saisaatLogger
}

export function requestContexts(): AsyncLocalStorage<RequestContext> {
  state.__saisaatRequestContext ??= new AsyncLocalStorage<RequestContext>()
  return state.__saisaatRequestContext
}

/** The current request's context, if this code runs on behalf of a request. */
export const currentRequest = (): RequestContext | undefined => requestContexts().getStore()

/** The logger to use here: the current request's (its lines carry reqId), else the root logger. */
export function log(): Logger {
  return currentRequest()?.log ?? rootLogger()
}
