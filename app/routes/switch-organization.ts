import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { notFound } from '#app/utils/responses.server'
import { requireMember } from '#app/utils/session.server'
import { bi } from '#models/errors'
import { setSessionOrganization } from '#models/tenancy/auth.server'

/** Switches the session to another organization the person is an active member of. */
export async function action({ request }: ActionFunctionArgs) {
  const member = await requireMember(request)
  const organizationId = String((await request.formData()).get('organizationId') ?? '')
  if (!member.memberships.some((m) => m.organizationId === organizationId)) throw notFound(bi('ไม่พบ', 'not found'))
  await setSessionOrganization(member.session.id, organizationId)
  return redirect('/')
}

export const loader = () => redirect('/')
