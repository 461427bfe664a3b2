import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { KpiReportPage } from '#app/components/kpi/report-page'
import { answer, attempt, badRequest, fields, notFound, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { recentEvidence } from '#models/evidence/records.server'
import { certifyKpiReport, getKpiContext, getKpiReport, saveKpiReport } from '#models/reporting/kpi-report.server'
import { bi } from '#models/errors'
import { can } from '#models/tenancy/permissions'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

const NOT_FOUND = bi('ไม่พบตัวชี้วัด', 'KPI not found')
const LEVELS = [1, 2, 3, 4, 5] as const
/** The report form's single text boxes, sent as typed. */
const REPORT_TEXTS = [
  'result',
  'explanation',
  'supportingFactors',
  'obstacles',
  'supervisorName',
  'supervisorPhone',
  'dataCollectorName',
  'dataCollectorPhone',
] as const

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'catalog.read')
  const organizationId = member.organization.id
  const ctx = await getKpiContext(organizationId, params.agreementId ?? '', params.kpiCode ?? '')
  if (!ctx) throw notFound(NOT_FOUND)
  const rounds = [...ctx.kpi.reportingRounds].sort((a, b) => a - b)
  const asked = Number(new URL(request.url).searchParams.get('round'))
  const round = rounds.find((r) => r === asked) ?? rounds[0]
  const report = await getKpiReport(organizationId, ctx.catalog.id, ctx.kpi.code, round)
  const published = ctx.catalog.status === 'published'
  const canReport =
    published &&
    report?.certification !== 'approved' &&
    can(member.membership, 'kpi.report', { organizationId, unitIds: ctx.unitIds })
  const canCertify =
    published && report?.certification === 'pending' && can(member.membership, 'kpi.certify', { organizationId })
  const evidence = canReport
    ? (await recentEvidence(organizationId, 500)).map((e) => ({ value: e.id, label: e.title }))
    : []
  const { id, nameTh, nameEn, fiscalYear, content } = ctx.catalog
  const catalog = { id, nameTh, nameEn, fiscalYear, floor: content.scoreBelowLevel1 }
  const assigned = ctx.unitIds.length > 0
  return json({ catalog, kpi: ctx.kpi, assigned, rounds, round, report, evidence, canReport, canCertify })
}

export async function action(args: ActionFunctionArgs) {
  const { member, actor, form, intent } = await startAction(args, 'catalog.read')
  // another organization's ids are "not found" whatever the form says
  const ctx = await getKpiContext(member.organization.id, args.params.agreementId ?? '', args.params.kpiCode ?? '')
  if (!ctx) throw notFound(NOT_FOUND)
  if (intent !== 'save' && intent !== 'approve' && intent !== 'not-approve') throw badRequest()
  const f = fields(form, ['round', 'evidenceIds', 'note'])
  const round = Number(f.round)
  const result = await attempt(() =>
    intent === 'save'
      ? saveKpiReport(actor, member.membership, ctx.catalog.id, ctx.kpi.code, round, {
          ...fields(form, [...REPORT_TEXTS]),
          levelTexts: Object.fromEntries(LEVELS.map((l) => [l, String(form.get(`levelTexts.${l}`) ?? '')])),
          stepsDone: form.getAll('stepsDone').map(String),
          evidenceIds: f.evidenceIds.split(',').filter(Boolean),
        })
      : certifyKpiReport(actor, member.membership, ctx.catalog.id, ctx.kpi.code, round, {
          decision: intent === 'approve' ? 'approved' : 'not-approved',
          note: f.note,
        }),
  )
  if (!result.ok) return result.response
  return answer.ok({ done: intent === 'save' ? ('save' as const) : ('certify' as const) })
}

export default function KpiReportRoute() {
  return <KpiReportPage {...useLoaderData<typeof loader>()} />
}
