/**
 * The organization profile form's save, shared by the settings page and the set-up's profile step: the same fields
 * read the same way, the same validation messages and audit (the model function each passes does the saving).
 */
import type { ActionFunctionArgs } from '@remix-run/node'
import { attempt, fields, startAction } from '#app/utils/forms.server'
import type { Organization } from '#models/tenancy/organization.server'
import type { Actor } from '#models/tenancy/audit.server'
import type { ProfileInput } from '#models/tenancy/setup.server'

/** Reads the profile form (as organization.manage) and runs `save` on it: the refusal's response, or the actor. */
export async function saveProfileForm(
  args: Pick<ActionFunctionArgs, 'request' | 'context'>,
  save: (actor: Actor, input: ProfileInput) => Promise<unknown>,
) {
  const { actor, form } = await startAction(args, 'organization.manage')
  const input = fields(form, ['nameTh', 'nameEn', 'agencyType', 'linkDomains', 'itasCode'])
  const result = await attempt(() =>
    save(actor, { ...input, agencyType: input.agencyType as Organization['agencyType'] }),
  )
  return result.ok ? { ok: true as const, actor } : result
}
