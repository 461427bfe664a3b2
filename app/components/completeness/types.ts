/** What the completeness page gets from its loader (the matrix, or the refusal of a bad filter). */
import type { SerializeFrom } from '@remix-run/node'
import type { getCompleteness } from '#models/reporting/completeness.server'

export type CompletenessPageData = SerializeFrom<{
  data: Awaited<ReturnType<typeof getCompleteness>> | null
  query: string
  formError: string | null
  fieldErrors: Record<string, string>
}>
export type Completeness = NonNullable<CompletenessPageData['data']>
