import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { LoginPage } from '#app/components/shell/login-form'
import { getConfig } from '#app/config.server'
import { translate, type MessageKey } from '#app/i18n'
import { ensureDatabase } from '#app/services.server'
import { answer } from '#app/utils/forms.server'
import { safeRedirect } from '#app/utils/safe-redirect'
import { commitSession, getSignedIn } from '#app/utils/session.server'
import { recordAudit } from '#models/tenancy/audit.server'
import { beginSignInAttempt, createSession, signInSucceeded } from '#models/tenancy/auth.server'
import { bi } from '#models/errors'
import { getOrganizationsByIds, suspendedMessage } from '#models/tenancy/organization.server'
import { isOperator, PLATFORM_AUDIT_SCOPE } from '#models/tenancy/operator.server'
import { listMembershipsOfUser, verifyPassword } from '#models/tenancy/user.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  // a session refused (its organization suspended) leaves the form usable; the shell names the reason
  const signedIn = await getSignedIn(request).catch((error: unknown) => {
    if (error instanceof Response && error.status === 403) return null
    throw error
  })
  if (signedIn) throw redirect(signedIn.organization ? '/' : '/platform')
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
  const fail = (message: string, status: number, suspended: string | null = null) =>
    answer.formError(message, status, { email, suspended })

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
  // organizations the platform operators suspended refuse their people, naming the reason
  const organizations = await getOrganizationsByIds(memberships.map((m) => m.organizationId))
  const open = organizations.find((o) => !o.suspended)
  // a platform operator signs in without an organization when they have no open one: the console is theirs
  const operator = !open && (await isOperator(user.id))
  if (memberships.length === 0 && !operator) return fail(both('login.noMembership'), 403)
  if (!open && !operator)
    return organizations[0]
      ? fail(suspendedMessage(organizations[0]), 403, suspendedMessage(organizations[0]))
      : fail(both('login.noMembership'), 403)
  const organizationId = open?.id ?? null
  const userAgent = request.headers.get('User-Agent') ?? ''
  const { token } = await createSession({ userId: user.id, organizationId, ip: context.ip, userAgent })
  await recordAudit(
    {
      organizationId: organizationId ?? PLATFORM_AUDIT_SCOPE,
      userId: user.id,
      userName: user.nameTh,
      ip: context.ip,
      userAgent,
    },
    { action: 'auth.sign-in', targetType: 'person', targetId: user.id, targetLabel: user.email, change: false },
  )
  // an invitation from another organization waits for the person's own answer: show it first
  const asked = safeRedirect(form.get('redirectTo'), request.url)
  const home = !organizationId ? '/platform' : all.some((m) => m.pending) ? '/invitations' : '/'
  const to = asked === '/' ? home : asked
  return redirect(to, { headers: { 'Set-Cookie': await commitSession(token) } })
}

export default function Login() {
  return <LoginPage />
}
