import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Group, Stack, Table, Text, Title } from '@mantine/core'
import { LinkNotice } from '#app/components/evidence/link-notice'
import { FormError } from '#app/components/messages'
import { PersonFields } from '#app/components/people/person-fields'
import { useLocale, useT } from '#app/utils/i18n'
import { attempt, fields } from '#app/utils/forms.server'
import { getConfig } from '#app/config.server'
import { deliverLink } from '#app/utils/links.server'
import { mailConfigured, sendMail } from '#app/utils/mail.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { LINK_TTL_MS } from '#models/tenancy/auth.server'
import type { Role } from '#models/tenancy/permissions'
import { listUnits } from '#models/tenancy/unit.server'
import { addPerson, issuePasswordLink, listPeople } from '#models/tenancy/user.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'person.manage')
  const [people, units] = await Promise.all([listPeople(member.organization.id), listUnits(member.organization.id)])
  return json({ people, units })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'person.manage')
  const actor = actorOf(member, request, context)
  const form = await request.formData()
  const input = fields(form, ['email', 'nameTh', 'nameEn', 'position', 'phone', 'role'])
  const unitIds = form.getAll('unitIds').map(String).flatMap((v) => v.split(',')).filter(Boolean)
  const result = await attempt(() => addPerson(actor, { ...input, role: input.role as Role, unitIds }))
  if (!result.ok) return result.response
  const person = result.value
  const invitationsUrl = `${getConfig().publicUrl}/invitations`
  if (person.membership.pending) {
    // someone who already has an account: they join by accepting while signed in as themselves.
    // With mail the answer is the one a new person gets ("mailed"), so it does not tell whether
    // the address was registered; without mail the administrator is shown where they accept.
    if (mailConfigured()) {
      const subject = `คำเชิญเข้าหน่วยงาน ${member.organization.nameTh} / Invitation to ${member.organization.nameEn || member.organization.nameTh}`
      await sendMail(person.email, subject, `${subject}\n\nเข้าสู่ระบบแล้วตอบรับที่ / Sign in and answer at:\n${invitationsUrl}`)
      const mailed = { email: person.email, url: null, expiresAt: new Date(Date.now() + LINK_TTL_MS.invite).toISOString(), mailed: true }
      return json({ added: person.email, link: mailed, invited: null, formError: null, fieldErrors: {} as Record<string, string> })
    }
    return json({ added: person.email, link: null, invited: { email: person.email, url: invitationsUrl }, formError: null, fieldErrors: {} as Record<string, string> })
  }
  // a new person sets a password through a one-time link (issued and audited by the model)
  const link = person.hasPassword ? null : { email: person.email, ...(await deliverLink('invite', person, await issuePasswordLink(actor, 'invite', person.id))) }
  return json({ added: person.email, link, invited: null, formError: null, fieldErrors: {} as Record<string, string> })
}

export default function People() {
  const { people, units } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const busy = useNavigation().state === 'submitting'
  const added = data && 'added' in data ? data : undefined
  const unitName = new Map(units.map((u) => [u.id, (locale === 'en' && u.nameEn) || u.nameTh]))
  return (
    <Stack maw={1100} mx="auto">
      <Title order={2}>{t('people.title')}</Title>
      {people.length === 0 ? (
        <Text c="dimmed">{t('people.empty')}</Text>
      ) : (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('people.nameTh')}</Table.Th>
              <Table.Th>{t('people.email')}</Table.Th>
              <Table.Th>{t('people.role')}</Table.Th>
              <Table.Th>{t('people.units')}</Table.Th>
              <Table.Th>{t('people.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {people.map((p) => (
              <Table.Tr key={p.id}>
                <Table.Td>
                  <Anchor component={Link} to={`/admin/people/${p.id}`}>{(locale === 'en' && p.nameEn) || p.nameTh}</Anchor>
                </Table.Td>
                <Table.Td>{p.email}</Table.Td>
                <Table.Td>{t(`role.${p.membership.role}`)}</Table.Td>
                <Table.Td>{p.membership.unitIds.map((u) => unitName.get(u) ?? '?').join(', ') || '—'}</Table.Td>
                <Table.Td>
                  {/* an invitation looks like any new person's: it must not tell that the address has an account */}
                  {p.membership.pending ? (
                    <Badge color="yellow">{t('people.invited')}</Badge>
                  ) : !p.membership.active ? (
                    <Badge color="gray">{t('people.inactive')}</Badge>
                  ) : !p.hasPassword ? (
                    <Badge color="yellow">{t('people.invited')}</Badge>
                  ) : (
                    <Badge color="teal">{t('people.active')}</Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Card withBorder>
        <Form method="post" key={added?.added ?? 'new'}>
          <Stack>
            <Title order={4}>{t('people.add')}</Title>
            <FormError message={data?.formError} />
            <LinkNotice link={added?.link} />
            {added?.invited ? <Alert color="blue" role="status">{t('people.invitationSent', { email: added.invited.email, url: added.invited.url })}</Alert> : null}
            <PersonFields units={units} errors={data?.fieldErrors} />
            <Group justify="flex-end">
              <Button type="submit" loading={busy}>{t('people.add')}</Button>
            </Group>
          </Stack>
        </Form>
      </Card>
    </Stack>
  )
}
