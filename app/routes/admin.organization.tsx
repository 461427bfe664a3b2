import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { NativeSelect, Text, Textarea, TextInput } from '@mantine/core'
import { FormCard, useActionForm } from '#app/components/forms'
import { NetworkViewers } from '#app/components/network/viewers'
import { Page } from '#app/components/ui/page'
import { useT } from '#app/utils/i18n'
import { answer, attempt, fields, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { AGENCY_TYPES, updateOrganizationSettings, type Organization } from '#models/tenancy/organization.server'
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
  const { actor, form } = await startAction(args, 'organization.manage')
  const input = fields(form, ['nameTh', 'nameEn', 'agencyType', 'linkDomains'])
  const result = await attempt(() =>
    updateOrganizationSettings(actor, { ...input, agencyType: input.agencyType as Organization['agencyType'] }),
  )
  if (!result.ok) return result.response
  return answer.ok({ saved: true })
}

export default function OrganizationSettings() {
  const { organization, agencyTypes, viewers } = useLoaderData<typeof loader>()
  const { data, formError, error, busy } = useActionForm<typeof action>()
  const t = useT()
  // a setting is posted under its own name and labelled `org.<name>`
  const field = (name: 'nameTh' | 'nameEn' | 'agencyType' | 'linkDomains') => ({
    label: t(`org.${name}`),
    name,
    error: error(name),
  })
  const saved =
    data && 'saved' in data ? (
      <Text c="teal" role="status">
        {t('org.saved')}
      </Text>
    ) : null
  return (
    <Page title={t('org.title')} width={720}>
      <FormCard formError={formError} notices={saved} submit={t('org.save')} busy={busy()}>
        <TextInput label={t('org.code')} value={organization.code} readOnly description={t('org.codeHint')} />
        <TextInput {...field('nameTh')} defaultValue={organization.nameTh} required maxLength={200} />
        <TextInput {...field('nameEn')} defaultValue={organization.nameEn} maxLength={200} />
        <NativeSelect
          {...field('agencyType')}
          defaultValue={organization.agencyType}
          data={agencyTypes.map((value) => ({ value, label: t(`org.type.${value}`) }))}
        />
        <Textarea
          {...field('linkDomains')}
          description={t('org.linkDomainsHint')}
          defaultValue={organization.linkDomains.join('\n')}
          autosize
          minRows={2}
        />
      </FormCard>
      <NetworkViewers viewers={viewers} />
    </Page>
  )
}
