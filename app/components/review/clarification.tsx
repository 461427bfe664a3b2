import { Alert, Badge, Text } from '@mantine/core'
import { CLARIFICATION_STATUS_COLOR } from '#app/components/ui/status-colors'
import { useLocale, useT } from '#app/utils/i18n'
import type { ClarificationStatus, ClarificationWindow, PreliminaryResult } from '#models/work/clarification.server'
import { formatDate } from '#models/dates'

/** A preliminary OIT result: passed or not passed. */
export function ResultBadge({ result }: { result: PreliminaryResult }) {
  const t = useT()
  return (
    <Badge color={result === 'passed' ? 'teal' : 'red'} variant="light" data-testid="preliminary-result">
      {t(`clar.result.${result}`)}
    </Badge>
  )
}

/** Where a clarification stands; "not drafted" when there is none. */
export function ClarificationStatusBadge({ status }: { status: ClarificationStatus | null }) {
  const t = useT()
  return (
    <Badge color={CLARIFICATION_STATUS_COLOR[status ?? 'none']} variant="light" data-testid="clarification-status">
      {t(`clar.status.${status ?? 'none'}`)}
    </Badge>
  )
}

/** The clarification window with its days left, flagged once past. */
export function ClarificationWindowNote({ window: w }: { window: ClarificationWindow }) {
  const t = useT()
  const locale = useLocale()
  if (!w.endsOn)
    return (
      <Text size="sm" c="dimmed" data-testid="clarification-window">
        {t('clar.window.unset')}
      </Text>
    )
  const range = t('clar.window', {
    from: w.startsOn ? formatDate(w.startsOn, locale, { style: 'long' }) : '—',
    to: formatDate(w.endsOn, locale, { style: 'long' }),
  })
  return (
    <Alert
      color={w.overdue ? 'red' : w.daysLeft !== null && w.daysLeft <= 3 ? 'orange' : 'blue'}
      variant="light"
      data-testid="clarification-window"
    >
      {range} · {w.overdue ? t('clar.window.overdue') : t('clar.window.daysLeft', { days: w.daysLeft ?? 0 })}
    </Alert>
  )
}
