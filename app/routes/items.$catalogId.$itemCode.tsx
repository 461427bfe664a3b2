import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ItemPage } from '#app/components/items/page'
import { evidenceRights, isInlineIntent, loadItemPage, runInlineAction } from '#app/components/items/workspace.server'
import { answer, attempt, badRequest, fields, notFound, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
// the models' forbidden (an AppError, shown next to the control that asked), not the app's 403 page response
import { AppError, bi, forbidden } from '#models/errors'
import { contributeEvidence, setLeadUnit } from '#models/work/contribution.server'
import { can } from '#models/tenancy/permissions'
import * as review from '#models/work/review.server'

const NOT_FOUND = bi('ไม่พบรายการ', 'item not found')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const data = await loadItemPage(
    member,
    params.catalogId!,
    params.itemCode!,
    new URL(request.url).searchParams.get('all'),
  )
  if (!data) throw notFound(NOT_FOUND)
  return json(data)
}

export async function action(args: ActionFunctionArgs) {
  const { member, organizationId, actor, form, intent } = await startAction(args, 'evidence.read')
  // another organization's ids are "not found" whatever the form says; the outline decides, and only the submit
  // reads the item's evidence (its period grids)
  const item = await review.getItemOutline(organizationId, args.params.catalogId!, args.params.itemCode!)
  if (!item) throw notFound(NOT_FOUND)
  const f = fields(form, ['comment', 'reason', 'text', 'evidenceId', 'elementId', 'unitId', 'selected', 'leadUnitId'])
  const mayWork = can(member.membership, 'evidence.upload', { organizationId, unitIds: item.assignment?.unitIds ?? [] })
  const mayDecide = can(member.membership, 'review.decide')
  const need = (allowed: boolean) => {
    if (!allowed) throw forbidden()
  }
  // a refusal is shown next to the control that asked (status 403), the page and its menu intact
  const inline = isInlineIntent(intent) ? `element.${f.elementId}` : undefined
  const control =
    inline ??
    (
      {
        submit: 'submit',
        return: 'decision',
        approve: 'decision',
        contribute: 'contribute',
        choose: `choose.${f.evidenceId}`,
        'reset-answer': 'reset-answer',
        lead: 'leadUnitId',
        comment: 'text',
      } as Record<string, string>
    )[intent]
  const ticks = item.elementIds.map((id) => ({
    elementId: id,
    ticked: form.get(`tick.${id}`) === 'on',
    note: String(form.get(`note.${id}`) ?? ''),
  }))
  const { catalogId, itemCode } = item
  const result = await attempt(async () => {
    try {
      return await run()
    } catch (error) {
      // inline refusals (403 and the rest) stay beside the element's controls; unconfirmed gaps are asked beside the
      // submit button, not as an error of the page
      if (error instanceof AppError) {
        const asked = error.message === review.GAPS_UNCONFIRMED
        if (error.status === 403 || (inline && error.status !== 404) || asked)
          return { refused: error.message, status: error.status }
      }
      throw error
    }
  })
  if (!result.ok) return result.response
  if (typeof result.value === 'object') {
    const { refused: message, status } = result.value
    return control
      ? answer.fieldErrors({ [control]: message }, status, { done: null })
      : answer.formError(message, status, { done: null })
  }
  return answer.ok({ done: result.value })

  async function run() {
    if (isInlineIntent(intent)) {
      await runInlineAction(member, actor, item!, intent, form)
      return intent
    }
    switch (intent) {
      case 'submit':
        need(mayWork && evidenceRights(member, item!).canWork)
        await review.submitItem(
          actor,
          catalogId,
          itemCode,
          { comment: f.comment, confirmGaps: form.get('confirmGaps') === 'on' },
          item!,
        )
        return 'submit' as const
      case 'return':
        need(mayDecide)
        await review.returnItem(actor, catalogId, itemCode, { ticks, comment: f.comment }, item!)
        return 'return' as const
      case 'approve':
        need(mayDecide)
        await review.approveItem(actor, catalogId, itemCode, { ticks, reason: f.reason, comment: f.comment }, item!)
        return 'approve' as const
      case 'contribute':
        need(mayWork)
        await contributeEvidence(actor, member.membership, catalogId, itemCode, f)
        return 'contribute' as const
      case 'choose':
        need(mayWork)
        await review.chooseAnswer(actor, member.membership, catalogId, itemCode, f.evidenceId, f.selected === '1')
        return 'choose' as const
      case 'reset-answer':
        need(mayWork)
        await review.resetAnswer(actor, member.membership, catalogId, itemCode)
        return 'reset-answer' as const
      case 'lead':
        need(can(member.membership, 'assignment.manage'))
        await setLeadUnit(actor, member.membership, catalogId, itemCode, f.leadUnitId)
        return 'lead' as const
      case 'comment':
        need(mayWork || mayDecide)
        await review.commentOnItem(
          actor,
          catalogId,
          itemCode,
          mayDecide ? 'assessor' : 'coordinator',
          { text: f.text },
          item!,
        )
        return 'comment' as const
      default:
        need(mayWork || mayDecide)
        throw badRequest()
    }
  }
}

export default function ItemRoute() {
  return <ItemPage {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
