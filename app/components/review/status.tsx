import { PlainBadge } from '#app/components/ui/rows'
import { ITEM_STATUS_COLOR } from '#app/components/ui/status-colors'
import { useT } from '#app/utils/i18n'
import type { ItemStatus } from '#models/work/review.server'

/** An item's review status, in the reader's language (light unless `variant` says otherwise). */
export function ReviewStatusBadge({
  status,
  variant = 'light',
  ...props
}: Omit<Parameters<typeof PlainBadge>[0], 'color' | 'children' | 'variant'> & {
  status: ItemStatus
  variant?: 'light' | 'filled'
}) {
  const t = useT()
  return (
    <PlainBadge color={ITEM_STATUS_COLOR[status]} variant={variant} {...props}>
      {t(`review.status.${status}`)}
    </PlainBadge>
  )
}
