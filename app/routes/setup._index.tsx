import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SetupChecklist } from '#app/components/setup/checklist'
import { startAction } from '#app/utils/forms.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { beginSetup, finishSetupIfComplete, getSetupProgress, setupOpen } from '#models/tenancy/setup.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'organization.manage')
  // a new organization's set-up begins on its first visit (as from the home page), so it stays open until done
  if (await setupOpen(member.organization.id)) await beginSetup(actorOf(member, request, context))
  return json({ progress: await getSetupProgress(member.organization.id) })
}

/** "Finish": only once every step is done (the steps finish it themselves when the last one is done). */
export async function action(args: ActionFunctionArgs) {
  const { actor } = await startAction(args, 'organization.manage')
  await finishSetupIfComplete(actor)
  return redirect((await getSetupProgress(actor.organizationId)).finished ? '/' : '/setup')
}

export default function SetupRoute() {
  return <SetupChecklist {...useLoaderData<typeof loader>()} />
}
