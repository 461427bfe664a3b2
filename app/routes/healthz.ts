import { json } from '@remix-run/node'
import { checkHealth } from '#app/utils/health.server'

export async function loader() {
  const health = await checkHealth()
  return json(health, {
    status: health.status === 'ok' ? 200 : 503,
    headers: { 'Cache-Control': 'no-store' },
  })
}
