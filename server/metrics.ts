/**
 * Request metrics and the /metrics endpoint. A request is labelled with the Remix route that answered it (the
 * route id, e.g. `routes/items.$catalogId.$itemCode`: the URL's pattern, never its ids; also for a request the
 * server refused before Remix), `static` for files served before Remix, `metrics` for the scrape itself.
 * /metrics answers only with `Authorization: Bearer <METRICS_TOKEN>` (401 otherwise); without METRICS_TOKEN it is
 * not served at all (the app's 404 page).
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { matchRoutes } from '@remix-run/react'
import type { ServerBuild } from '@remix-run/node'
import type { NextFunction, Request, Response } from 'express'
import { metrics } from '#app/utils/metrics.server'
import { elapsedMs, SLOW_REQUEST_MS } from './logging'

type RouteTree = Parameters<typeof matchRoutes>[0]

/**
 * The route label of each request: the route of the page Remix rendered (named through the load context), else Remix's
 * match of its path, computed once when the response ends.
 */
export function routeLabeler(build: ServerBuild) {
  const routes = Object.values(build.routes)
  const childrenOf = (parentId: string | undefined): RouteTree =>
    routes
      .filter((r) => r.parentId === parentId)
      .map((r) =>
        r.index
          ? { id: r.id, path: r.path, index: true, caseSensitive: r.caseSensitive }
          : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: childrenOf(r.id) },
      )
  const tree = childrenOf(undefined)
  return (req: IncomingMessage, res: ServerResponse): string => {
    const locals = (res as Response).locals
    if (typeof locals.route === 'string') return locals.route
    let route: string
    const url = new URL((req as Request).originalUrl ?? req.url ?? '/', 'http://localhost')
    // a client-side navigation's data request names the route whose loader or action it runs
    const data = url.searchParams.get('_data')
    if (locals.metricsEndpoint) route = 'metrics'
    // answered before Remix without a refusal: a file of the build or of public/
    else if (!locals.remix && [200, 206, 304].includes(res.statusCode)) route = 'static'
    else if (data && build.routes[data]) route = data
    // what Remix answered, or a refusal before it (body too large, another origin): the route it was meant for
    else route = matchRoutes(tree, url.pathname)?.at(-1)?.route.id ?? 'unmatched'
    locals.route = route
    return route
  }
}

/** Times every request into the duration histogram by route, method and status; counts the slow ones. */
export function measureRequests(routeOf: (req: IncomingMessage, res: ServerResponse) => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.once('finish', () => {
      const ms = elapsedMs(res)
      const route = routeOf(req, res)
      const m = metrics()
      m.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, ms / 1000)
      if (ms > SLOW_REQUEST_MS) m.slowRequests.inc({ route })
    })
    next()
  }
}

const digest = (value: string) => createHash('sha256').update(value).digest()

/** GET /metrics for a scraper that sends the token; 401 (and nothing counted as an answer) for anyone else. */
export function metricsEndpoint(token: string) {
  const expected = digest(token)
  return async (req: Request, res: Response) => {
    res.locals.metricsEndpoint = true
    const given = /^Bearer (.+)$/.exec(req.get('Authorization') ?? '')?.[1] ?? ''
    // equal-length digests: the comparison takes the same time whatever was sent
    if (!timingSafeEqual(digest(given), expected)) {
      res.set('WWW-Authenticate', 'Bearer realm="metrics"')
      return res.status(401).type('text/plain; charset=utf-8').send('ต้องมีโทเค็นของ metrics / metrics token required')
    }
    const { registry } = metrics()
    res.set('Cache-Control', 'no-store')
    res.type(registry.contentType).send(await registry.metrics())
  }
}
