import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { AuditTrail } from '#app/components/admin/audit-trail'
import { localeFromCookie } from '#app/i18n'
import { auditFilterFromUrl } from '#app/utils/audit-filter.server'
import { requirePermission } from '#app/utils/session.server'
import { listCatalogs } from '#models/catalog/catalog.server'
import { AppError } from '#models/errors'
import { listAuditActions, listAuditEvents } from '#models/tenancy/audit.server'
import { listUnits } from '#models/tenancy/unit.server'
import { listPeople } from '#models/tenancy/user.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

const PAGE_SIZE = 50

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'audit.read')
  const url = new URL(request.url)
  let filter: ReturnType<typeof auditFilterFromUrl> | null = null
  let refusal: AppError | null = null
  try {
    filter = auditFilterFromUrl(url)
  } catch (error) {
    // a bad date in the filter: the page says which and why, and lists nothing for it
    if (!(error instanceof AppError)) throw error
    refusal = error
  }
  const page = Math.max(1, Number(url.searchParams.get('page')) || 1)
  const [{ events, total }, actions, people] = await Promise.all([
    filter
      ? listAuditEvents(member.organization.id, filter, { limit: PAGE_SIZE, skip: (page - 1) * PAGE_SIZE })
      : { events: [] as Awaited<ReturnType<typeof listAuditEvents>>['events'], total: 0 },
    listAuditActions(member.organization.id),
    listPeople(member.organization.id),
  ])
  // the ids events carry, shown by name
  const locale = localeFromCookie(request.headers.get('Cookie'))
  const pick = (th: string, en: string) => (locale === 'en' && en) || th
  const [units, catalogs] = await Promise.all([listUnits(member.organization.id), listCatalogs(member.organization.id)])
  const names = Object.fromEntries([
    ...people.map((p) => [p.id, pick(p.nameTh, p.nameEn)]),
    ...units.map((u) => [u.id, pick(u.nameTh, u.nameEn)]),
    ...catalogs.map((c) => [c.id, pick(c.nameTh, c.nameEn)]),
  ]) as Record<string, string>
  const get = (k: string) => url.searchParams.get(k)?.slice(0, 100) ?? ''
  return json(
    {
      events,
      total,
      page,
      pages: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      actions,
      people: people.map((p) => ({ id: p.id, nameTh: p.nameTh, email: p.email })),
      names,
      filter: filter?.raw ?? {
        actor: get('actor'),
        action: get('action'),
        target: get('target'),
        from: get('from'),
        to: get('to'),
      },
      formError: refusal?.message ?? null,
      fieldErrors: refusal?.fieldErrors ?? ({} as Record<string, string>),
    },
    { status: refusal ? 400 : 200 },
  )
}

export default function AuditTrailPage() {
  return <AuditTrail data={useLoaderData<typeof loader>()} />
}
