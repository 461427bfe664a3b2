import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { NativeSelect, Textarea, TextInput } from '@mantine/core'
import { FormCard, useActionForm } from '#app/components/forms'
import { SetupStepPage } from '#app/components/setup/step-page'
import { useT } from '#app/utils/i18n'
import { attempt, fields, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { AGENCY_TYPES, type Organization } from '#models/tenancy/organization.server'
import { confirmProfile, finishSetupIfComplete, getSetupProgress } from '#models/tenancy/setup.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'organization.manage')
  const progress = await getSetupProgress(member.organization.id)
  return json({ organization: member.organization, agencyTypes: AGENCY_TYPES, done: progress.done.profile })
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form } = await startAction(args, 'organization.manage')
  const input = fields(form, ['nameTh', 'nameEn', 'agencyType', 'linkDomains', 'itasCode'])
  const result = await attempt(() =>
    confirmProfile(actor, { ...input, agencyType: input.agencyType as Organization['agencyType'] }),
  )
  if (!result.ok) return result.response
  return redirect((await finishSetupIfComplete(actor)) ? '/' : '/setup')
}

export default function SetupProfile() {
  const { organization, agencyTypes, done } = useLoaderData<typeof loader>()
  const { formError, error, busy } = useActionForm<typeof action>()
  const t = useT()
  const field = (name: 'nameTh' | 'nameEn' | 'agencyType' | 'linkDomains') => ({
    label: t(`org.${name}`),
    name,
    error: error(name),
  })
  return (
    <SetupStepPage step="profile" done={done}>
      <FormCard formError={formError} submit={t('setup.profile.confirm')} busy={busy()}>
        <TextInput label={t('org.code')} value={organization.code} readOnly description={t('org.codeHint')} />
        <TextInput {...field('nameTh')} defaultValue={organization.nameTh} required maxLength={200} />
        <TextInput {...field('nameEn')} defaultValue={organization.nameEn} maxLength={200} />
        <NativeSelect
          {...field('agencyType')}
          defaultValue={organization.agencyType}
          data={agencyTypes.map((value) => ({ value, label: t(`org.type.${value}`) }))}
        />
        <TextInput
          label={t('setup.profile.itasCode')}
          name="itasCode"
          description={t('setup.profile.itasHint')}
          defaultValue={organization.itasCode}
          maxLength={20}
          error={error('itasCode')}
        />
        <Textarea
          {...field('linkDomains')}
          description={t('org.linkDomainsHint')}
          defaultValue={organization.linkDomains.join('\n')}
          autosize
          minRows={2}
        />
      </FormCard>
    </SetupStepPage>
  )
}
