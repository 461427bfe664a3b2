import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { AssignmentBoard } from '#app/components/assignments/board'
import { attempt, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { assignItems, confirmAssignment, getAssignmentBoard, removeAssignment } from '#models/work/assignment.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'assignment.manage')
  return json(await getAssignmentBoard(member.organization.id, new URL(request.url).searchParams.get('catalogId')))
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form, intent } = await startAction(args, 'assignment.manage')
  const catalogId = String(form.get('catalogId') ?? '')
  const strings = (name: string) => form.getAll(name).map(String).filter(Boolean)
  const result = await attempt(async () => {
    if (intent === 'confirm') return (await confirmAssignment(actor, String(form.get('assignmentId')))) && 1
    if (intent === 'remove') return (await removeAssignment(actor, String(form.get('assignmentId')))) ?? 1
    // one date field per reporting round: "dueDate.6", "dueDate.annual"…
    const dueDates = [...form.keys()]
      .filter((k) => k.startsWith('dueDate.'))
      .map((k) => ({ round: k.slice('dueDate.'.length), dueDate: String(form.get(k) ?? '') }))
    return (
      await assignItems(actor, {
        catalogId,
        itemCodes: strings('itemCodes'),
        groups: strings('groups'),
        fromUnitIds: strings('fromUnitIds'),
        unitIds: strings('unitIds'),
        ownerIds: strings('ownerIds'),
        dueDate: form.has('dueDate') ? String(form.get('dueDate')) : undefined,
        dueDates,
      })
    ).length
  })
  if (!result.ok) return result.response
  return redirect(`/assignments?catalogId=${catalogId}${intent === 'assign' ? `&assigned=${result.value}` : ''}`)
}

export default function AssignmentsRoute() {
  return <AssignmentBoard {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
