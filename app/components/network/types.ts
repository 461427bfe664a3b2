/** What the network page gets from its loader. */
import type { SerializeFrom } from '@remix-run/node'
import type { NetworkRow, NetworkView } from '#models/reporting/network.server'

export type NetworkViewData = SerializeFrom<NetworkView>
export type NetworkRowData = SerializeFrom<NetworkRow>
export interface NetworkPageData {
  view: NetworkViewData | null
  search: string
  formError: string | null
}
