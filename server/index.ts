/**
 * The HTTP server: Express in front of Remix for what Remix does not do (static assets,
 * compression, start-up checks, graceful shutdown). Run with `npm start` after `npm run build`.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import helmet from 'helmet'
import { ConfigError, getConfig, type Config } from '#app/config.server'
import { ensureDatabase, getStorage } from '#app/services.server'
import { pingStorage } from '#evidence/storage/storage.server'
import { builtInCatalogs } from '#models/catalog/catalog.server'
import { disconnectDatabase } from '#models/db.server'
import { countOperators } from '#models/tenancy/operator.server'
import { sessionCookie } from '#app/utils/session.server'
import { rootLogger } from '#app/utils/logger.server'
import { startBackgroundJobs } from './jobs'
import { enterRequestContext, logRequests } from './logging'
import { measureRequests, metricsEndpoint, routeLabeler } from './metrics'

function fail(reason: string): never {
  process.stderr.write(`Saisaat cannot start: ${reason}\n`)
  process.exit(1)
}

function describe(error: unknown): string {
  const e = error as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } }
  const status = e.$metadata?.httpStatusCode
  return [e.code ?? e.name, status ? `HTTP ${status}` : '', e.message].filter(Boolean).join(' ').trim() || String(error)
}

/** Refuses to start against a database or store it cannot reach: one line saying which and why. */
async function checkDependencies(config: Config) {
  try {
    await ensureDatabase()
  } catch (error) {
    fail(`MONGODB_URI: cannot connect to the database (${describe(error)})`)
  }
  try {
    await pingStorage(getStorage(), 5000)
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode
    if (status === 404)
      fail(`S3_BUCKET: bucket "${config.s3.bucket}" does not exist at ${config.s3.endpoint ?? 'AWS S3'}`)
    if (status === 403) fail(`S3_ACCESS_KEY_ID: access to bucket "${config.s3.bucket}" was refused (HTTP 403)`)
    fail(`S3_ENDPOINT: cannot reach the store at ${config.s3.endpoint ?? 'AWS S3'} (${describe(error)})`)
  }
}

/** The origin of a Referer; none for a value that is not a URL (browsers never send one: it is not from a page). */
function originOf(referer: string | undefined): string | undefined {
  return referer && URL.canParse(referer) ? new URL(referer).origin : undefined
}

/**
 * Refuses state-changing requests sent by pages of another origin (CSRF): browsers always send
 * Origin on such requests; a request without Origin or Referer is not from a browser page.
 */
function refuseCrossOrigin(config: Config) {
  const allowed = new Set([new URL(config.publicUrl).origin])
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
    const source = req.get('Origin') ?? originOf(req.get('Referer'))
    const own = `${req.protocol}://${req.get('Host')}`
    if (!source || allowed.has(source) || source === own) return next()
    res.status(403).type('text/plain; charset=utf-8').send('คำขอจากเว็บไซต์อื่นถูกปฏิเสธ / Cross-origin request refused')
  }
}

const isEvidenceFile = (url = '') => /^\/evidence\/[0-9a-f]{24}\/file(\?|$)/.test(url)

/** Forms sent before signing in (sign-in, language, password reset) and any body without a session. */
const FORM_MAX_BYTES = 64 * 1024
/**
 * Forms of signed-in pages: the longest text a form carries is a text evidence of up to 100,000
 * characters, about 900 KB once Thai is URL-encoded.
 */
const SIGNED_IN_FORM_MAX_BYTES = 1024 * 1024
// the routes that read their form before (or without) checking a session
const isPublicForm = (path: string) =>
  /^\/(login|language|forgot-password|logout|invitations|switch-organization|password\/[^/]+)\/?$/.test(path)
// the evidence uploads (the library's, and a file dropped on an item's element) stream their file to the store
// under their own cap (EVIDENCE_MAX_FILE_MB)
const isStreamingUpload = (path: string) => /^\/(evidence|items\/[^/]+\/[^/]+)\/upload\/?$/.test(path)
// forms that carry an imported file, read in memory: catalogs (.xlsx/.json), survey and clarification CSVs
const isImportForm = (path: string) => /^\/(catalogs(\/[^/]+)?|surveys|clarifications)\/?$/.test(path)
/**
 * After refusing a body the server reads on and throws away up to this much (for at most
 * LINGER_MS) before closing the connection: closing while a client is still sending resets the
 * connection, and the client may lose the answer ("lingering close", as web servers do).
 */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024
const LINGER_MS = 10_000

