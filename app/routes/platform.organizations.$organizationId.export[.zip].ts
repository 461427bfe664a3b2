import { createReadableStreamFromReadable, type LoaderFunctionArgs } from '@remix-run/node'
import contentDisposition from 'content-disposition'
import { getStorage } from '#app/services.server'
import { errorResponse, notFound } from '#app/utils/forms.server'
import { operatorActorOf, requireOperator } from '#app/utils/session.server'
import { exportOrganization, recordOrganizationExport } from '#evidence/transfer/organization-archive.server'
import { AppError } from '#models/errors'
import { getOrganizationById } from '#models/tenancy/organization.server'

/**
 * The whole organization as one ZIP, streamed as it is made (documents, every S3 object, manifest of
 * hashes). Recorded once the last byte has gone out: an interrupted download is not an export.
 */
export async function loader({ request, context, params }: LoaderFunctionArgs) {
  const actor = operatorActorOf(await requireOperator(request), request, context)
  const organization = await getOrganizationById(params.organizationId ?? '')
  if (!organization) throw notFound()
  let started
  try {
    started = await exportOrganization(getStorage(), actor, organization.code)
  } catch (error) {
    if (error instanceof AppError) throw errorResponse(error)
    throw error
  }
  started.summary
    .then((summary) => recordOrganizationExport(actor, summary))
    .catch((error: unknown) => {
      process.stderr.write(`[export] ${organization.code}: not completed: ${(error as Error).message}\n`)
    })
  return new Response(createReadableStreamFromReadable(started.body), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': contentDisposition(started.fileName),
      'Cache-Control': 'private, no-store',
      'X-Content-Type-Options': 'nosniff',
    },
  })
}
