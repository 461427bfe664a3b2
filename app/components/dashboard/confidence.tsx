/**
 * How much of the projection rests on what is not confirmed (models/projection.server.ts, counted by
 * scoring/confidence.ts), and the items of unknown content, shown as "unknown" rather than as a 0.
 */
import { Alert, Stack, Text } from '@mantine/core'
import { useDigits, useNumber } from '#app/components/dashboard/format'
import { useLocale, useT } from '#app/utils/i18n'
import type { UnconfirmedPoints } from '#scoring/index'

interface Props {
  confidence: { weights: string; bands: string; grouping: string; unconfirmed: { approvedOnly: UnconfirmedPoints } }
  criteria: { code: string; title: { th: string; en: string }; placeholder: boolean }[]
}

export function ConfidenceNotice({ confidence, criteria }: Props) {
  const t = useT()
  const locale = useLocale()
  const num = useNumber()
  const digits = useDigits()
  const u = confidence.unconfirmed.approvedOnly
  const unknown = criteria.filter((c) => c.placeholder)
  const allConfirmed =
    confidence.weights === 'confirmed' &&
    confidence.bands === 'confirmed' &&
    confidence.grouping === 'confirmed' &&
    u.criterionCodes.length === 0
  const sure = allConfirmed && unknown.length === 0
  return (
    <Alert
      color={sure ? 'gray' : 'orange'}
      variant="light"
      title={t('dash.confidence.title')}
      data-testid="confidence-notice"
    >
      <Stack gap={4}>
        {allConfirmed ? (
          <Text size="sm">{t('dash.confidence.allConfirmed')}</Text>
        ) : (
          <>
            <Text size="sm" fw={600} data-testid="unconfirmed-points">
              {t('dash.confidence.points', { points: num(u.points), total: num(u.total) })}
            </Text>
            <Text size="sm">
              {t('dash.confidence.items', {
                items: num(u.items),
                criteria: num(u.criteria),
                grouping: num(u.grouping),
              })}
            </Text>
            {confidence.weights !== 'confirmed' ? <Text size="sm">{t('dash.confidence.weights')}</Text> : null}
            {confidence.bands !== 'confirmed' ? <Text size="sm">{t('dash.confidence.bands')}</Text> : null}
          </>
        )}
        {unknown.length > 0 ? (
          <Text size="sm" data-testid="placeholder-unknown">
            {t('dash.confidence.unknown', {
              list: unknown
                .map((c) => `${digits(c.code)} ${locale === 'en' ? c.title.en || c.title.th : c.title.th}`)
                .join(', '),
            })}
          </Text>
        ) : null}
      </Stack>
    </Alert>
  )
}
