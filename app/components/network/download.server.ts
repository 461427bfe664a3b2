/** The network's generated files (Excel, PDF brief): one answer for both routes, only the document differs. */
import type { LoaderFunctionArgs } from '@remix-run/node'
import { fileDownload } from '#app/utils/downloads.server'
import { errorResponse, notFound } from '#app/utils/forms.server'
import { actorOf, requireMember } from '#app/utils/session.server'
import { AppError } from '#models/errors'
import { getNetworkView, mayViewNetwork, parseNetworkQuery, type NetworkView } from '#models/reporting/network.server'

/** The screen's query and numbers rendered by `build`, named เครือข่าย-<code>-<fiscal year>.<ext>. */
export async function networkDownload(
  { request, context }: Pick<LoaderFunctionArgs, 'request' | 'context'>,
  build: (view: NetworkView) => Promise<Uint8Array>,
  ext: 'pdf' | 'xlsx',
): Promise<Response> {
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
    return fileDownload(await build(view), `เครือข่าย-${member.organization.code}-${view.fiscalYear}.${ext}`, ext)
  } catch (error) {
    if (error instanceof AppError) return errorResponse(error)
    throw error
  }
}
