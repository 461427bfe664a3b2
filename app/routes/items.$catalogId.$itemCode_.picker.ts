import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { pickFromLibrary } from '#app/components/items/picker.server'
import { notFound } from '#app/utils/responses.server'
import { requirePermission } from '#app/utils/session.server'

/**
 * The inline picker's search of the library, as the library searches (`q`: words of the title, file name or extracted
 * text; `unit`, `type`, `from`, `to`): live evidence usable in the item's fiscal year, with each one's date and unit.
 * JSON for the item page's picker.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.upload')
  const data = await pickFromLibrary(member, params.catalogId!, new URL(request.url).searchParams)
  if (!data) throw notFound()
  return json(data)
}
