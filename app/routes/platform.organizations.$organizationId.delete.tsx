import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { getStorage } from '#app/services.server'
import { attempt, fields, notFound } from '#app/utils/forms.server'
import { operatorActorOf, requireOperator } from '#app/utils/session.server'
import { deleteOrganization } from '#evidence/transfer/organization-delete.server'
import { getOrganizationById } from '#models/tenancy/organization.server'
import { organizationExportState } from '#models/tenancy/organization-data.server'

/** The organization's export state for the console's transfer card: its last export, and whether delete may run. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOperator(request)
  const organization = await getOrganizationById(params.organizationId ?? '')
  if (!organization) throw notFound()
  return json({ code: organization.code, state: await organizationExportState(organization.id) })
}

/** Deletes the organization when `confirm` is its code and a current export exists; then back to the console. */
export async function action({ request, context, params }: ActionFunctionArgs) {
  const actor = operatorActorOf(await requireOperator(request), request, context)
  const organization = await getOrganizationById(params.organizationId ?? '')
  if (!organization) throw notFound()
  const { confirm } = fields(await request.formData(), ['confirm'])
  const result = await attempt(() => deleteOrganization(getStorage(), actor, { code: organization.code, confirm }))
  if (!result.ok) return result.response
  return redirect(`/platform?deleted=${encodeURIComponent(result.value.code)}`)
}
