/**
 * What the shell needs on every page: the language, the person and organizations in the account menu,
 * the navigation of their role and the inbox badge. The root loader answers with it; the shell reads
 * it back (the type lives here so that the shell does not import the root module).
 */
import { localeFromCookie } from '#app/i18n'
import { navigationFor } from '#app/navigation'
import { getSignedIn } from '#app/utils/session.server'
import { getOrganizationsByIds } from '#models/tenancy/organization.server'
import { inboxCount } from '#models/work/reminder.server'

export async function shellData(request: Request) {
  const locale = localeFromCookie(request.headers.get('Cookie'))
  const signedIn = await getSignedIn(request)
  if (!signedIn?.organization || !signedIn.membership) return { locale, me: null, nav: navigationFor(null) }
  const memberships = signedIn.memberships
  const orgs = new Map((await getOrganizationsByIds(memberships.map((m) => m.organizationId))).map((o) => [o.id, o]))
  const organizations = memberships.map((m) => {
    const org = orgs.get(m.organizationId)
    return { id: m.organizationId, nameTh: org?.nameTh ?? '', nameEn: org?.nameEn ?? '', role: m.role }
  })
  const { user, organization, membership } = signedIn
  return {
    locale,
    me: {
      nameTh: user.nameTh,
      nameEn: user.nameEn,
      email: user.email,
      role: membership.role,
      organization: { id: organization.id, nameTh: organization.nameTh, nameEn: organization.nameEn },
      organizations,
    },
    nav: navigationFor(membership),
    inbox: await inboxCount(organization.id, { role: membership.role, userId: user.id, unitIds: membership.unitIds }),
  }
}

export type ShellData = Awaited<ReturnType<typeof shellData>>
