import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { TextInput } from '@mantine/core'
import { FormCard, useActionForm } from '#app/components/forms'
import { OrganizationProfileFields } from '#app/components/organization/profile-fields'
import { saveProfileForm } from '#app/components/organization/profile.server'
import { SetupStepPage } from '#app/components/setup/step-page'
import { useT } from '#app/utils/i18n'
import { requirePermission } from '#app/utils/session.server'
import { AGENCY_TYPES } from '#models/tenancy/organization.server'
import { confirmProfile, finishSetupIfComplete, getSetupProgress } from '#models/tenancy/setup.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'organization.manage')
  const progress = await getSetupProgress(member.organization.id)
  return json({ organization: member.organization, agencyTypes: AGENCY_TYPES, done: progress.done.profile })
}

export async function action(args: ActionFunctionArgs) {
  const result = await saveProfileForm(args, confirmProfile)
  if (!result.ok) return result.response
  return redirect((await finishSetupIfComplete(result.actor)) ? '/' : '/setup')
}

export default function SetupProfile() {
  const { organization, agencyTypes, done } = useLoaderData<typeof loader>()
  const { formError, error, busy } = useActionForm<typeof action>()
  const t = useT()
  return (
    <SetupStepPage step="profile" done={done}>
      <FormCard formError={formError} submit={t('setup.profile.confirm')} busy={busy()}>
        <OrganizationProfileFields organization={organization} agencyTypes={agencyTypes} error={error}>
          <TextInput
            label={t('setup.profile.itasCode')}
            name="itasCode"
            description={t('setup.profile.itasHint')}
            defaultValue={organization.itasCode}
            maxLength={20}
            error={error('itasCode')}
          />
        </OrganizationProfileFields>
      </FormCard>
    </SetupStepPage>
  )
}
