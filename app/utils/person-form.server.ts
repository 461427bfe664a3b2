import { fields } from '#app/utils/forms.server'
import type { Role } from '#models/tenancy/permissions'

/** A person form as the people models take it: the profile, the role, and the units (repeated or comma-joined). */
export function personInput(form: FormData) {
  const input = fields(form, ['email', 'nameTh', 'nameEn', 'position', 'phone', 'role'])
  const unitIds = form
    .getAll('unitIds')
    .map(String)
    .flatMap((v) => v.split(','))
    .filter(Boolean)
  return { ...input, role: input.role as Role, unitIds }
}
