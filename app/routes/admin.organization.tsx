import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Text } from '@mantine/core'
import { FormCard, useActionForm } from '#app/components/forms'
import { NetworkViewers } from '#app/components/network/viewers'
import { OrganizationProfileFields } from '#app/components/organization/profile-fields'
import { saveProfileForm } from '#app/components/organization/profile.server'
import { Page } from '#app/components/ui/page'
import { useT } from '#app/utils/i18n'
import { answer } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { AGENCY_TYPES, updateOrganizationSettings } from '#models/tenancy/organization.server'
import { listNetworkViewers } from '#models/reporting/network.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'organization.manage')
  // the list comes from the loader: organization.server is not in the browser bundle
  return json({
    organization: member.organization,
    agencyTypes: AGENCY_TYPES,
    // who above this organization sees its figures in their network view
    viewers: (await listNetworkViewers(member.organization.id)).map((v) => ({
      ...v,
      people: v.people.map(({ name, role }) => ({ name, role })),
    })),
  })
}

export async function action(args: ActionFunctionArgs) {
  const result = await saveProfileForm(args, updateOrganizationSettings)
  if (!result.ok) return result.response
  return answer.ok({ saved: true })
}

export default function OrganizationSettings() {
  const { organization, agencyTypes, viewers } = useLoaderData<typeof loader>()
  const { data, formError, error, busy } = useActionForm<typeof action>()
  const t = useT()
  const saved =
    data && 'saved' in data ? (
      <Text c="teal" role="status">
        {t('org.saved')}
      </Text>
    ) : null
  return (
    <Page title={t('org.title')} width={720}>
      <FormCard formError={formError} notices={saved} submit={t('org.save')} busy={busy()}>
        <OrganizationProfileFields organization={organization} agencyTypes={agencyTypes} error={error} />
      </FormCard>
      <NetworkViewers viewers={viewers} />
    </Page>
  )
}
