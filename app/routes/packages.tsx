import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { PackagesPage } from '#app/components/packages/page'
import { attempt, fields, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { defaultFiscalYear } from '#models/dates'
import {
  cancelPackageJob,
  listPackageJobs,
  packageFiscalYears,
  requestPackageJob,
} from '#models/reporting/package-job.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/** Administrators generate the year's submission package and download it; progress is live. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'package.generate')
  const [jobs, years] = await Promise.all([
    listPackageJobs(member.organization.id),
    packageFiscalYears(member.organization.id),
  ])
  // the year in progress when it has a published catalog, else the latest one
  return json({ jobs, years, defaultYear: years.length ? defaultFiscalYear(years) : null })
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form, intent } = await startAction(args, 'package.generate')
  const { fiscalYear, round, packageId } = fields(form, ['fiscalYear', 'round', 'packageId'])
  const result = await attempt(() =>
    intent === 'cancel' ? cancelPackageJob(actor, packageId) : requestPackageJob(actor, { fiscalYear, round }),
  )
  if (!result.ok) return result.response
  return redirect('/packages')
}

export default function PackagesRoute() {
  return <PackagesPage {...useLoaderData<typeof loader>()} />
}
