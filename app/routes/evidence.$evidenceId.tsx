import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { EvidencePage } from '#app/components/evidence/detail'
import { evidenceDetail } from '#app/components/evidence/detail.server'
import { getConfig } from '#app/config.server'
import { getStorage } from '#app/services.server'
import { answer, attempt, badRequest, fields, notFound, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { checkLinkEvidence } from '#evidence/links/check.server'
import { attributeLink } from '#models/work/contribution.server'
import { AppError, bi } from '#models/errors'
import {
  deleteEvidence,
  getEvidence,
  linkEvidence,
  unlinkEvidence,
  updateEvidenceMetadata,
  updateEvidenceText,
  type EvidenceTarget,
} from '#models/evidence/records.server'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { can } from '#models/tenancy/permissions'

const NOT_FOUND = bi('ไม่พบหลักฐาน', 'evidence not found')

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const detail = await evidenceDetail(member, params.evidenceId!)
  if (!detail) throw notFound(NOT_FOUND)
  return json(detail)
}

const targetOf = (value: string): EvidenceTarget => {
  const [catalogId = '', itemCode = '', elementId = ''] = value.split('|')
  return { catalogId, itemCode, elementId }
}

export async function action(args: ActionFunctionArgs) {
  const { member, organizationId, actor, form, intent } = await startAction(args, 'evidence.upload')
  const id = args.params.evidenceId!
  // another organization's id is "not found" whatever the form says
  if (!(await getEvidence(organizationId, id))) throw notFound(NOT_FOUND)
  const f = fields(form, [
    'title',
    'description',
    'documentDate',
    'periodFrom',
    'periodTo',
    'issuingUnitId',
    'tags',
    'target',
    'html',
  ])
  const config = getConfig().evidence
  const changing = { membership: member.membership }
  // where a refusal without field messages is shown: next to the control that asked
  const control = (
    { metadata: 'metadata', link: 'target', unlink: `unlink.${f.target}`, text: 'html', delete: 'delete' } as Record<
      string,
      string
    >
  )[intent]
  const result = await attempt(async () => {
    try {
      return await run()
    } catch (error) {
      // a refusal of what was chosen (another unit's item, a frozen answer) keeps the page and its menu
      if (control && error instanceof AppError && error.status !== 404 && Object.keys(error.fieldErrors).length === 0)
        return { refused: error }
      throw error
    }
  })
  if (!result.ok) return result.response
  if (result.value === null) return redirect('/evidence')
  if ('refused' in result.value) {
    const { message, status } = result.value.refused
    return answer.fieldErrors({ [control!]: message }, status, { saved: false, warnings: [] as string[] })
  }
  return answer.ok(result.value)

  async function run(): Promise<{ saved: boolean; warnings: string[] } | null> {
    switch (intent) {
      case 'metadata':
        await updateEvidenceMetadata(actor, id, { ...f, tags: f.tags.split(',').map((t) => t.trim()) }, changing)
        return { saved: true, warnings: [] as string[] }
      case 'link': {
        const { warnings } = await linkEvidence(actor, id, targetOf(f.target), {
          resolveTarget: resolveOrganizationTarget,
          // a coordinator links only to items assigned to one of their units
          mayLink: (r) => can(member.membership, 'evidence.upload', { organizationId, unitIds: r.unitIds ?? [] }),
        })
        // on an item of several units, the link counts as the coordinator's unit's contribution
        await attributeLink(actor, member.membership, targetOf(f.target), id)
        return { saved: true, warnings }
      }
      case 'unlink':
        await unlinkEvidence(actor, id, targetOf(f.target), changing)
        return { saved: true, warnings: [] }
      case 'check':
        await checkLinkEvidence(getStorage(), actor, id, { snapshot: true, allowPrivate: config.allowPrivateLinks })
        return { saved: true, warnings: [] }
      case 'text':
        await updateEvidenceText(actor, id, f.html, changing)
        return { saved: true, warnings: [] }
      case 'delete':
        await deleteEvidence(actor, id, config.retentionDays, changing)
        return null
      default:
        throw badRequest()
    }
  }
}

export default function EvidenceRoute() {
  return <EvidencePage {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
