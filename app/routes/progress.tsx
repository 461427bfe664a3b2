import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ProgressPage, type ProgressLine } from '#app/components/progress/page'
import { answer, attempt, badRequest, fields, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { periodLabel } from '#evidence/documents/html'
import { defaultCatalog, listCatalogs } from '#models/catalog/catalog.server'
import { REPORTING_ROUNDS } from '#models/catalog/schema'
import { recentEvidence } from '#models/evidence/records.server'
import { can } from '#models/tenancy/permissions'
import { getPlanContext, listProgress, saveProgress } from '#models/reporting/progress-report.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

const roundOf = (value: string | null) => REPORTING_ROUNDS.find((r) => String(r) === value) ?? 6

/** Progress per round of the integrity-policy plan's activities and of the improvement measures. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const organizationId = member.organization.id
  const url = new URL(request.url)
  const plans = (await listCatalogs(organizationId)).filter(
    (c) => c.status === 'published' && (c.kind === 'integrity-policy' || c.kind === 'improvement-measures'),
  )
  const catalogs = plans.map((c) => ({ id: c.id, nameTh: c.nameTh, nameEn: c.nameEn, fiscalYear: c.fiscalYear }))
  const round = roundOf(url.searchParams.get('round'))
  const chosen = plans.find((c) => c.id === url.searchParams.get('catalog')) ?? defaultCatalog(plans)
  const ctx = chosen ? await getPlanContext(organizationId, chosen.id) : null
  const records = ctx ? await listProgress(organizationId, ctx.catalog.id, round) : []
  const lines = (ctx?.lines ?? []).map((l): ProgressLine => {
    const mayEdit = can(member.membership, 'kpi.report', { organizationId, unitIds: l.unitIds })
    const reports = records.filter((r) => r.itemCode === l.itemCode && r.activityCode === l.activityCode)
    // each unit reports on its own: a coordinator sees their unit's record, never another unit's
    const record =
      (mayEdit ? reports.find((r) => r.unitId !== null && member.membership.unitIds.includes(r.unitId)) : reports[0]) ??
      null
    return {
      key: `${l.itemCode}|${l.activityCode}`,
      itemCode: l.itemCode,
      activityCode: l.activityCode,
      group: `${l.groupCode} ${l.groupName}`,
      measure: `${l.measureCode} ${l.measureName}`,
      activity: l.activityName,
      period: periodLabel(l.activity?.period ?? l.measure.activities[0]?.period),
      hostUnit:
        l.activity?.hostUnit ??
        l.measure.activities
          .map((a) => a.hostUnit)
          .filter(Boolean)
          .join(', '),
      mayEdit,
      record,
    }
  })
  const evidence = lines.some((l) => l.mayEdit)
    ? (await recentEvidence(organizationId, 500)).map((e) => ({ value: e.id, label: e.title }))
    : []
  return json({
    catalogs,
    catalogId: ctx?.catalog.id ?? null,
    kind: ctx?.catalog.content.kind ?? null,
    round,
    lines,
    evidence,
  })
}

export async function action(args: ActionFunctionArgs) {
  const { member, actor, form, intent } = await startAction(args, 'catalog.read')
  const f = fields(form, [
    'catalogId',
    'round',
    'itemCode',
    'activityCode',
    'method',
    'result',
    'summary',
    'outcome',
    'evidenceIds',
  ])
  if (intent !== 'save') throw badRequest()
  const saved = await attempt(() =>
    saveProgress(actor, member.membership, f.catalogId, Number(f.round), {
      itemCode: f.itemCode,
      activityCode: f.activityCode,
      method: f.method,
      result: f.result,
      summary: f.summary,
      outcome: f.outcome,
      evidenceIds: f.evidenceIds.split(',').filter(Boolean),
    }),
  )
  if (!saved.ok)
    return json(
      { ...(await saved.response.json()), line: `${f.itemCode}|${f.activityCode}` },
      { status: saved.response.status },
    )
  return answer.ok({ line: `${f.itemCode}|${f.activityCode}`, saved: true })
}

export default function ProgressRoute() {
  return <ProgressPage {...useLoaderData<typeof loader>()} />
}
