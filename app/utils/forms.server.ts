/**
 * The server half of the form toolkit (the browser half is app/components/forms). Every action
 * answers the same shape, `{ ...data, formError, fieldErrors }`, so the page reads errors one way:
 *   const { member, actor, form, intent } = await startAction(args, 'person.manage')
 *   const result = await attempt(() => updatePerson(actor, ...))
 *   if (!result.ok) return result.response
 *   return answer.ok({ saved: true })
 */
import { json, type ActionFunctionArgs } from '@remix-run/node'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { AppError } from '#models/errors'
import type { Action, ResourceScope } from '#models/tenancy/permissions'
import { forbidden, notFound } from '#app/utils/responses.server'

export { badRequest, errorResponse, forbidden, notFound } from '#app/utils/responses.server'

export type FieldErrors = Record<string, string>

export interface FormFailure {
  formError: string
  fieldErrors: FieldErrors
}

/** What every action answers: its own data plus the (empty on success) form and field errors. */
export type Answer<T extends object = object> = T & { formError: string | null; fieldErrors: FieldErrors }

export const answer = {
  /** Success, with the page's own data: `answer.ok({ saved: true })`. */
  ok<T extends object = object>(data: T = {} as T, init?: ResponseInit) {
    return json({ ...data, formError: null as string | null, fieldErrors: {} as FieldErrors }, init)
  },
  /** A message for the whole form (shown by <FormError>), 400 unless told. */
  formError<T extends object = object>(message: string, status = 400, data: T = {} as T) {
    return json({ ...data, formError: message as string | null, fieldErrors: {} as FieldErrors }, { status })
  },
  /** Messages next to fields, keyed by field name, 400 unless told. */
  fieldErrors<T extends object = object>(errors: FieldErrors, status = 400, data: T = {} as T) {
    return json({ ...data, formError: null as string | null, fieldErrors: errors }, { status })
  },
}

/**
 * Runs a mutation; an AppError becomes the form's answer (400/409 with field messages, or a
 * thrown 403/404 response). Anything else is a server error and propagates.
 */
export async function attempt<T>(
  run: () => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof json<FormFailure>> }> {
  try {
    return { ok: true, value: await run() }
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    if (error.status === 404) throw notFound(error.message)
    if (error.status === 403) throw forbidden(error.message)
    return {
      ok: false,
      response: json({ formError: error.message, fieldErrors: error.fieldErrors }, { status: error.status }),
    }
  }
}

/** A form's single-value fields as strings (files and repeated fields are read separately). */
export function fields<K extends string>(form: FormData, names: K[]): Record<K, string> {
  return Object.fromEntries(
    names.map((n) => [n, typeof form.get(n) === 'string' ? (form.get(n) as string) : '']),
  ) as Record<K, string>
}

/**
 * The preamble of a guarded action: the permission check (403 or off to sign-in, before the body is
 * read), the audit actor, the form and its intent (`defaultIntent` when the form sends none).
 */
export async function startAction(
  { request, context }: Pick<ActionFunctionArgs, 'request' | 'context'>,
  permission: Action,
  options: { resource?: Omit<ResourceScope, 'organizationId'>; defaultIntent?: string } = {},
) {
  const member = await requirePermission(request, permission, options.resource)
  const form = await request.formData()
  // a row's button sends its fields as one query string (rows.tsx, `rowFields`): read as if sent one by one
  const row = form.get('row')
  if (typeof row === 'string') for (const [name, value] of new URLSearchParams(row)) form.set(name, value)
  const intent = typeof form.get('intent') === 'string' ? (form.get('intent') as string) : (options.defaultIntent ?? '')
  return { member, organizationId: member.organization.id, actor: actorOf(member, request, context), form, intent }
}
