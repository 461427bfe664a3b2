import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { destroySessionCookie, getSignedIn } from '#app/utils/session.server'
import { recordAudit } from '#models/tenancy/audit.server'
import { deleteSessionsOfUser } from '#models/tenancy/auth.server'

/** Signing out ends every session of the person, on every device. */
export async function action({ request, context }: ActionFunctionArgs) {
  const signedIn = await getSignedIn(request)
  if (signedIn) {
    await deleteSessionsOfUser(signedIn.user.id)
    if (signedIn.organization) {
      await recordAudit(
        {
          organizationId: signedIn.organization.id,
          userId: signedIn.user.id,
          userName: signedIn.user.nameTh,
          ip: context.ip,
          userAgent: request.headers.get('User-Agent') ?? '',
        },
        {
          action: 'auth.sign-out',
          targetType: 'person',
          targetId: signedIn.user.id,
          targetLabel: signedIn.user.email,
          change: false,
        },
      )
    }
  }
  return redirect('/login', { headers: { 'Set-Cookie': await destroySessionCookie() } })
}

export const loader = () => redirect('/')
