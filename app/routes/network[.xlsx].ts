import type { LoaderFunctionArgs } from '@remix-run/node'
import { networkDownload } from '#app/components/network/download.server'
import { networkWorkbook } from '#evidence/documents/network.server'

/** The network's table, distribution and failing criteria as Excel, with the screen's query (same numbers). */
export const loader = (args: LoaderFunctionArgs) => networkDownload(args, networkWorkbook, 'xlsx')
