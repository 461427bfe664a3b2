import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useLoaderData } from '@remix-run/react'
import { Alert, Button, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { translate } from '#app/i18n'
import { ensureDatabase } from '#app/services.server'
import { useT } from '#app/utils/i18n'
import { answer } from '#app/utils/forms.server'
import { commitSession } from '#app/utils/session.server'
import {
  clearSignInFailures,
  consumeLink,
  createSession,
  deleteSessionsOfUser,
  findLink,
} from '#models/tenancy/auth.server'
import { bi } from '#models/errors'
import { getUserById, linkMaySetPassword, newPasswordProblem, setPassword } from '#models/tenancy/user.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

const both = (key: 'password.invalidLink' | 'password.mismatch') => bi(translate('th', key), translate('en', key))

/** One page for both invitations and password resets: the link decides which. */
export async function loader({ params }: LoaderFunctionArgs) {
  await ensureDatabase()
  const link = await findLink(params.token ?? '')
  const user = link && (await linkMaySetPassword(link)) ? await getUserById(link.userId) : null
  if (!link || !user) return json({ valid: false as const })
  return json({ valid: true as const, kind: link.kind, email: user.email })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  await ensureDatabase()
  const token = params.token ?? ''
  const link = await findLink(token)
  const user = link && (await linkMaySetPassword(link)) ? await getUserById(link.userId) : null
  if (!link || !user) return answer.formError(both('password.invalidLink'), 410)
  const form = await request.formData()
  const password = String(form.get('password') ?? '')
  const confirm = String(form.get('confirm') ?? '')
  // the same rule setPassword applies, checked before the link is spent
  const problem = await newPasswordProblem(user.id, password)
  if (problem) return answer.fieldErrors({ password: problem })
  if (password !== confirm) return answer.fieldErrors({ confirm: both('password.mismatch') })
  // one write decides who used the link; a second submit finds it used
  if (!(await consumeLink(token))) return answer.formError(both('password.invalidLink'), 410)
  const userAgent = request.headers.get('User-Agent') ?? ''
  const actor = {
    organizationId: link.organizationId,
    userId: user.id,
    userName: user.nameTh,
    ip: context.ip,
    userAgent,
  }
  // the person holding the link sets the password; the event names the link and who issued it
  await setPassword(actor, user.id, password, { kind: link.kind, issuedByName: link.issuedByName, issuer: link.issuer })
  await deleteSessionsOfUser(user.id) // a reset ends sessions someone else may hold
  await clearSignInFailures(user.email)
  const { token: sessionToken } = await createSession({
    userId: user.id,
    organizationId: link.organizationId,
    ip: context.ip,
    userAgent,
  })
  return redirect('/', { headers: { 'Set-Cookie': await commitSession(sessionToken) } })
}

/** The new password and its confirmation, asked alike. */
const PASSWORD_FIELDS = [
  { name: 'password', label: 'password.new' },
  { name: 'confirm', label: 'password.confirm' },
] as const

export default function SetPassword() {
  const t = useT()
  const data = useLoaderData<typeof loader>()
  const { formError, error } = useActionForm<typeof action>()
  if (!data.valid) {
    return (
      <Stack maw={480} mx="auto" mt="xl">
        <Alert color="red" role="alert">
          {t('password.invalidLink')}
        </Alert>
      </Stack>
    )
  }
  return (
    <Stack maw={480} mx="auto" mt="xl">
      <Title order={2}>{data.kind === 'invite' ? t('password.inviteTitle') : t('password.resetTitle')}</Title>
      <Text c="dimmed">{t('password.for', { email: data.email })}</Text>
      <Paper withBorder p="lg">
        <Form method="post">
          <Stack>
            <FormError message={formError} />
            {PASSWORD_FIELDS.map(({ name, label }) => (
              <PasswordInput
                key={name}
                label={t(label)}
                name={name}
                autoComplete="new-password"
                required
                maxLength={200}
                error={error(name)}
              />
            ))}
            <Button type="submit">{t('password.submit')}</Button>
          </Stack>
        </Form>
      </Paper>
    </Stack>
  )
}
