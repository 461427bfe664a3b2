import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { CalendarPage } from '#app/components/calendar/page'
import { attempt, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { fiscalYearOf } from '#models/dates'
import { getCalendarScreen, PHASE_KINDS, saveCalendar } from '#models/work/calendar.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

const yearOf = (request: Request) => Number(new URL(request.url).searchParams.get('year')) || fiscalYearOf(new Date())

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'assignment.manage')
  return json(await getCalendarScreen(member.organization.id, yearOf(request)))
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form } = await startAction(args, 'assignment.manage')
  const fiscalYear = String(form.get('fiscalYear') ?? '')
  const value = (name: string) => String(form.get(name) ?? '')
  const result = await attempt(() =>
    saveCalendar(actor, {
      fiscalYear: Number(fiscalYear),
      phases: PHASE_KINDS.map((kind) => ({
        kind,
        startsOn: value(`${kind}.startsOn`),
        endsOn: value(`${kind}.endsOn`),
      })),
      unitDeadlines: form.getAll('unitId').map((u) => ({ unitId: String(u), dueDate: value(`deadline.${u}`) })),
    }),
  )
  if (!result.ok) return result.response
  return redirect(`/rounds?year=${fiscalYear}&saved=1`)
}

export default function RoundsRoute() {
  return <CalendarPage {...useLoaderData<typeof loader>()} />
}