const sizeLabel = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`

function refuseTooLarge(req: Request, res: Response, limit: number) {
  const size = sizeLabel(limit)
  const socket = req.socket
  // Node ends a connection whose request is unfinished as soon as the answer is sent
  // (destroySoon): only the sending half is closed here, the rest of the body is read below;
  // the socket's own destroySoon comes back once this body is over (a kept-alive socket lives on)
  const destroySoon = socket.destroySoon
  socket.destroySoon = () => void socket.end()
  const linger = setTimeout(() => socket.destroy(), LINGER_MS)
  socket.once('close', () => clearTimeout(linger))
  req.once('end', () => {
    clearTimeout(linger)
    socket.destroySoon = destroySoon
    // the body is over: a connection the client asked to close is closed now, a kept-alive one stays
    if (socket.writableEnded) socket.destroy()
  })
  let drained = 0
  req.on('data', (chunk: Buffer) => {
    drained += chunk.length // counted, never kept
    if (drained > DRAIN_MAX_BYTES) socket.destroy()
  })
  req.resume()
  res
    .status(413)
    .type('text/plain; charset=utf-8')
    .send(`ข้อมูลที่ส่งมา: ใหญ่เกิน ${size} / request body: larger than ${size}`)
}

/**
 * Caps every request body before anything reads it: Remix's request.formData() would otherwise
 * hold a whole body in memory, before the sign-in form is even checked. 64 KB without a session
 * or to a page used before signing in, 1 MB for other forms, IMPORT_MAX_MB for import files. A declared
 * Content-Length over the cap is refused at once; a chunked body is counted as it arrives and
 * refused when it passes the cap. A body within the cap is kept (res.locals.body) and handed
 * to Remix by replayBody; the streaming evidence uploads keep their own cap.
 */
function limitBodies(importMaxBytes: number) {
  const sessionCookieName = sessionCookie().name
  const hasSessionCookie = (cookies = '') =>
    cookies.split(';').some((c) => c.trim().startsWith(`${sessionCookieName}=`))
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || isStreamingUpload(req.path)) return next()
    const multipart = (req.get('Content-Type') ?? '').toLowerCase().startsWith('multipart/form-data')
    // a forged cookie only raises the cap to that of a signed-in form; the route still checks the session
    const signedIn = hasSessionCookie(req.headers.cookie) && !isPublicForm(req.path)
    const limit = !signedIn
      ? FORM_MAX_BYTES
      : multipart && isImportForm(req.path)
        ? importMaxBytes
        : SIGNED_IN_FORM_MAX_BYTES
    const declared = Number(req.get('Content-Length') ?? 0)
    if (declared > limit) return refuseTooLarge(req, res, limit)
    const chunks: Buffer[] = []
    let size = 0
    const stop = () => {
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
    }
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) return void chunks.push(chunk)
      stop()
      chunks.length = 0
      refuseTooLarge(req, res, limit)
    }
    const onEnd = () => {
      stop()
      res.locals.body = Buffer.concat(chunks, size)
      next()
    }
    // the client went away mid-body: nobody is left to answer
    const onError = () => stop()
    req.on('data', onData)
    req.once('end', onEnd)
    req.once('error', onError)
  }
}

const FORM_TYPES = /^(application\/x-www-form-urlencoded|multipart\/form-data)\b/i

/**
 * Every route reads its body as a form (request.formData()), which throws on JSON or plain text: such a body is
 * refused here with a named 400 instead of reaching an action and ending in a 500. A request without a body
 * (a bare POST) passes.
 */
function refuseNonFormBodies(req: Request, res: Response, next: NextFunction) {
  // the streaming upload checks its own multipart body; every other body was already read within its cap
  if (req.method === 'GET' || req.method === 'HEAD' || isStreamingUpload(req.path)) return next()
  const hasBody = Number(req.get('Content-Length') ?? 0) > 0 || req.get('Transfer-Encoding') !== undefined
  if (!hasBody || FORM_TYPES.test(req.get('Content-Type') ?? '')) return next()
  res
    .status(400)
    .type('text/plain; charset=utf-8')
    .send(
      'ข้อมูลที่ส่งมา: ต้องส่งเป็นแบบฟอร์ม (application/x-www-form-urlencoded หรือ multipart/form-data) / request ' +
        'body: must be sent as form data (application/x-www-form-urlencoded or multipart/form-data)',
    )
}

const STREAM_MEMBERS = new Set<string | symbol>([
  'on',
  'once',
  'off',
  'addListener',
  'removeListener',
  'removeAllListeners',
  'emit',
  'pause',
  'resume',
  'destroy',
  'read',
  'pipe',
  'unpipe',
  'readable',
  'readableHighWaterMark',
  'readableEnded',
  'destroyed',
  Symbol.asyncIterator,
])

/** The request as Remix's adapter reads it, its body coming from what limitBodies kept. */
function replayBody(req: Request, body: Buffer): Request {
  const stream = Readable.from(body.length > 0 ? [body] : [])
  return new Proxy(req, {
    get(target, key) {
      if (!STREAM_MEMBERS.has(key)) return Reflect.get(target, key)
      const value = Reflect.get(stream, key)
      return typeof value === 'function' ? value.bind(stream) : value
    },
  })
}

async function main() {
  let config: Config
  try {
    config = getConfig()
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message)
    throw error
  }
  try {
    builtInCatalogs() // a broken built-in catalog is a release bug: refuse to start
  } catch (error) {
    fail(`built-in catalogs: ${(error as Error).message.replace(/\s*\n\s*/g, ' ')}`)
  }
  await checkDependencies(config)

  const buildDir = process.env.SAISAAT_BUILD_DIR ?? '.'
  const buildPath = path.resolve(buildDir, 'build', 'index.js')
  const build = (await import(pathToFileURL(buildPath).href).catch(() =>
    fail('the app is not built: run `npm run build` first'),
  )) as ServerBuild

  const app = express()
  app.disable('x-powered-by')
  app.set('trust proxy', 'loopback')
  const routeOf = routeLabeler(build)
  // first, so that every answer (refusals and files included) is timed, logged and carries X-Request-Id
  app.use(logRequests({ routeOf, skip: (req) => req.url === '/healthz' || /^\/(build|fonts)\//.test(req.url ?? '') }))
  app.use(measureRequests(routeOf))
  if (config.metricsToken) app.get('/metrics', metricsEndpoint(config.metricsToken))
  // zlib's fastest level: a profile under load spent 5 % of the app's time in gzip at the default level (6), for
  // pages a few percent smaller
  app.use(compression({ level: 1 }))
  app.use((_req, res, next) => {
    res.locals.cspNonce = randomBytes(16).toString('base64')
    next()
  })
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          // Mantine sets style attributes on elements
          styleSrc: ["'self'", "'unsafe-inline'"],
          imgSrc: ["'self'", 'data:', 'blob:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          frameSrc: ["'self'"],
          // an evidence file is previewed in a frame of the evidence page, and the browser's PDF viewer is a plugin
          frameAncestors: [(req) => (isEvidenceFile(req.url) ? "'self'" : "'none'")],
          formAction: ["'self'"],
          objectSrc: [(req) => (isEvidenceFile(req.url) ? "'self'" : "'none'")],
          baseUri: ["'self'"],
          upgradeInsecureRequests: config.publicUrl.startsWith('https://') ? [] : null,
        },
      },
      referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: config.publicUrl.startsWith('https://'),
    }),
  )
  app.use(refuseCrossOrigin(config))
  // fingerprinted assets from the Remix build never change
  app.use('/build', express.static(path.join(buildDir, 'public', 'build'), { immutable: true, maxAge: '1y' }))
  app.use(express.static('public', { maxAge: '1h' }))
  app.use(limitBodies(config.importMaxBytes))
  app.use(refuseNonFormBodies)
  const remix = createRequestHandler({
    build,
    mode: config.nodeEnv,
    getLoadContext: (req, res) => ({
      cspNonce: res.locals.cspNonce as string,
      ip: req.ip ?? '',
      // Remix has matched the page's routes already: the labeler need not match the URL again
      nameRoute: (routeId) => void (res.locals.route = routeId),
    }),
  })
  app.use(enterRequestContext)
  app.all('*', (req, res, next) => {
    res.locals.remix = true
    const body = res.locals.body as Buffer | undefined
    return remix(body ? replayBody(req, body) : req, res, next)
  })

  const logger = rootLogger()
  const server = app.listen(config.port, () => {
    logger.info({ port: config.port }, `Saisaat listening on ${config.publicUrl} (port ${config.port})`)
  })
  // a fresh deployment has nobody to create its organizations: say how to make the first operator
  void countOperators().then(
    (n) => {
      if (n === 0)
        logger.warn(
          'no platform operator yet: create the first one with ' +
            '`npm run operator -- create --email <e-mail> --name <name>` ' +
            '(it prints a one-time link to set the password)',
        )
    },
    () => undefined,
  ) // only a hint: a failing count must not stop the server
  const stopJobs = startBackgroundJobs(getStorage(), config, logger)

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    stopJobs()
    logger.info({ signal }, `Saisaat stopping (${signal})…`)
    server.close(() => {
      void disconnectDatabase().finally(() => process.exit(0))
    })
    server.closeAllConnections()
    setTimeout(() => process.exit(0), 5000).unref()
  }
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

void main()
