import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SetupAssignments } from '#app/components/setup/assignments'
import { answer, attempt, badRequest, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { applyAssignmentChoices, finishSetupIfComplete, getSetupAssignments } from '#models/tenancy/setup.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'assignment.manage')
  return json(await getSetupAssignments(member.organization.id))
}

/**
 * "apply": the ticked criteria, each to the unit chosen in its row; "accept-all": every criterion not assigned yet
 * that has a suggestion, to the suggested unit. Either way only on this click, never on loading the page.
 */
export async function action(args: ActionFunctionArgs) {
  const { actor, form, intent } = await startAction(args, 'assignment.manage')
  let choices: { itemCode: string; unitId: string }[]
  if (intent === 'apply')
    choices = form
      .getAll('itemCodes')
      .map(String)
      .map((itemCode) => ({ itemCode, unitId: String(form.get(`unit.${itemCode}`) ?? '') }))
  else if (intent === 'accept-all')
    choices = (await getSetupAssignments(actor.organizationId)).rows
      .filter((r) => r.suggestion.unitId && r.assignedUnitIds.length === 0)
      .map((r) => ({ itemCode: r.code, unitId: r.suggestion.unitId! }))
  else throw badRequest()
  const result = await attempt(() =>
    applyAssignmentChoices(actor, {
      catalogId: String(form.get('catalogId') ?? ''),
      choices,
      dueDate: String(form.get('dueDate') ?? ''),
    }),
  )
  if (!result.ok) return result.response
  if (await finishSetupIfComplete(actor)) return redirect('/')
  return answer.ok({ assigned: result.value })
}

export default function SetupAssignmentsRoute() {
  return <SetupAssignments {...useLoaderData<typeof loader>()} />
}
