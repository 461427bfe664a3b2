import { json } from '@remix-run/node'
import { checkHealth } from '#app/utils/health.server'
import { log } from '#app/utils/logger.server'

/**
 * Open to anyone (load balancers, monitors): a failed check says only "unreachable"; its reason
 * names internal hosts and ports, so it goes to the server log instead.
 */
export async function loader() {
  const health = await checkHealth()
  const answer = { ...health }
  for (const service of ['mongo', 's3'] as const) {
    const check = health[service]
    if (check.ok) continue
    log().warn({ service, reason: check.error ?? 'no reason given' }, `healthz: ${service} unreachable`)
    answer[service] = { ...check, error: 'unreachable' }
  }
  return json(answer, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  })
}
