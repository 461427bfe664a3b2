import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Alert, Button, Group, Title } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { LinkNotice } from '#app/components/evidence/link-notice'
import { FormCard, IntentForm, useActionForm } from '#app/components/forms'
import { PersonFields } from '#app/components/people/person-fields'
import { PersonStatusBadge } from '#app/components/people/status-badge'
import { Page } from '#app/components/ui/page'
import { useT } from '#app/utils/i18n'
import { answer, attempt, notFound, startAction } from '#app/utils/forms.server'
import { personInput } from '#app/utils/person-form.server'
import { deliverLink } from '#app/utils/links.server'
import { requirePermission } from '#app/utils/session.server'
import { deleteSessionsOfUser } from '#models/tenancy/auth.server'
import { bi } from '#models/errors'
import { listUnits } from '#models/tenancy/unit.server'
import {
  getPerson,
  issuePasswordLink,
  onlyMemberOf,
  setMembershipActive,
  updatePerson,
} from '#models/tenancy/user.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'person.manage')
  const person = await getPerson(member.organization.id, params.userId ?? '')
  if (!person) throw notFound(bi('ไม่พบบุคลากร', 'Person not found'))
  // a person shared with another organization keeps their e-mail, name and password to themselves;
  // of an invited person this organization knows only what it typed, not where else they belong
  const shared = !person.membership.pending && !(await onlyMemberOf(member.organization.id, person.id))
  return json({ person, shared, units: await listUnits(member.organization.id) })
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form, intent } = await startAction(args, 'person.manage', { defaultIntent: 'save' })
  const userId = args.params.userId ?? ''
  const result = await attempt(async () => {
    if (intent === 'deactivate' || intent === 'reactivate') {
      const person = await setMembershipActive(actor, userId, intent === 'reactivate')
      // deactivation ends every session of that person at once
      if (intent === 'deactivate') await deleteSessionsOfUser(userId)
      return { person, link: null }
    }
    if (intent === 'invite' || intent === 'reset') {
      // refused for a person of another organization too; issued links are audited with the issuer
      const issued = await issuePasswordLink(actor, intent, userId)
      const link = await deliverLink(intent, issued.person, issued)
      return { person: issued.person, link: { email: issued.person.email, ...link } }
    }
    return { person: await updatePerson(actor, userId, personInput(form)), link: null }
  })
  if (!result.ok) return result.response
  return answer.ok({ saved: true, link: result.value.link })
}

export default function EditPerson() {
  const { person, shared, units } = useLoaderData<typeof loader>()
  const { data, formError, errors } = useActionForm<typeof action>()
  const t = useT()
  const name = person.nameTh
  return (
    <Page back={{ to: '/admin/people', label: t('people.title') }} width={800}>
      <Group>
        <Title order={2}>{name}</Title>
        <PersonStatusBadge person={person} />
      </Group>
      {shared ? <Alert color="blue">{t('people.sharedNote')}</Alert> : null}
      <LinkNotice link={data && 'link' in data ? data.link : null} />
      <FormCard formError={formError} submit={t('people.save')} submitName="intent" submitValue="save">
        <PersonFields
          units={units}
          values={{ ...person, role: person.membership.role, unitIds: person.membership.unitIds }}
          errors={errors}
          lockIdentity={shared}
        />
      </FormCard>
      <Group>
        {shared ? null : (
          <IntentForm intent={person.hasPassword ? 'reset' : 'invite'}>
            <Button type="submit" variant="light">
              {person.hasPassword ? t('people.resetLink') : t('people.inviteLink')}
            </Button>
          </IntentForm>
        )}
        {person.membership.pending ? null : person.membership.active ? (
          <IntentForm intent="deactivate">
            <ConfirmButton variant="light" color="red" message={t('people.deactivateConfirm', { name })}>
              {t('people.deactivate')}
            </ConfirmButton>
          </IntentForm>
        ) : (
          <IntentForm intent="reactivate">
            <Button type="submit" variant="light">
              {t('people.reactivate')}
            </Button>
          </IntentForm>
        )}
      </Group>
    </Page>
  )
}
