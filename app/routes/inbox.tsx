import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { InboxPage } from '#app/components/inbox/inbox'
import { requireMember } from '#app/utils/session.server'
import { byFiscalYear } from '#models/dates'
import { getInbox } from '#models/work/reminder.server'

/** What needs my action: every member has an inbox; what it holds depends on the role. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request)
  const inbox = await getInbox(member.organization.id, {
    role: member.membership.role,
    userId: member.user.id,
    unitIds: member.membership.unitIds,
  })
  // in each section the year in progress first, then earlier years
  const now = new Date()
  return json({
    inbox: {
      ...inbox,
      returned: byFiscalYear(inbox.returned, now),
      toReview: byFiscalYear(inbox.toReview, now),
      due: byFiscalYear(inbox.due, now),
      carried: byFiscalYear(inbox.carried, now),
      clarify: byFiscalYear(inbox.clarify, now),
    },
  })
}

export default function InboxRoute() {
  return <InboxPage {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
