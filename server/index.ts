/**
 * The HTTP server: Express in front of Remix for what Remix does not do (static assets,
 * compression, start-up checks, graceful shutdown). Run with `npm start` after `npm run build`.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { createRequestHandler } from '@remix-run/express'
import type { ServerBuild } from '@remix-run/node'
import { randomBytes } from 'node:crypto'
import compression from 'compression'
import express, { type NextFunction, type Request, type Response } from 'express'
import helmet from 'helmet'
import morgan from 'morgan'
import { ConfigError, getConfig, type Config } from '#app/config.server'
import { ensureDatabase, getStorage } from '#app/services.server'
import { startEvidenceJobs } from '#evidence/jobs.server'
import { startPackageRunner } from '#evidence/package-runner.server'
import { pingStorage } from '#evidence/storage.server'
import { builtInCatalogs } from '#models/catalog.server'
import { disconnectDatabase } from '#models/db.server'
import { startReminderJob } from '#models/reminder.server'
import { sendMail } from '#app/utils/mail.server'

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
    if (status === 404) fail(`S3_BUCKET: bucket "${config.s3.bucket}" does not exist at ${config.s3.endpoint ?? 'AWS S3'}`)
    if (status === 403) fail(`S3_ACCESS_KEY_ID: access to bucket "${config.s3.bucket}" was refused (HTTP 403)`)
    fail(`S3_ENDPOINT: cannot reach the store at ${config.s3.endpoint ?? 'AWS S3'} (${describe(error)})`)
  }
}

/**
 * Refuses state-changing requests sent by pages of another origin (CSRF): browsers always send
 * Origin on such requests; a request without Origin or Referer is not from a browser page.
 */
function refuseCrossOrigin(config: Config) {
  const allowed = new Set([new URL(config.publicUrl).origin])
  return (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'OPTIONS') return next()
    const source = req.get('Origin') ?? (req.get('Referer') ? new URL(req.get('Referer')!).origin : undefined)
    const own = `${req.protocol}://${req.get('Host')}`
    if (!source || allowed.has(source) || source === own) return next()
    res.status(403).type('text/plain; charset=utf-8').send('คำขอจากเว็บไซต์อื่นถูกปฏิเสธ / Cross-origin request refused')
  }
}

const isEvidenceFile = (url = '') => /^\/evidence\/[0-9a-f]{24}\/file(\?|$)/.test(url)

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
  app.use(compression())
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
  app.use(morgan(config.nodeEnv === 'production' ? 'combined' : 'dev', { skip: (req) => req.url === '/healthz' }))
  app.all(
    '*',
    createRequestHandler({
      build,
      mode: config.nodeEnv,
      getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, ip: req.ip ?? '' }),
    }),
  )

  const server = app.listen(config.port, () => {
    process.stdout.write(`Saisaat listening on ${config.publicUrl} (port ${config.port})\n`)
  })
  // purge the bin, reconcile the store, re-check links: hourly, in this process
  const stopEvidenceJobs = startEvidenceJobs(getStorage(), { allowPrivateLinks: config.evidence.allowPrivateLinks })
  // due-date reminders by e-mail, hourly, only when SMTP_URL is set
  const stopReminders = startReminderJob({ send: config.smtpUrl ? sendMail : null, publicUrl: config.publicUrl })
  // submission packages: queued jobs of any organization, and jobs whose runner died
  const stopPackageRunner = startPackageRunner(getStorage())

  let closing = false
  const shutdown = (signal: string) => {
    if (closing) return
    closing = true
    stopEvidenceJobs()
    stopReminders()
    stopPackageRunner()
    process.stdout.write(`Saisaat stopping (${signal})…\n`)
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
