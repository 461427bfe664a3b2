import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ClarificationPage } from '#app/components/clarification/screen'
import { answer, attempt, fields, forbidden, notFound, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import {
  approveClarification,
  draftClarification,
  getClarification,
  returnClarification,
} from '#models/work/clarification.server'
import { bi } from '#models/errors'
import { can } from '#models/tenancy/permissions'

const NOT_FOUND = bi('ไม่พบรายการ', 'not found')

/** One criterion's preliminary result and its clarification: coordinators draft, assessors decide. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const organizationId = member.organization.id
  const screen = await getClarification(organizationId, params.catalogId!, params.itemCode!)
  if (!screen) throw notFound(NOT_FOUND)
  const status = screen.clarification?.status ?? null
  const disputed = !screen.catalog.archived && screen.result?.result === 'not-passed'
  const canDraft =
    disputed &&
    screen.unitIds.length > 0 &&
    can(member.membership, 'evidence.upload', { organizationId, unitIds: screen.unitIds }) &&
    !screen.window.overdue &&
    status !== 'approved'
  const canDecide = disputed && can(member.membership, 'review.decide') && status === 'draft'
  return json({ screen, canDraft, canDecide })
}

export async function action(args: ActionFunctionArgs) {
  const { member, organizationId, actor, form, intent } = await startAction(args, 'evidence.read')
  // another organization's ids are "not found" whatever the form says
  const screen = await getClarification(organizationId, args.params.catalogId!, args.params.itemCode!)
  if (!screen) throw notFound(NOT_FOUND)
  const f = fields(form, ['text', 'comment'])
  const { catalog, itemCode } = screen
  // the model checks who may do what (unit scope, assessors); this only turns its refusals into answers
  const result = await attempt(async () => {
    switch (intent) {
      case 'draft':
        await draftClarification(actor, member.membership, catalog.id, itemCode, {
          text: f.text,
          evidenceIds: form.getAll('evidenceId').map(String),
        })
        return 'draft' as const
      case 'approve':
        await approveClarification(actor, member.membership, catalog.id, itemCode, { comment: f.comment })
        return 'approve' as const
      case 'return':
        await returnClarification(actor, member.membership, catalog.id, itemCode, { comment: f.comment })
        return 'return' as const
      default:
        throw forbidden()
    }
  })
  if (!result.ok) return result.response
  return answer.ok({ done: result.value })
}

export default function ClarificationRoute() {
  return <ClarificationPage {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
