import type { LoaderFunctionArgs } from '@remix-run/node'
import { fileDownload } from '#app/utils/downloads.server'
import { errorResponse, notFound } from '#app/utils/forms.server'
import { actorOf, requireMember } from '#app/utils/session.server'
import { networkWorkbook } from '#evidence/documents/network.server'
import { AppError } from '#models/errors'
import { getNetworkView, mayViewNetwork, parseNetworkQuery } from '#models/reporting/network.server'

/** The network's table, distribution and failing criteria as Excel, with the screen's query (same numbers). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const member = await requireMember(request)
  if (!mayViewNetwork(member.membership)) return notFound()
  try {
    const query = parseNetworkQuery(new URL(request.url).searchParams)
    const view = await getNetworkView(
      actorOf(member, request, context),
      member.organization,
      query,
      new Date(),
      'export',
    )
    if (!view) return notFound()
    return fileDownload(
      await networkWorkbook(view),
      `เครือข่าย-${member.organization.code}-${view.fiscalYear}.xlsx`,
      'xlsx',
    )
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error)
    throw error
  }
}
