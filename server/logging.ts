/**
 * One JSON log line per request (pino-http on the app's logger): request id, method, the URL with its one-time
 * tokens masked, status, route, duration, and the time spent in MongoDB and S3. Each request gets an id (a safe
 * incoming X-Request-Id, else a new UUID), answered in X-Request-Id and carried by every line logged for it.
 * Requests over 1 s are logged at "warn" with `slow: true`. Headers are not logged (cookies stay out).
 */
import { randomUUID } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import pino from 'pino'
import { pinoHttp } from 'pino-http'
import { maskUrl, requestContexts, rootLogger, type RequestContext } from '#app/utils/logger.server'
import { newStampScope, withStampScope, type StampScope } from '#models/db.server'

/** A request slower than this is logged at "warn" with its timings, and counted. */
export const SLOW_REQUEST_MS = 1000

// ids a proxy or client may set (UUIDs, hex, ULIDs, "trace:span"): anything else could forge or break log lines
const SAFE_REQUEST_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{7,99}$/

export function requestIdFor(incoming: string | string[] | undefined): string {
  return typeof incoming === 'string' && SAFE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
}

/** The request's context (set by `logRequests`): id, logger, and the MongoDB and S3 time spent so far. */
export const contextOf = (res: ServerResponse) => (res as Response).locals?.requestContext as RequestContext

/** Milliseconds since the request arrived. */
export const elapsedMs = (res: ServerResponse) => performance.now() - ((res as Response).locals.startedAt as number)

const roundMs = (ms: number) => Math.round(ms * 10) / 10

/**
 * The logging middleware. `routeOf` names the route that answered (computed when the response ends), the same
 * label as the metrics'; `skip` leaves successful answers of noisy paths (health checks, assets) out of the log.
 */
export function logRequests(options: {
  routeOf: (req: IncomingMessage, res: ServerResponse) => string
  skip: (req: IncomingMessage) => boolean
}) {
  const timingsOf = (req: IncomingMessage, res: ServerResponse) => {
    const context = contextOf(res)
    const ms = elapsedMs(res)
    return {
      req: {
        method: req.method,
        url: maskUrl((req as Request).originalUrl ?? req.url ?? ''),
        remoteAddress: (req as Request).ip ?? req.socket.remoteAddress,
        userAgent: req.headers['user-agent'],
      },
      res: { statusCode: res.statusCode },
      route: options.routeOf(req, res),
      responseTime: roundMs(ms),
      timings: {
        mongoMs: roundMs(context.mongo.ms),
        mongoCommands: context.mongo.commands,
        s3Ms: roundMs(context.s3.ms),
        s3Requests: context.s3.requests,
      },
      ...(ms > SLOW_REQUEST_MS ? { slow: true } : {}),
    }
  }
  const http = pinoHttp({
    logger: rootLogger(),
    // the line's req and res are the plain objects made below, not Node's request and response
    wrapSerializers: false,
    serializers: { req: (v: unknown) => v, res: (v: unknown) => v, err: pino.stdSerializers.err },
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'reqId' },
    genReqId: (req, res) => {
      const id = requestIdFor(req.headers['x-request-id'])
      res.setHeader('X-Request-Id', id)
      return id
    },
    autoLogging: { ignore: (req) => options.skip(req) },
    customLogLevel: (_req, res, error) =>
      error || res.statusCode >= 500 ? 'error' : elapsedMs(res) > SLOW_REQUEST_MS ? 'warn' : 'info',
    customSuccessObject: (req, res) => timingsOf(req, res),
    customErrorObject: (req, res, error) => ({ ...timingsOf(req, res), err: error }),
    customSuccessMessage: (req, res) =>
      `${req.method} ${maskUrl((req as Request).originalUrl ?? req.url ?? '')} ${res.statusCode}`,
    customErrorMessage: (req, res) =>
      `${req.method} ${maskUrl((req as Request).originalUrl ?? req.url ?? '')} ${res.statusCode}`,
  })
  return (req: Request, res: Response, next: NextFunction) => {
    res.locals.startedAt = performance.now()
    http(req, res)
    const context: RequestContext = {
      id: String(req.id),
      log: req.log,
      mongo: { ms: 0, commands: 0 },
      s3: { ms: 0, requests: 0 },
    }
    res.locals.requestContext = context
    const stamps = newStampScope()
    res.locals.stampScope = stamps
    // what the request leaves running reads stamps again once it has answered
    res.once('close', () => (stamps.ended = true))
    requestContexts().run(context, () => withStampScope(res.locals.stampScope as StampScope, next))
  }
}

/**
 * Enters the request's context again: a middleware that waits for the body (an event of the socket) continues
 * outside it, so this runs right before Remix, whose loaders and actions then log with the request id.
 */
export function enterRequestContext(_req: Request, res: Response, next: NextFunction) {
  requestContexts().run(contextOf(res), () => withStampScope(res.locals.stampScope as StampScope, next))
}
