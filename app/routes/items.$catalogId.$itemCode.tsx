import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ItemPage } from '#app/components/items/page'
import { answer, attempt, badRequest, fields, notFound, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
// the models' forbidden (an AppError, shown next to the control that asked), not the app's 403 page response
import { AppError, bi, forbidden } from '#models/errors'
import { contributeEvidence, setLeadUnit } from '#models/work/contribution.server'
import { listEvidence } from '#models/evidence/records.server'
import { can } from '#models/tenancy/permissions'
import {
  approveItem,
  chooseAnswer,
  commentOnItem,
  getItemReview,
  resetAnswer,
  returnItem,
  submitItem,
} from '#models/work/review.server'

const NOT_FOUND = bi('ไม่พบรายการ', 'item not found')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const item = await getItemReview(member.organization.id, params.catalogId!, params.itemCode!)
  if (!item) throw notFound(NOT_FOUND)
  const open = !item.catalogArchived
  const canWork =
    open &&
    Boolean(item.assignment) &&
    can(member.membership, 'evidence.upload', {
      organizationId: member.organization.id,
      unitIds: item.assignment?.unitIds ?? [],
    })
  const canDecide = open && can(member.membership, 'review.decide')
  const organizationId = member.organization.id
  // several units, one answer: the lead unit's coordinators choose, every assigned coordinator contributes
  const canLead =
    canWork &&
    Boolean(item.lead) &&
    can(member.membership, 'evidence.upload', { organizationId, unitIds: [item.lead!.unitId] })
  const canSetLead = open && item.units.length > 1 && can(member.membership, 'assignment.manage')
  const myUnits = canWork ? item.units.filter((u) => member.membership.unitIds.includes(u.id)) : []
  const library =
    myUnits.length && (item.units.length > 1 || item.selectionMade)
      ? (await listEvidence(organizationId, {}, 200))
          .filter((e) => e.fiscalYear === null || e.fiscalYear === item.fiscalYear)
          .map((e) => ({ id: e.id, title: e.title }))
      : []
  return json({ item, canWork, canDecide, canLead, canSetLead, myUnits, library, role: member.membership.role })
}

export async function action(args: ActionFunctionArgs) {
  const { member, organizationId, actor, form, intent } = await startAction(args, 'evidence.read')
  // another organization's ids are "not found" whatever the form says
  const item = await getItemReview(organizationId, args.params.catalogId!, args.params.itemCode!)
  if (!item) throw notFound(NOT_FOUND)
  const f = fields(form, ['comment', 'reason', 'text', 'evidenceId', 'elementId', 'unitId', 'selected', 'leadUnitId'])
  const mayWork = can(member.membership, 'evidence.upload', { organizationId, unitIds: item.assignment?.unitIds ?? [] })
  const mayDecide = can(member.membership, 'review.decide')
  const need = (allowed: boolean) => {
    if (!allowed) throw forbidden()
  }
  // a refusal is shown next to the control that asked (status 403), the page and its menu intact
  const control = (
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
  const ticks = item.elements.map((e) => ({
    elementId: e.id,
    ticked: form.get(`tick.${e.id}`) === 'on',
    note: String(form.get(`note.${e.id}`) ?? ''),
  }))
  const { catalogId, itemCode } = item
  const result = await attempt(async () => {
    try {
      return await run()
    } catch (error) {
      if (error instanceof AppError && error.status === 403) return { refused: error.message }
      throw error
    }
  })
  if (!result.ok) return result.response
  if (typeof result.value === 'object') {
    const message = result.value.refused
    return control
      ? answer.fieldErrors({ [control]: message }, 403, { done: null })
      : answer.formError(message, 403, { done: null })
  }
  return answer.ok({ done: result.value })

  async function run() {
    switch (intent) {
      case 'submit':
        need(mayWork)
        await submitItem(actor, catalogId, itemCode, { comment: f.comment })
        return 'submit' as const
      case 'return':
        need(mayDecide)
        await returnItem(actor, catalogId, itemCode, { ticks, comment: f.comment })
        return 'return' as const
      case 'approve':
        need(mayDecide)
        await approveItem(actor, catalogId, itemCode, { ticks, reason: f.reason, comment: f.comment })
        return 'approve' as const
      case 'contribute':
        need(mayWork)
        await contributeEvidence(actor, member.membership, catalogId, itemCode, {
          evidenceId: f.evidenceId,
          elementId: f.elementId,
          unitId: f.unitId,
        })
        return 'contribute' as const
      case 'choose':
        need(mayWork)
        await chooseAnswer(actor, member.membership, catalogId, itemCode, f.evidenceId, f.selected === '1')
        return 'choose' as const
      case 'reset-answer':
        need(mayWork)
        await resetAnswer(actor, member.membership, catalogId, itemCode)
        return 'reset-answer' as const
      case 'lead':
        need(can(member.membership, 'assignment.manage'))
        await setLeadUnit(actor, member.membership, catalogId, itemCode, f.leadUnitId)
        return 'lead' as const
      case 'comment':
        need(mayWork || mayDecide)
        await commentOnItem(actor, catalogId, itemCode, mayDecide ? 'assessor' : 'coordinator', { text: f.text })
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
