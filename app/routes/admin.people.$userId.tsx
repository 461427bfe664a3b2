import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Title } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { LinkNotice } from '#app/components/evidence/link-notice'
import { FormError } from '#app/components/messages'
import { PersonFields } from '#app/components/people/person-fields'
import { useT } from '#app/utils/i18n'
import { attempt, fields } from '#app/utils/forms.server'
import { deliverLink } from '#app/utils/links.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { deleteSessionsOfUser } from '#models/tenancy/auth.server'
import type { Role } from '#models/tenancy/permissions'
import { listUnits } from '#models/tenancy/unit.server'
import { getPerson, issuePasswordLink, onlyMemberOf, setMembershipActive, updatePerson } from '#models/tenancy/user.server'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'person.manage')
  const person = await getPerson(member.organization.id, params.userId ?? '')
  if (!person) throw new Response('ไม่พบบุคลากร / Person not found', { status: 404 })
  // a person shared with another organization keeps their e-mail, name and password to themselves;
  // of an invited person this organization knows only what it typed, not where else they belong
  const shared = !person.membership.pending && !(await onlyMemberOf(member.organization.id, person.id))
  return json({ person, shared, units: await listUnits(member.organization.id) })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'person.manage')
  const actor = actorOf(member, request, context)
  const userId = params.userId ?? ''
  const form = await request.formData()
  const intent = String(form.get('intent') ?? 'save')
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
    const input = fields(form, ['email', 'nameTh', 'nameEn', 'position', 'phone', 'role'])
    const unitIds = form.getAll('unitIds').map(String).flatMap((v) => v.split(',')).filter(Boolean)
    return { person: await updatePerson(actor, userId, { ...input, role: input.role as Role, unitIds }), link: null }
  })
  if (!result.ok) return result.response
  return json({ saved: true, link: result.value.link, formError: null, fieldErrors: {} as Record<string, string> })
}

export default function EditPerson() {
  const { person, shared, units } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const t = useT()
  const name = person.nameTh
  return (
    <Stack maw={800} mx="auto">
      <Anchor component={Link} to="/admin/people" size="sm">← {t('people.title')}</Anchor>
      <Group>
        <Title order={2}>{name}</Title>
        {person.membership.pending ? (
          <Badge color="yellow">{t('people.invited')}</Badge>
        ) : !person.membership.active ? (
          <Badge color="gray">{t('people.inactive')}</Badge>
        ) : !person.hasPassword ? (
          <Badge color="yellow">{t('people.invited')}</Badge>
        ) : null}
      </Group>
      {shared ? <Alert color="blue">{t('people.sharedNote')}</Alert> : null}
      <LinkNotice link={data && 'link' in data ? data.link : null} />
      <Card withBorder>
        <Form method="post">
          <Stack>
            <FormError message={data?.formError} />
            <PersonFields units={units} values={{ ...person, role: person.membership.role, unitIds: person.membership.unitIds }} errors={data?.fieldErrors} lockIdentity={shared} />
            <Group justify="flex-end">
              <Button type="submit" name="intent" value="save">{t('people.save')}</Button>
            </Group>
          </Stack>
        </Form>
      </Card>
      <Group>
        {shared ? null : (
          <Form method="post">
            <Button type="submit" name="intent" value={person.hasPassword ? 'reset' : 'invite'} variant="light">
              {person.hasPassword ? t('people.resetLink') : t('people.inviteLink')}
            </Button>
          </Form>
        )}
        {person.membership.pending ? null : <Form method="post">
          {person.membership.active ? (
            <ConfirmButton name="intent" value="deactivate" variant="light" color="red" message={t('people.deactivateConfirm', { name })}>
              {t('people.deactivate')}
            </ConfirmButton>
          ) : (
            <Button type="submit" name="intent" value="reactivate" variant="light">{t('people.reactivate')}</Button>
          )}
        </Form>}
      </Group>
    </Stack>
  )
}
