/**
 * The one error type that reaches people. Messages are bilingual strings "ไทย / English"
 * (made with bi()); screens show the half for the reader's language with localize().
 */
import type { output, ZodError, ZodTypeAny } from 'zod'

/** The reader's language; defined here (not in dates) so that dates can use bi() without an import circle. */
export type Locale = 'th' | 'en'

const SEPARATOR = ' / '

/** Text in both languages: the structured form of bilingual text (labels, names, status texts). */
export interface Bilingual {
  th: string
  en: string
}

/**
 * A message in both languages as one string, "ไทย / English": the form errors carry (an Error has one message).
 * halves() reads it back; nothing else should look for the separator.
 */
export function bi(th: string, en: string): string {
  return `${th}${SEPARATOR}${en}`
}

/** The two halves of a message made by bi(); a plain message is both halves. */
export function halves(message: string): Bilingual {
  const at = message.lastIndexOf(SEPARATOR)
  return at < 0 ? { th: message, en: message } : { th: message.slice(0, at), en: message.slice(at + SEPARATOR.length) }
}

/** Whether a message was made by bi() (it has both halves). */
export const isBilingual = (message: string): boolean => message.includes(SEPARATOR)

/** The reader's half of a bilingual message; a plain message is returned as it is. */
export function localize(message: string, locale: Locale): string {
  return halves(message)[locale]
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
