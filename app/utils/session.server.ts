/**
 * Sign-in state: the cookie holds a random token (signed), MongoDB holds its hash. Guards
 * return the person, their current organization and membership, and an Actor for the audit.
 */
import { createHash } from 'node:crypto'
import { createCookie, redirect, type AppLoadContext } from '@remix-run/node'
import { getConfig } from '#app/config.server'
import { ensureDatabase } from '#app/services.server'
import { allOrganizationStamps, keptReads, readStamps } from '#models/db.server'
import type { Actor } from '#models/tenancy/audit.server'
import {
  deleteSession,
  getSessionByToken,
  ACCESS_STAMP,
  SESSION_TTL_MS,
  type Session,
} from '#models/tenancy/auth.server'
import { forbidden, notFound } from '#app/utils/responses.server'
import { isOperator, type OperatorActor } from '#models/tenancy/operator.server'
import { getOrganizationById, suspendedMessage, type Organization } from '#models/tenancy/organization.server'
import { can, type Action, type ResourceScope } from '#models/tenancy/permissions'
import { getUserById, listMembershipsOfUser, type Membership, type User } from '#models/tenancy/user.server'

const config = () => getConfig()

export const sessionCookie = () =>
  createCookie('saisaat_session', {
    httpOnly: true,
    sameSite: 'lax',
    secure: config().nodeEnv === 'production' && config().publicUrl.startsWith('https://'),
    path: '/',
    secrets: [config().sessionSecret],
    maxAge: SESSION_TTL_MS / 1000,
  })

export interface SignedIn {
  token: string
  session: Session
  user: User
  memberships: Membership[]
  /**
   * The organization the person works in now, and their membership there: null for a platform
   * operator who is a member of no (open) organization.
   */
  organization: Organization | null
  membership: Membership | null
  /** Whether the person is a platform operator (the console at /platform). */
  operator: boolean
}

async function readToken(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get('Cookie'))
  return typeof value === 'string' && value.length > 20 ? value : null
}

/**
 * What this instance read of each session, under the access stamp (any write of sessions, people, memberships,
 * operators or organizations, in any instance, changes it): a request whose stamp is unchanged reads one small
 * document instead of five. That read also takes the stamps of the organization the session was last in, which the
 * page's own kept reads (catalogs, units…) then need not read again. Kept by the token's hash.
 */
const keptSignedIn = keptReads(10_000)
const lastOrganization = new Map<string, string>()

/**
 * The signed-in person, or null. A session whose user lost every active membership is ended, unless
 * the person is a platform operator: they stay signed in without an organization (the console needs none).
 */
export async function getSignedIn(request: Request): Promise<SignedIn | null> {
  const token = await readToken(request)
  if (!token) return null
  await ensureDatabase()
  const key = createHash('sha256').update(token).digest('base64url')
  const organizationId = lastOrganization.get(key)
  await readStamps([ACCESS_STAMP, ...(organizationId ? allOrganizationStamps(organizationId) : [])])
  const signedIn = await keptSignedIn([ACCESS_STAMP], key, () => readSignedIn(token))
  if (!signedIn || Date.parse(signedIn.session.expiresAt) <= Date.now()) return null
  if (signedIn.organization && signedIn.organization.id !== organizationId) {
    lastOrganization.delete(key)
    if (lastOrganization.size >= 10_000) lastOrganization.delete(lastOrganization.keys().next().value!)
    lastOrganization.set(key, signedIn.organization.id)
  }
  return signedIn
}

async function readSignedIn(token: string): Promise<SignedIn | null> {
  const session = await getSessionByToken(token)
  if (!session) return null
  // all keyed by the session: at once (the session's organization is the one it works in, unless its membership ended)
  const [user, allMemberships, operator, sessionOrganization] = await Promise.all([
    getUserById(session.userId),
    listMembershipsOfUser(session.userId),
    isOperator(session.userId),
    session.organizationId ? getOrganizationById(session.organizationId) : null,
  ])
  if (!user) return null
  const memberships = allMemberships.filter((m) => m.active)
  const withoutOrganization = { token, session, user, memberships, organization: null, membership: null, operator }
  if (memberships.length === 0) {
    if (operator) return withoutOrganization
    await deleteSession(token)
    return null
  }
  const membership = memberships.find((m) => m.organizationId === session.organizationId) ?? memberships[0]
  const organization =
    sessionOrganization?.id === membership.organizationId
      ? sessionOrganization
      : await getOrganizationById(membership.organizationId)
  if (organization?.suspended) {
    // an operator keeps the console (to reactivate it, say) but not the suspended organization's pages
    if (operator) return withoutOrganization
    // an organization suspended by the platform operators: the open session ends, naming the reason
    await deleteSession(token)
    throw forbidden(suspendedMessage(organization))
  }
  return { token, session, user, memberships, organization, membership, operator }
}

function loginRedirect(request: Request): never {
  const url = new URL(request.url)
  const back = url.pathname + url.search
  throw redirect(`/login${back && back !== '/' ? `?redirectTo=${encodeURIComponent(back)}` : ''}`)
}

/** A signed-in person acting in their current organization. */
export type Member = SignedIn & { organization: Organization; membership: Membership }

/**
 * The signed-in person with a current organization; otherwise off to the sign-in page. A platform
 * operator signed in without one gets 404: being an operator opens no organization's pages.
 */
export async function requireMember(request: Request): Promise<Member> {
  const signedIn = await getSignedIn(request)
  if (!signedIn) loginRedirect(request)
  if (!signedIn.organization || !signedIn.membership) throw notFound()
  return signedIn as Member
}

/** A signed-in platform operator (with or without a current organization). */
export type SignedInOperator = SignedIn & { operator: true }

/**
 * The signed-in platform operator; otherwise off to the sign-in page when not signed in, and 404
 * for anyone else signed in, so that the console's existence is not revealed.
 */
export async function requireOperator(request: Request): Promise<SignedInOperator> {
  const signedIn = await getSignedIn(request)
  if (!signedIn) loginRedirect(request)
  if (!signedIn.operator) throw notFound()
  return signedIn as SignedInOperator
}

/** The actor of an operator's platform events (their events are recorded under the platform scope). */
export function operatorActorOf(op: { user: User }, request: Request, context: AppLoadContext): OperatorActor {
  return {
    userId: op.user.id,
    userName: op.user.nameTh || op.user.email,
    ip: context.ip,
    userAgent: request.headers.get('User-Agent') ?? '',
  }
}

/**
 * Guard for every protected loader and action: signed in, and allowed to do `action` (on the
 * resource, when given) in the current organization. Refusals are 403 and change nothing.
 */
export async function requirePermission(
  request: Request,
  action: Action,
  resource?: Omit<ResourceScope, 'organizationId'>,
) {
  const member = await requireMember(request)
  const scope = resource ? { ...resource, organizationId: member.organization.id } : undefined
  if (!can(member.membership, action, scope)) throw forbidden()
  return member
}

/** The Actor for audit events, from the guard's result and the request. */
export function actorOf(
  member: { user: User; organization: Organization },
  request: Request,
  context: AppLoadContext,
): Actor {
  return {
    organizationId: member.organization.id,
    userId: member.user.id,
    userName: member.user.nameTh || member.user.email,
    ip: context.ip,
    userAgent: request.headers.get('User-Agent') ?? '',
  }
}

export async function commitSession(token: string): Promise<string> {
  return sessionCookie().serialize(token)
}

export async function destroySessionCookie(): Promise<string> {
  return sessionCookie().serialize('', { maxAge: 0 })
}
