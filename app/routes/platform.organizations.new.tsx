import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { NewOrganizationPage } from '#app/components/platform/organization-form'
import { answer, attempt, fields } from '#app/utils/forms.server'
import { handOverAdministrator } from '#app/utils/platform.server'
import { operatorActorOf, requireOperator } from '#app/utils/session.server'
import { createOrganization, listOrganizationsForOperators } from '#models/tenancy/operator.server'
import { AGENCY_TYPES, type Organization } from '#models/tenancy/organization.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request, context }: LoaderFunctionArgs) {
  const operator = await requireOperator(request)
  const all = await listOrganizationsForOperators(operatorActorOf(operator, request, context))
  const parents = all.map(({ code, nameTh, nameEn }) => ({ code, nameTh, nameEn }))
  return json({ parents, agencyTypes: AGENCY_TYPES })
}

const FIELDS = ['code', 'nameTh', 'nameEn', 'agencyType', 'itasCode', 'linkDomains', 'parentCode'] as const

/** Creates the organization (and invites its first administrator when named); every refusal names its field. */
export async function action({ request, context }: ActionFunctionArgs) {
  const operator = await requireOperator(request)
  const form = await request.formData()
  const input = fields(form, [...FIELDS, 'adminEmail', 'adminName'])
  const result = await attempt(() =>
    createOrganization(operatorActorOf(operator, request, context), {
      ...input,
      agencyType: input.agencyType as Organization['agencyType'],
      // both empty: no administrator yet (one without the other is refused by the model)
      adminEmail: input.adminEmail.trim() || undefined,
      adminName: input.adminName.trim() || undefined,
    }),
  )
  if (!result.ok) return result.response
  const { organization, admin } = result.value
  const { id, code, nameTh, nameEn } = organization
  return answer.ok({
    created: { id, code, nameTh, nameEn },
    admin: admin ? await handOverAdministrator(organization, admin) : null,
  })
}

export default function NewOrganization() {
  const { parents, agencyTypes } = useLoaderData<typeof loader>()
  return <NewOrganizationPage parents={parents} agencyTypes={agencyTypes} />
}
