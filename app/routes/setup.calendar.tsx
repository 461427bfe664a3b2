import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SetupCalendar } from '#app/components/setup/calendar'
import { attempt, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { beginSetup, finishSetupIfComplete, getSetupCalendar } from '#models/tenancy/setup.server'
import { PHASE_KINDS, saveCalendar } from '#models/work/calendar.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'assignment.manage')
  return json(await getSetupCalendar(member.organization.id))
}

/** Saves the calendar as /rounds does (the estimate becomes the year's calendar only on this click). */
export async function action(args: ActionFunctionArgs) {
  const { actor, form } = await startAction(args, 'assignment.manage')
  const value = (name: string) => String(form.get(name) ?? '')
  const result = await attempt(async () => {
    await beginSetup(actor)
    return saveCalendar(actor, {
      fiscalYear: Number(value('fiscalYear')),
      phases: PHASE_KINDS.map((kind) => ({
        kind,
        startsOn: value(`${kind}.startsOn`),
        endsOn: value(`${kind}.endsOn`),
      })),
      unitDeadlines: form.getAll('unitId').map((u) => ({ unitId: String(u), dueDate: value(`deadline.${u}`) })),
    })
  })
  if (!result.ok) return result.response
  return redirect((await finishSetupIfComplete(actor)) ? '/' : '/setup')
}

export default function SetupCalendarRoute() {
  return <SetupCalendar {...useLoaderData<typeof loader>()} />
}
