import { PlainBadge } from '#app/components/ui/rows'
import type { MessageKey } from '#app/i18n'
import { useT } from '#app/utils/i18n'

/** "Overdue", "due today" or "due in n days" (within a week) for an item with a due date; nothing otherwise. */
export function DueBadge({
  daysLeft,
  overdue,
  overdueLabel = 'due.overdue',
}: {
  daysLeft: number | null
  overdue: boolean
  overdueLabel?: MessageKey
}) {
  const t = useT()
  if (overdue)
    return (
      <PlainBadge color="red" size="sm">
        {t(overdueLabel)}
      </PlainBadge>
    )
  if (daysLeft === null || daysLeft < 0 || daysLeft > 7) return null
  return (
    <PlainBadge color="orange" variant="light" size="sm" data-testid="due-soon">
      {daysLeft === 0 ? t('due.today') : t('due.soon', { days: daysLeft })}
    </PlainBadge>
  )
}
