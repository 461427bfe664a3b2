/**
 * What the shell needs on every page: the language, the person and organizations in the account menu,
 * the navigation of their role and the inbox badge. The root loader answers with it; the shell reads
 * it back (the type lives here so that the shell does not import the root module).
 */
import { redirect } from '@remix-run/node'
import { localeFromCookie, type MessageKey } from '#app/i18n'
import { navigationFor } from '#app/navigation'
import { getSignedIn } from '#app/utils/session.server'
import { getOrganizationsByIds } from '#models/tenancy/organization.server'
import { inboxCount } from '#models/work/reminder.server'
import { hasNetwork, mayViewNetwork } from '#models/reporting/network.server'

/** The network view's entry, after the dashboard: for administrators and executives of a parent organization. */
function withNetwork(nav: { to: string; label: MessageKey }[], show: boolean) {
  if (!show) return nav
  const at = nav.findIndex((n) => n.to === '/dashboard') + 1
  return [...nav.slice(0, at), { to: '/network', label: 'nav.network' as MessageKey }, ...nav.slice(at)]
}

/** The console's entry, for platform operators only. */
const PLATFORM_NAV: { to: string; label: MessageKey } = { to: '/platform', label: 'nav.platform' }

/**
 * The signed-in person, or the refusal of their session: a suspended organization's session is
 * ended with a 403 naming the reason, which the shell shows (the root's own error page would show
 * only the general text).
 */
async function signedInOrRefusal(request: Request) {
  try {
    return { signedIn: await getSignedIn(request), refusal: null }
  } catch (error) {
    if (error instanceof Response && error.status === 403) return { signedIn: null, refusal: await error.text() }
    throw error
  }
}

export async function shellData(request: Request) {
  const locale = localeFromCookie(request.headers.get('Cookie'))
  const { signedIn, refusal } = await signedInOrRefusal(request)
  const operator = signedIn?.operator
    ? { nameTh: signedIn.user.nameTh, nameEn: signedIn.user.nameEn, email: signedIn.user.email }
    : null
  if (!signedIn?.organization || !signedIn.membership) {
    // an operator with no organization has no home page of their own: the console is it
    if (operator && new URL(request.url).pathname === '/') throw redirect('/platform')
    return { locale, me: null, operator, refusal, nav: operator ? [PLATFORM_NAV] : navigationFor(null) }
  }
  const { user, organization, membership, memberships } = signedIn
  // read at once: each await on a busy server waits its turn behind other requests' work
  const [orgList, network, inbox] = await Promise.all([
    getOrganizationsByIds(memberships.map((m) => m.organizationId)),
    mayViewNetwork(membership) ? hasNetwork(organization.id) : false,
    inboxCount(organization.id, { role: membership.role, userId: user.id, unitIds: membership.unitIds }),
  ])
  const orgs = new Map(orgList.map((o) => [o.id, o]))
  const organizations = memberships.map((m) => {
    const org = orgs.get(m.organizationId)
    return { id: m.organizationId, nameTh: org?.nameTh ?? '', nameEn: org?.nameEn ?? '', role: m.role }
  })
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
    operator,
    refusal,
    nav: withNetwork(navigationFor(membership), network).concat(operator ? [PLATFORM_NAV] : []),
    inbox,
  }
}

export type ShellData = Awaited<ReturnType<typeof shellData>>
