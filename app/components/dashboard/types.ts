/** What the dashboard gets from its loader: the ITA projection of the year, the KPI tables, who may do what. */
import type { SerializeFrom } from '@remix-run/node'
import type { getItaDashboard, KpiTable } from '#models/reporting/projection.server'

export type DashboardData = SerializeFrom<
  Awaited<ReturnType<typeof getItaDashboard>> & {
    kpis: KpiTable[]
    now: string
    canManageSurveys: boolean
    canManageCatalogs: boolean
    /** Another organization's dashboard, seen from its network: no links into items. */
    readOnly?: boolean
  }
>
export type DashboardYear = NonNullable<DashboardData['current']>
