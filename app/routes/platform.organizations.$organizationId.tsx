import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { OrganizationPage } from '#app/components/platform/organization'
import { OrganizationTransfer } from '#app/components/platform/transfer'
import { answer, attempt, badRequest, fields, notFound } from '#app/utils/forms.server'
import { adminFieldErrors, handOverAdministrator } from '#app/utils/platform.server'
import { operatorActorOf, requireOperator } from '#app/utils/session.server'
import { AppError } from '#models/errors'
import {
  getOrganizationForOperators,
  inviteOrganizationAdministrator,
  listOrganizationsForOperators,
  setOrganizationParent,
  setOrganizationSuspended,
  type OperatorActor,
} from '#models/tenancy/operator.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/** The organization's metadata for operators; 404 for an unknown id (and for anyone not an operator). */
async function details(actor: OperatorActor, id: string) {
  try {
    return await getOrganizationForOperators(actor, id)
  } catch (error) {
    if (error instanceof AppError && error.status === 404) throw notFound(error.message)
    throw error
  }
}

export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = operatorActorOf(await requireOperator(request), request, context)
  const organization = await details(actor, params.organizationId ?? '')
  const all = await listOrganizationsForOperators(actor)
  const parents = all.map(({ code, nameTh, nameEn }) => ({ code, nameTh, nameEn }))
  return json({ organization, parents })
}

/** invite (an administrator), parent (change it), suspend (with a reason), reactivate: each audited by the model. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = operatorActorOf(await requireOperator(request), request, context)
  const { code } = await details(actor, params.organizationId ?? '')
  const form = await request.formData()
  const input = fields(form, ['intent', 'adminEmail', 'adminName', 'parentCode', 'reason'])
  const { intent } = input
  if (intent === 'invite') {
    const result = await attempt(() => inviteOrganizationAdministrator(actor, code, input))
    if (!result.ok) {
      const refusal = (await result.response.json()) as { formError: string; fieldErrors: Record<string, string> }
      const fieldErrors = adminFieldErrors(refusal.fieldErrors ?? {})
      return json({ intent, formError: refusal.formError, fieldErrors }, { status: result.response.status })
    }
    const organization = await details(actor, params.organizationId!)
    return answer.ok({
      intent,
      done: 'invite' as const,
      admin: await handOverAdministrator(organization, result.value),
    })
  }
  const run =
    intent === 'parent'
      ? () => setOrganizationParent(actor, code, input.parentCode)
      : intent === 'suspend'
        ? () => setOrganizationSuspended(actor, code, input.reason)
        : intent === 'reactivate'
          ? () => setOrganizationSuspended(actor, code, null)
          : null
  if (!run) throw badRequest()
  const result = await attempt(run)
  if (!result.ok) {
    const refusal = (await result.response.json()) as object
    return json({ ...refusal, intent }, { status: result.response.status })
  }
  return answer.ok({ intent, done: intent as 'parent' | 'suspend' | 'reactivate' })
}

export default function PlatformOrganization() {
  const { organization, parents } = useLoaderData<typeof loader>()
  // moving the organization (export, delete) is its own card, under the operators' other actions
  return (
    <OrganizationPage
      organization={organization}
      parents={parents}
      transfer={<OrganizationTransfer organization={organization} />}
    />
  )
}
