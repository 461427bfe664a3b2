import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Alert, Button, Card, Group, Text } from '@mantine/core'
import { useActionForm } from '#app/components/forms'
import { EmptyState, Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { answer, attempt, badRequest } from '#app/utils/forms.server'
import { actorOf, requireMember } from '#app/utils/session.server'
import { setSessionOrganization } from '#models/tenancy/auth.server'
import { getOrganizationsByIds } from '#models/tenancy/organization.server'
import { bi } from '#models/errors'
import { acceptInvitation, declineInvitation, listInvitations } from '#models/tenancy/user.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/**
 * Invitations of other organizations to the signed-in person. Only the person, signed in as
 * themselves, makes an invitation a membership: another organization's administrator cannot.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requireMember(request)
  const invitations = await listInvitations(member.user.id)
  const organizations = new Map(
    (await getOrganizationsByIds(invitations.map((i) => i.organizationId))).map((o) => [o.id, o]),
  )
  return json({
    invitations: invitations.flatMap((i) => {
      const o = organizations.get(i.organizationId)
      return o
        ? [{ organizationId: i.organizationId, nameTh: o.nameTh, nameEn: o.nameEn, role: i.role, by: i.invitedByName }]
        : []
    }),
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requireMember(request)
  const form = await request.formData()
  const organizationId = String(form.get('organizationId') ?? '')
  const intent = String(form.get('intent') ?? '')
  if (intent !== 'accept' && intent !== 'decline') throw badRequest(bi('ไม่รู้จักคำสั่งนี้', 'unknown intent'))
  const { organizationId: _current, ...actor } = actorOf(member, request, context)
  const person = { ...actor, userId: member.user.id }
  const result = await attempt(async () => {
    if (intent === 'accept') return acceptInvitation(person, organizationId)
    await declineInvitation(person, organizationId)
    return null
  })
  if (!result.ok) return result.response
  if (result.value) {
    // work in the organization just joined
    await setSessionOrganization(member.session.id, organizationId)
    return redirect('/')
  }
  return answer.ok({ declined: true })
}

export default function Invitations() {
  const { invitations } = useLoaderData<typeof loader>()
  const { data } = useActionForm<typeof action>()
  const t = useT()
  const locale = useLocale()
  return (
    <Page title={t('invitations.title')} width={800}>
      {data && 'declined' in data ? (
        <Alert color="teal" role="status">
          {t('invitations.declined')}
        </Alert>
      ) : null}
      {invitations.length === 0 ? <EmptyState>{t('invitations.empty')}</EmptyState> : null}
      {invitations.map((i) => (
        <Card withBorder key={i.organizationId} data-testid="invitation">
          <Group justify="space-between">
            <Text>
              {t('invitations.item', {
                organization: (locale === 'en' && i.nameEn) || i.nameTh,
                role: t(`role.${i.role}`),
                by: i.by || '—',
              })}
            </Text>
            <Form method="post">
              <input type="hidden" name="organizationId" value={i.organizationId} />
              <Group gap="xs">
                <Button type="submit" name="intent" value="accept">
                  {t('invitations.accept')}
                </Button>
                <Button type="submit" name="intent" value="decline" variant="light" color="red">
                  {t('invitations.decline')}
                </Button>
              </Group>
            </Form>
          </Group>
        </Card>
      ))}
    </Page>
  )
}
