import type { LoaderFunctionArgs } from '@remix-run/node'
import { getStorage } from '#app/services.server'
import { errorResponse } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { openPackageDownload } from '#evidence/package/package.server'
import { AppError } from '#models/errors'

/** Streams a finished package from the store, as an attachment with its Thai file name. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'package.generate')
  try {
    const file = await openPackageDownload(getStorage(), member.organization.id, params.packageId!)
    return new Response(file.body, { status: file.status, headers: file.headers })
  } catch (error) {
    if (error instanceof AppError) throw errorResponse(error)
    throw error
  }
}
