import { type ActionFunctionArgs, type LoaderFunctionArgs, json } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { ClarificationList } from '#app/components/clarification/list'
import { readCatalogUpload } from '#app/utils/catalog-upload.server'
import { answer, attempt, badRequest, fields, forbidden } from '#app/utils/forms.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { defaultCatalog } from '#models/catalog/catalog.server'
import {
  importPreliminaryResults,
  listClarificationCatalogs,
  listClarifications,
  recordPreliminaryResult,
} from '#models/work/clarification.server'
import { can, type MembershipGrant } from '#models/tenancy/permissions'

const mayRecord = (m: MembershipGrant) => can(m, 'catalog.manage') || can(m, 'assignment.manage')

/** Preliminary OIT results of one ITA catalog with their clarifications; administrators record and import them. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const organizationId = member.organization.id
  const catalogs = await listClarificationCatalogs(organizationId)
  const asked = new URL(request.url).searchParams.get('catalog')
  const chosen = catalogs.find((c) => c.id === asked) ?? defaultCatalog(catalogs)
  const screen = chosen ? await listClarifications(organizationId, chosen.id) : null
  return json({ catalogs, screen, canRecord: mayRecord(member.membership) })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  if (!mayRecord(member.membership)) throw forbidden()
  const actor = actorOf(member, request, context)
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')
  const result = await attempt(async () => {
    if (multipart) {
      const { form, file } = await readCatalogUpload(request)
      const done = await importPreliminaryResults(
        actor,
        member.membership,
        String(form.get('catalogId') ?? ''),
        file.bytes,
      )
      return { done: 'import' as const, rows: done.rows }
    }
    const f = fields(await request.formData(), ['intent', 'catalogId', 'itemCode', 'result', 'comment'])
    if (f.intent !== 'record') throw badRequest()
    await recordPreliminaryResult(actor, member.membership, f.catalogId, {
      itemCode: f.itemCode,
      result: f.result as 'passed',
      comment: f.comment,
    })
    return { done: 'record' as const, rows: 1 }
  })
  if (!result.ok) return result.response
  return answer.ok(result.value)
}

export default function ClarificationsRoute() {
  return <ClarificationList {...useLoaderData<typeof loader>()} />
}

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'
