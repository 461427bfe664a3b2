import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Button, Card, Group, NativeSelect, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import { FormError, useLocalize } from '#app/components/messages'
import { useT } from '#app/utils/i18n'
import { attempt, fields } from '#app/utils/forms.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { AGENCY_TYPES, updateOrganizationSettings, type Organization } from '#models/tenancy/organization.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'organization.manage')
  // the list comes from the loader: organization.server is not in the browser bundle
  return json({ organization: member.organization, agencyTypes: AGENCY_TYPES })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'organization.manage')
  const input = fields(await request.formData(), ['nameTh', 'nameEn', 'agencyType', 'linkDomains'])
  const result = await attempt(() =>
    updateOrganizationSettings(actorOf(member, request, context), { ...input, agencyType: input.agencyType as Organization['agencyType'] }),
  )
  if (!result.ok) return result.response
  return json({ saved: true, formError: null, fieldErrors: {} as Record<string, string> })
}

export default function OrganizationSettings() {
  const { organization, agencyTypes } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const t = useT()
  const l = useLocalize()
  const busy = useNavigation().state === 'submitting'
  const errors = data?.fieldErrors ?? {}
  return (
    <Stack maw={720} mx="auto">
      <Title order={2}>{t('org.title')}</Title>
      <Card withBorder>
        <Form method="post">
          <Stack>
            <FormError message={data?.formError} />
            {data && 'saved' in data ? <Text c="teal" role="status">{t('org.saved')}</Text> : null}
            <TextInput label={t('org.code')} value={organization.code} readOnly description={t('org.codeHint')} />
            <TextInput label={t('org.nameTh')} name="nameTh" defaultValue={organization.nameTh} required maxLength={200} error={l(errors.nameTh)} />
            <TextInput label={t('org.nameEn')} name="nameEn" defaultValue={organization.nameEn} maxLength={200} error={l(errors.nameEn)} />
            <NativeSelect
              label={t('org.agencyType')}
              name="agencyType"
              defaultValue={organization.agencyType}
              data={agencyTypes.map((value) => ({ value, label: t(`org.type.${value}`) }))}
              error={l(errors.agencyType)}
            />
            <Textarea
              label={t('org.linkDomains')}
              description={t('org.linkDomainsHint')}
              name="linkDomains"
              defaultValue={organization.linkDomains.join('\n')}
              autosize
              minRows={2}
              error={l(errors.linkDomains)}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={busy}>{t('org.save')}</Button>
            </Group>
          </Stack>
        </Form>
      </Card>
    </Stack>
  )
}
