import { json, type ActionFunctionArgs } from '@remix-run/node'
import { getConfig } from '#app/config.server'
import { getStorage } from '#app/services.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { parseMultipart } from '#evidence/uploads/multipart.server'
import { receiveEvidenceUpload } from '#evidence/uploads/upload.server'

/**
 * One file per request (the uploader sends one XHR per file): a new evidence, or with
 * `?replace=<id>` a new version. Answers JSON for that file, refusals included.
 */
export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'evidence.upload')
  const replace = new URL(request.url).searchParams.get('replace')
  const answer = await receiveEvidenceUpload(getStorage(), actorOf(member, request, context), request, {
    parse: parseMultipart,
    maxFileBytes: getConfig().evidence.maxFileBytes,
    replaceEvidenceId: replace,
    // a new version changes every item the evidence is linked to: a coordinator needs them all,
    // and a frozen answer refuses it; checked by the model when the version is written
    membership: member.membership,
  })
  return json(answer, { status: answer.ok ? 201 : answer.status })
}
