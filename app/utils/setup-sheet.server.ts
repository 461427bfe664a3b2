/**
 * The answer of a set-up sheet upload (units, people): the file read from the multipart form (at most 1 MB), its
 * rows read by evidence/sheets, the model's import run on them, and every refusal answered with the form's message
 * and the whole list of problems (sheet, row, column, rule) so they can all be fixed at once.
 */
import { json, type ActionFunctionArgs } from '@remix-run/node'
import { readSmallUpload } from '#app/utils/catalog-upload.server'
import { forbidden, notFound } from '#app/utils/forms.server'
import { actorOf, type Member } from '#app/utils/session.server'
import { readSheet } from '#evidence/sheets/read.server'
import type { Actor } from '#models/tenancy/audit.server'
import { AppError, bi } from '#models/errors'
import { SheetRefusal, type SheetColumn, type SheetRows } from '#models/tenancy/sheet-rows'

const MAX_BYTES = 1024 * 1024

export async function sheetAnswer<T extends object>(
  member: Member,
  { request, context }: Pick<ActionFunctionArgs, 'request' | 'context'>,
  columns: SheetColumn[],
  run: (actor: Actor, sheet: SheetRows) => Promise<T>,
) {
  const actor = actorOf(member, request, context)
  try {
    if (Number(request.headers.get('Content-Length') ?? 0) > MAX_BYTES + 64 * 1024)
      throw new AppError(bi('ไฟล์: ใหญ่เกิน 1 MB', 'file: larger than 1 MB'), 413, {
        file: bi('ใหญ่เกิน 1 MB', 'larger than 1 MB'),
      })
    const { file } = await readSmallUpload(request, MAX_BYTES, '1 MB')
    const sheet = await readSheet({ name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) }, columns)
    const value = await run(actor, sheet)
    return json({ ...value, problems: [] as string[], formError: null as string | null, fieldErrors: {} })
  } catch (error) {
    if (error instanceof SheetRefusal)
      return json(
        { problems: error.lines, formError: error.message as string | null, fieldErrors: error.fieldErrors },
        { status: 400 },
      )
    if (error instanceof AppError && error.status === 404) throw notFound(error.message)
    if (error instanceof AppError && error.status === 403) throw forbidden(error.message)
    if (error instanceof AppError)
      return json(
        { problems: [] as string[], formError: error.message as string | null, fieldErrors: error.fieldErrors },
        { status: error.status },
      )
    throw error
  }
}
