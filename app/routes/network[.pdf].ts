import type { LoaderFunctionArgs } from '@remix-run/node'
import { networkDownload } from '#app/components/network/download.server'
import { networkBriefPdf } from '#evidence/documents/network.server'

/** The network as a Thai PDF brief (a page of figures and chart, then the table): the screen's query and numbers. */
export const loader = (args: LoaderFunctionArgs) => networkDownload(args, networkBriefPdf, 'pdf')
