import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { EVIDENCE_TYPES, EvidenceLibrary } from '#app/components/evidence/library'
import { getConfig } from '#app/config.server'
import { attempt, fields, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { ALLOWED_TYPES_LABEL } from '#evidence/uploads/sniff.server'
import { createLinkEvidence, createTextEvidence, listEvidence } from '#models/evidence/records.server'
import { can } from '#models/tenancy/permissions'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const url = new URL(request.url)
  const q = url.searchParams.get('q') ?? ''
  const type = EVIDENCE_TYPES.find((t) => t === url.searchParams.get('type'))
  const items = await listEvidence(member.organization.id, { q, type })
  return json({
    items: items.map((e) => ({
      id: e.id,
      type: e.type,
      title: e.title,
      fileName: e.current?.fileName ?? e.url ?? '',
      updatedAt: e.current?.uploadedAt ?? e.createdAt,
      links: e.links.length,
      versions: e.versions.length,
    })),
    filter: { q, type: type ?? '' },
    canUpload: can(member.membership, 'evidence.upload'),
    maxBytes: getConfig().evidence.maxFileBytes,
    typesLabel: ALLOWED_TYPES_LABEL,
  })
}

export async function action(args: ActionFunctionArgs) {
  const { actor, form, intent } = await startAction(args, 'evidence.upload')
  const input = fields(form, ['url', 'title', 'html'])
  const result = await attempt(() =>
    intent === 'text'
      ? createTextEvidence(actor, { title: input.title, html: input.html })
      : createLinkEvidence(
          actor,
          { url: input.url, title: input.title },
          { allowPrivate: getConfig().evidence.allowPrivateLinks },
        ),
  )
  if (!result.ok) return result.response
  return redirect(`/evidence/${result.value.id}`)
}

export default function EvidenceLibraryRoute() {
  return <EvidenceLibrary {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
