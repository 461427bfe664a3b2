/**
 * The one error type that reaches people. Messages are bilingual strings "ไทย / English"
 * (made with bi()); screens show the half for the reader's language with localize().
 */
import type { output, ZodError, ZodTypeAny } from 'zod'
import type { Locale } from '#models/dates'

const SEPARATOR = ' / '

/** A message in both languages: "ไทย / English". */
export function bi(th: string, en: string): string {
  return `${th}${SEPARATOR}${en}`
}

/** The reader's half of a bilingual message; a plain message is returned as it is. */
export function localize(message: string, locale: Locale): string {
  const at = message.lastIndexOf(SEPARATOR)
  if (at < 0) return message
  return locale === 'th' ? message.slice(0, at) : message.slice(at + SEPARATOR.length)
}

export class AppError extends Error {
  constructor(
    message: string,
    readonly status = 400,
    /** Messages per form field, keyed by the field's name. */
    readonly fieldErrors: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'AppError'
  }
}

export const notFound = () => new AppError(bi('ไม่พบข้อมูล', 'not found'), 404)
export const forbidden = () => new AppError(bi('ไม่มีสิทธิ์ดำเนินการนี้', 'you may not do this'), 403)

/** Turns a zod failure into field errors; the first message also names the field. */
/** The schema's output, or the refusal naming each field (400), for model functions. */
export function parseInput<S extends ZodTypeAny>(schema: S, input: unknown): output<S> {
  const r = schema.safeParse(input)
  if (!r.success) throw fromZod(r.error)
  return r.data
}

export function fromZod(error: ZodError): AppError {
  const fieldErrors: Record<string, string> = {}
  for (const issue of error.issues) {
    const key = issue.path.join('.') || 'form'
    fieldErrors[key] ??= issue.message
  }
  const [field, message] = Object.entries(fieldErrors)[0] ?? ['form', 'invalid']
  return new AppError(field === 'form' ? message : `${field}: ${message}`, 400, fieldErrors)
}
