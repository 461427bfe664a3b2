import { json, type ActionFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react'
import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import { ensureDatabase } from '#app/services.server'
import { useT } from '#app/utils/i18n'
import { deliverLink } from '#app/utils/links.server'
import { mailConfigured } from '#app/utils/mail.server'
import { getUserByEmail, listMembershipsOfUser } from '#models/user.server'

export function loader() {
  return json({ mail: mailConfigured() })
}

/** Always answers the same, so the form does not tell who has an account. */
export async function action({ request }: ActionFunctionArgs) {
  if (!mailConfigured()) return json({ sent: false })
  await ensureDatabase()
  const email = String((await request.formData()).get('email') ?? '').trim().toLowerCase().slice(0, 254)
  const user = email ? await getUserByEmail(email) : null
  const membership = user ? (await listMembershipsOfUser(user.id)).find((m) => m.active) : undefined
  if (user && membership) await deliverLink('reset', user, membership.organizationId)
  return json({ sent: true })
}

export default function ForgotPassword() {
  const t = useT()
  const { mail } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  return (
    <Stack maw={480} mx="auto" mt="xl">
      <Title order={2}>{t('forgot.title')}</Title>
      {!mail ? (
        <Alert color="yellow">{t('forgot.noMail')}</Alert>
      ) : data?.sent ? (
        <Alert color="teal" role="status">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <Paper withBorder p="lg">
          <Form method="post">
            <Stack>
              <Text size="sm">{t('forgot.intro')}</Text>
              <TextInput label={t('login.email')} name="email" type="email" required maxLength={254} autoComplete="username" />
              <Button type="submit">{t('forgot.submit')}</Button>
            </Stack>
          </Form>
        </Paper>
      )}
      <Anchor component={Link} to="/login" size="sm">
        {t('login.title')}
      </Anchor>
    </Stack>
  )
}
