import { json, redirect, type ActionFunctionArgs } from '@remix-run/node'
import { evidenceRights } from '#app/components/items/workspace.server'
import { getConfig } from '#app/config.server'
import { getStorage } from '#app/services.server'
import { notFound } from '#app/utils/responses.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import { receiveEvidenceUpload } from '#evidence/uploads/upload.server'
import { bi } from '#models/errors'
import { resolveOrganizationTarget } from '#models/evidence/targets.server'
import { can } from '#models/tenancy/permissions'
import { getItemOutline } from '#models/work/review.server'

const NOT_OFFERED = bi(
  'องค์ประกอบนี้ไม่ได้อยู่ในข้อที่มอบหมายให้หน่วยของท่าน หรือข้อนี้ส่งตรวจแล้ว จึงเพิ่มหลักฐานไม่ได้',
  'this element is not of an item assigned to your units, or the item is submitted: no evidence can be added',
)

/** Reads a refused request to its end (bounded), so the browser gets the answer rather than a reset connection. */
async function drain(request: Request, limit: number) {
  let read = 0
  try {
    const reader = request.body?.getReader()
    for (let r = await reader?.read(); r && !r.done; r = await reader!.read())
      if ((read += r.value.byteLength) > limit) break
  } catch {
    // the client went away
  }
}

/**
 * One file dropped on a required element (`?element=`): uploaded and linked to that element in one request. The
 * uploader's XHR gets JSON for that file; a plain form post (no JavaScript) goes back to the item page.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'evidence.upload')
  const organizationId = member.organization.id
  const elementId = new URL(request.url).searchParams.get('element') ?? ''
  // the item's outline is enough to refuse early: its evidence is not read before the file
  const item = await getItemOutline(organizationId, params.catalogId!, params.itemCode!)
  if (!item) throw notFound()
  const page = `/items/${item.catalogId}/${encodeURIComponent(item.itemCode)}`
  const html = (request.headers.get('Accept') ?? '').includes('text/html')
  const back = (error: string | null) => {
    const refusal = error ? `&uploadError=${encodeURIComponent(error)}` : ''
    return redirect(`${page}?element=${encodeURIComponent(elementId)}${refusal}#element-${elementId}`, 303)
  }
  const maxFileBytes = getConfig().evidence.maxFileBytes
  const element = item.elementIds.includes(elementId)
  if (!element || !evidenceRights(member, item).canAdd) {
    await drain(request, maxFileBytes + 64 * 1024)
    const reason = element ? NOT_OFFERED : bi('องค์ประกอบ: ไม่พบในข้อนี้', 'element: not in this item')
    if (html) return back(reason)
    return json({ ok: false, fileName: '', status: element ? 403 : 400, reason }, { status: element ? 403 : 400 })
  }
  const answer = await receiveEvidenceUpload(getStorage(), actorOf(member, request, context), request, {
    parse: parseMultipart,
    maxFileBytes,
    membership: member.membership,
    link: {
      target: { catalogId: item.catalogId, itemCode: item.itemCode, elementId },
      resolveTarget: resolveOrganizationTarget,
      mayLink: (r) => can(member.membership, 'evidence.upload', { organizationId, unitIds: r.unitIds ?? [] }),
    },
  })
  if (!answer.ok) return html ? back(answer.reason) : json(answer, { status: answer.status })
  return html ? back(null) : json({ ...answer, linked: elementId }, { status: 201 })
}
