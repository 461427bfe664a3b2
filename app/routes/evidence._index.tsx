import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { EvidenceLibrary } from '#app/components/evidence/library'
import { evidenceLibrary } from '#app/components/evidence/library.server'
import { getConfig } from '#app/config.server'
import { attempt, fields, startAction } from '#app/utils/forms.server'
import { requirePermission } from '#app/utils/session.server'
import { createLinkEvidence, createTextEvidence } from '#models/evidence/records.server'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  return json(await evidenceLibrary(member, new URL(request.url)))
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
