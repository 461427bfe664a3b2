import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { EvidenceBin } from '#app/components/evidence/bin'
import { getConfig } from '#app/config.server'
import { answer, attempt, fields, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { listEvidence, restoreEvidence } from '#models/evidence/records.server'
import { can } from '#models/tenancy/permissions'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const items = await listEvidence(member.organization.id, { deleted: true })
  return json({
    items: items.map((e) => ({
      id: e.id,
      title: e.title,
      deletedAt: e.deletedAt!,
      deletedByName: e.deletedByName,
      purgeAfter: e.purgeAfter!,
    })),
    // restoring is for administrators (the people who manage the organization)
    canRestore: can(member.membership, 'organization.manage'),
    retentionDays: getConfig().evidence.retentionDays,
  })
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form } = await startAction(args, 'organization.manage')
  const { evidenceId } = fields(form, ['evidenceId'])
  const result = await attempt(() => restoreEvidence(actor, evidenceId))
  if (!result.ok) return result.response
  return answer.ok({ restored: result.value.title })
}

export default function EvidenceBinRoute() {
  return <EvidenceBin {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
