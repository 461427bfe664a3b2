import type { LoaderFunctionArgs } from '@remix-run/node'
import { getStorage } from '#app/services.server'
import { errorResponse } from '#app/utils/responses.server'
import { requirePermission } from '#app/utils/session.server'
import { openLinkSnapshot } from '#evidence/storage/download.server'
import { AppError } from '#models/errors'

/** A stored snapshot of a link, always as a download (it is another site's HTML). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  try {
    const file = await openLinkSnapshot(getStorage(), member.organization.id, params.evidenceId!, Number(params.index))
    return new Response(file.body, { status: file.status, headers: file.headers })
  } catch (error) {
    if (error instanceof AppError) throw errorResponse(error)
    throw error
  }
}
