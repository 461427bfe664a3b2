/**
 * The HTTP refusals a loader or action throws, each with a bilingual body ("ไทย / English") that the
 * route error boundary shows in the reader's language. Only these app messages reach the page.
 */
import { bi } from '#models/errors'

const plain = { 'Content-Type': 'text/plain; charset=utf-8' }

/**
 * 404: `throw notFound()`, or with what was not found:
 * `throw notFound(bi('ไม่พบหลักฐาน', 'evidence not found'))`;
 * `notFound(null)`: no message, the page shows the general hint.
 */
export function notFound(message: string | null = bi('ไม่พบข้อมูล', 'not found')): Response {
  return new Response(message, { status: 404, headers: plain })
}

/** 403: `throw forbidden()`; the default text is the same as the models' refusal. */
export function forbidden(message = bi('ไม่มีสิทธิ์ดำเนินการนี้', 'you may not do this')): Response {
  return new Response(message, { status: 403, headers: plain })
}

/** 400 for a request no form of the app sends: `throw badRequest()` (an unknown intent). */
export function badRequest(message = bi('คำสั่งไม่ถูกต้อง', 'unknown intent')): Response {
  return new Response(message, { status: 400, headers: plain })
}

/** An AppError as a plain-text answer with its status (downloads: a CSV or workbook that cannot be made). */
export function errorResponse(error: { message: string; status: number }): Response {
  return new Response(error.message, { status: error.status, headers: plain })
}
