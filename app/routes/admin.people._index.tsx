import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Alert } from '@mantine/core'
import { LinkNotice } from '#app/components/evidence/link-notice'
import { FormCard, useActionForm } from '#app/components/forms'
import { PeopleTable } from '#app/components/people/people-table'
import { PersonFields } from '#app/components/people/person-fields'
import { Page } from '#app/components/ui/page'
import { useT } from '#app/utils/i18n'
import { answer, attempt, startAction } from '#app/utils/forms.server'
import { personInput } from '#app/utils/person-form.server'
import { getConfig } from '#app/config.server'
import { deliverLink } from '#app/utils/links.server'
import { mailConfigured, sendMail } from '#app/utils/mail.server'
import { requirePermission } from '#app/utils/session.server'
import { LINK_TTL_MS } from '#models/tenancy/auth.server'
import { listUnits } from '#models/tenancy/unit.server'
import { addPerson, issuePasswordLink, listPeople } from '#models/tenancy/user.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'person.manage')
  const [people, units] = await Promise.all([listPeople(member.organization.id), listUnits(member.organization.id)])
  return json({ people, units })
}

type IssuedLink = { email: string; url: string | null; expiresAt: string; mailed: boolean } | null

export async function action(args: ActionFunctionArgs) {
  const { member, actor, form } = await startAction(args, 'person.manage')
  const result = await attempt(() => addPerson(actor, personInput(form)))
  if (!result.ok) return result.response
  const person = result.value
  const invitationsUrl = `${getConfig().publicUrl}/invitations`
  const added = (link: IssuedLink, invited: { email: string; url: string } | null = null) =>
    answer.ok({ added: person.email, link, invited })
  if (person.membership.pending) {
    // someone who already has an account: they join by accepting while signed in as themselves.
    // With mail the answer is the one a new person gets ("mailed"), so it does not tell whether
    // the address was registered; without mail the administrator is shown where they accept.
    if (mailConfigured()) {
      const subject =
        `คำเชิญเข้าหน่วยงาน ${member.organization.nameTh} / Invitation to ` +
        `${member.organization.nameEn || member.organization.nameTh}`
      await sendMail(
        person.email,
        subject,
        `${subject}\n\nเข้าสู่ระบบแล้วตอบรับที่ / Sign in and answer at:\n${invitationsUrl}`,
      )
      return added({
        email: person.email,
        url: null,
        expiresAt: new Date(Date.now() + LINK_TTL_MS.invite).toISOString(),
        mailed: true,
      })
    }
    return added(null, { email: person.email, url: invitationsUrl })
  }
  // a new person sets a password through a one-time link (issued and audited by the model)
  return added(
    person.hasPassword
      ? null
      : {
          email: person.email,
          ...(await deliverLink('invite', person, await issuePasswordLink(actor, 'invite', person.id))),
        },
  )
}

export default function People() {
  const { people, units } = useLoaderData<typeof loader>()
  const { data, formError, errors, busy } = useActionForm<typeof action>()
  const t = useT()
  const added = data && 'added' in data ? data : undefined
  const notices = (
    <>
      <LinkNotice link={added?.link} />
      {added?.invited ? (
        <Alert color="blue" role="status">
          {t('people.invitationSent', { email: added.invited.email, url: added.invited.url })}
        </Alert>
      ) : null}
    </>
  )
  return (
    <Page title={t('people.title')}>
      <PeopleTable people={people} units={units} />
      <FormCard
        key={added?.added ?? 'new'}
        title={t('people.add')}
        formError={formError}
        notices={notices}
        busy={busy()}
      >
        <PersonFields units={units} errors={errors} />
      </FormCard>
    </Page>
  )
}
