import type { LoaderFunctionArgs } from '@remix-run/node'
import { getStorage } from '#app/services.server'
import { errorResponse } from '#app/utils/responses.server'
import { requirePermission } from '#app/utils/session.server'
import { openEvidenceFile } from '#evidence/storage/download.server'
import { AppError } from '#models/errors'

/** Streams a file version (?version=N, default current); inline for PDF/pictures unless ?download=1. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const url = new URL(request.url)
  try {
    const file = await openEvidenceFile(getStorage(), member.organization.id, params.evidenceId!, {
      version: Number(url.searchParams.get('version')) || undefined,
      download: url.searchParams.has('download'),
      range: request.headers.get('Range'),
    })
    return new Response(file.body, { status: file.status, headers: file.headers })
  } catch (error) {
    if (error instanceof AppError) throw errorResponse(error)
    throw error
  }
}
