import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SignupRequestsPage } from '#app/components/platform/requests'
import { answer, attempt, badRequest } from '#app/utils/forms.server'
import { operatorActorOf, requireOperator } from '#app/utils/session.server'
import { mailConfigured } from '#app/utils/mail.server'
import { mailSignupApproved, mailSignupDeclined } from '#app/utils/signup-mail.server'
import { approveSignup, declineSignup, listSignupRequests } from '#models/tenancy/signup.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const operator = await requireOperator(request)
  const requests = await listSignupRequests(operatorActorOf(operator, request, context))
  return json({ requests, mail: mailConfigured() })
}

/** Approve (creates the organization, invites the requester) or decline with a reason; both mailed. */
export async function action({ request, context }: ActionFunctionArgs) {
  const operator = await requireOperator(request)
  const actor = operatorActorOf(operator, request, context)
  const form = await request.formData()
  const id = String(form.get('id') ?? '')
  const intent = String(form.get('intent') ?? '')
  // a refusal names the request, so that the page shows it on that request's card
  const refused = async (response: Response) => json({ ...(await response.json()), id }, { status: response.status })
  if (intent === 'approve') {
    const result = await attempt(() => approveSignup(actor, id, { code: String(form.get('code') ?? '') }))
    if (!result.ok) return refused(result.response)
    const { organization, admin } = result.value
    const delivered = await mailSignupApproved(organization, admin)
    return answer.ok({ id, approved: { code: organization.code, email: admin.email, link: delivered.url } })
  }
  if (intent === 'decline') {
    const result = await attempt(() => declineSignup(actor, id, String(form.get('reason') ?? '')))
    if (!result.ok) return refused(result.response)
    if (mailConfigured()) await mailSignupDeclined(result.value)
    return answer.ok({ id, declined: { email: result.value.email } })
  }
  throw badRequest()
}

export default function SignupRequests() {
  return <SignupRequestsPage {...useLoaderData<typeof loader>()} />
}
