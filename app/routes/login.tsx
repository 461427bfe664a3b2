import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useSearchParams } from '@remix-run/react'
import { Anchor, Button, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { getConfig } from '#app/config.server'
import { translate, type MessageKey } from '#app/i18n'
import { ensureDatabase } from '#app/services.server'
import { answer } from '#app/utils/forms.server'
import { useT } from '#app/utils/i18n'
import { safeRedirect } from '#app/utils/safe-redirect'
import { commitSession, getSignedIn } from '#app/utils/session.server'
import { recordAudit } from '#models/tenancy/audit.server'
import { beginSignInAttempt, createSession, signInSucceeded } from '#models/tenancy/auth.server'
import { bi } from '#models/errors'
import { getOrganizationsByIds, suspendedMessage } from '#models/tenancy/organization.server'
import { listMembershipsOfUser, verifyPassword } from '#models/tenancy/user.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getSignedIn(request)) throw redirect('/')
  return null
}

/** A message in both languages, for the form's answer. */
const both = (key: MessageKey) => bi(translate('th', key), translate('en', key))

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

/** The sign-in form's fields, or null when the body is not a form (JSON, text, a broken body). */
async function readForm(request: Request): Promise<FormData | null> {
  const type = (request.headers.get('Content-Type') ?? '').split(';')[0].trim().toLowerCase()
  if (!FORM_TYPES.includes(type)) return null
  return request.formData().catch(() => null)
}

export async function action({ request, context }: ActionFunctionArgs) {
  await ensureDatabase()
  const form = await readForm(request)
  if (!form) return answer.formError(both('login.notForm'), 400, { email: '' })
  const email = String(form.get('email') ?? '')
    .trim()
    .toLowerCase()
  const password = String(form.get('password') ?? '')
  const fail = (message: string, status: number) => answer.formError(message, status, { email })

  if (!email || !password || email.length > 254 || password.length > 200) {
    return fail(both('login.required'), 400)
  }
  // counted before the password is checked, so that attempts sent at once cannot pass the limits together
  const attempt = await beginSignInAttempt(email, context.ip ?? '', {
    perAddress: getConfig().signInMaxFailuresPerAddress,
  })
  if (attempt.waitMs > 0) {
    const minutes = Math.ceil(attempt.waitMs / 60_000)
    return fail(
      bi(translate('th', 'login.throttled', { minutes }), translate('en', 'login.throttled', { minutes })),
      429,
    )
  }
  const user = await verifyPassword(email, password)
  if (!user) return fail(both('login.wrong'), 401)
  await signInSucceeded(attempt.attemptId!)
  const all = await listMembershipsOfUser(user.id)
  const memberships = all.filter((m) => m.active)
  if (memberships.length === 0) {
    return fail(both('login.noMembership'), 403)
  }
  // organizations the platform operators suspended refuse their people, naming the reason
  const organizations = await getOrganizationsByIds(memberships.map((m) => m.organizationId))
  const open = organizations.find((o) => !o.suspended)
  if (!open) return fail(organizations[0] ? suspendedMessage(organizations[0]) : both('login.noMembership'), 403)
  const organizationId = open.id
  const userAgent = request.headers.get('User-Agent') ?? ''
  const { token } = await createSession({ userId: user.id, organizationId, ip: context.ip, userAgent })
  await recordAudit(
    { organizationId, userId: user.id, userName: user.nameTh, ip: context.ip, userAgent },
    { action: 'auth.sign-in', targetType: 'person', targetId: user.id, targetLabel: user.email },
  )
  // an invitation from another organization waits for the person's own answer: show it first
  const asked = safeRedirect(form.get('redirectTo'), request.url)
  const to = asked === '/' && all.some((m) => m.pending) ? '/invitations' : asked
  return redirect(to, { headers: { 'Set-Cookie': await commitSession(token) } })
}

export default function Login() {
  const t = useT()
  const { data, formError, idle } = useActionForm<typeof action>()
  const [params] = useSearchParams()
  return (
    <Stack maw={420} mx="auto" mt="xl">
      <Title order={2}>{t('login.title')}</Title>
      <Paper withBorder p="lg">
        <Form method="post" noValidate>
          <Stack>
            <FormError message={formError} />
            <input type="hidden" name="redirectTo" value={params.get('redirectTo') ?? '/'} />
            <TextInput
              label={t('login.email')}
              name="email"
              type="email"
              autoComplete="username"
              defaultValue={data && 'email' in data ? data.email : ''}
              required
              // signing in is the page's only task: the cursor starts where the person types first
              // eslint-disable-next-line jsx-a11y/no-autofocus
              autoFocus
              maxLength={254}
            />
            <PasswordInput
              label={t('login.password')}
              name="password"
              autoComplete="current-password"
              required
              maxLength={200}
            />
            <Button type="submit" loading={!idle}>
              {t('login.submit')}
            </Button>
            <Anchor component={Link} to="/forgot-password" size="sm">
              {t('login.forgot')}
            </Anchor>
          </Stack>
        </Form>
      </Paper>
    </Stack>
  )
}
