import { json } from '@remix-run/node'
import { AppError } from '#models/errors'

export interface FormFailure {
  formError: string
  fieldErrors: Record<string, string>
}

/**
 * Runs a mutation; an AppError becomes the form's answer (400/409 with field messages, or a
 * thrown 403/404 response). Anything else is a server error and propagates.
 */
export async function attempt<T>(run: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; response: ReturnType<typeof json<FormFailure>> }> {
  try {
    return { ok: true, value: await run() }
  } catch (error) {
    if (!(error instanceof AppError)) throw error
    if (error.status === 404 || error.status === 403) throw new Response(error.message, { status: error.status })
    return { ok: false, response: json({ formError: error.message, fieldErrors: error.fieldErrors }, { status: error.status }) }
  }
}

/** A form's single-value fields as strings (files and repeated fields are read separately). */
export function fields<K extends string>(form: FormData, names: K[]): Record<K, string> {
  return Object.fromEntries(names.map((n) => [n, typeof form.get(n) === 'string' ? (form.get(n) as string) : ''])) as Record<K, string>
}
