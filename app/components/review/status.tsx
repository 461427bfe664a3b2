import { Badge, type BadgeProps } from '@mantine/core'
import { ITEM_STATUS_COLOR } from '#app/components/ui/status-colors'
import { useT } from '#app/utils/i18n'
import type { ItemStatus } from '#models/work/review.server'

/** An item's review status, in the reader's language. */
export function ReviewStatusBadge({ status, ...props }: BadgeProps & { status: ItemStatus }) {
  const t = useT()
  return (
    <Badge color={ITEM_STATUS_COLOR[status]} variant="light" {...props}>
      {t(`review.status.${status}`)}
    </Badge>
  )
}
