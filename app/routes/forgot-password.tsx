import { json, type ActionFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData } from '@remix-run/react'
import { Alert, Anchor, Button, Paper, Stack, Text, TextInput, Title } from '@mantine/core'
import { useActionForm } from '#app/components/forms'
import { ensureDatabase } from '#app/services.server'
import { answer } from '#app/utils/forms.server'
import { useT } from '#app/utils/i18n'
import { deliverLink } from '#app/utils/links.server'
import { mailConfigured } from '#app/utils/mail.server'
import { requestPasswordReset } from '#models/tenancy/user.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export function loader() {
  return json({ mail: mailConfigured() })
}

/** Always answers the same, so the form does not tell who has an account. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (!mailConfigured()) return answer.ok({ sent: false })
  await ensureDatabase()
  const email = String((await request.formData()).get('email') ?? '')
    .trim()
    .toLowerCase()
    .slice(0, 254)
  // issued and audited (in every organization of the person) by the model; mailed here
  const issued = email
    ? await requestPasswordReset(email, { ip: context.ip, userAgent: request.headers.get('User-Agent') ?? '' })
    : null
  if (issued) await deliverLink('reset', issued.user, issued)
  return answer.ok({ sent: true })
}

export default function ForgotPassword() {
  const t = useT()
  const { mail } = useLoaderData<typeof loader>()
  const { data } = useActionForm<typeof action>()
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
              <TextInput
                label={t('login.email')}
                name="email"
                type="email"
                required
                maxLength={254}
                autoComplete="username"
              />
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
