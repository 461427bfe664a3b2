import { Badge } from '@mantine/core'
import { PERSON_STATUS_COLOR } from '#app/components/ui/status-colors'
import { useT } from '#app/utils/i18n'

/**
 * Invited, inactive or (with `showActive`) active. An invitation looks like any new person's: it must
 * not tell that the address already has an account.
 */
export function PersonStatusBadge({
  person,
  showActive = false,
}: {
  person: { hasPassword: boolean; membership: { pending?: boolean; active: boolean } }
  showActive?: boolean
}) {
  const t = useT()
  const status = person.membership.pending
    ? 'invited'
    : !person.membership.active
      ? 'inactive'
      : !person.hasPassword
        ? 'invited'
        : 'active'
  if (status === 'active' && !showActive) return null
  return <Badge color={PERSON_STATUS_COLOR[status]}>{t(`people.${status}`)}</Badge>
}
