import { Badge, type BadgeProps } from '@mantine/core'
import { useT } from '#app/utils/i18n'
import type { ItemStatus } from '#models/work/review.server'

const COLOR: Record<ItemStatus, string> = {
  'not-started': 'gray',
  'in-progress': 'blue',
  carried: 'orange',
  submitted: 'violet',
  returned: 'red',
  approved: 'teal',
}

/** An item's review status, in the reader's language. */
export function ReviewStatusBadge({ status, ...props }: BadgeProps & { status: ItemStatus }) {
  const t = useT()
  return (
    <Badge color={COLOR[status]} variant="light" {...props}>
      {t(`review.status.${status}`)}
    </Badge>
  )
}
