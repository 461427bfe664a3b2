import { Alert, Code, CopyButton, Button, Stack, Text } from '@mantine/core'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'

/** Shows an invitation or reset link for the administrator to hand over (no mail server). */
export function LinkNotice({
  link,
}: {
  link?: { email: string; url: string | null; expiresAt: string; mailed: boolean } | null
}) {
  const t = useT()
  const locale = useLocale()
  if (!link) return null
  if (link.mailed || !link.url)
    return (
      <Alert color="teal" role="status">
        {t('people.linkMailed', { email: link.email })}
      </Alert>
    )
  return (
    <Alert color="teal" role="status">
      <Stack gap="xs">
        <Text size="sm">
          {t('people.linkShown', {
            email: link.email,
            expires: formatDate(link.expiresAt, locale, { style: 'datetime' }),
          })}
        </Text>
        <Code block data-testid="one-time-link">
          {link.url}
        </Code>
        <CopyButton value={link.url}>
          {({ copied, copy }) => (
            <Button size="compact-sm" variant="light" onClick={copy} w="fit-content">
              {copied ? `✓ ${t('common.copied')}` : t('common.copy')}
            </Button>
          )}
        </CopyButton>
      </Stack>
    </Alert>
  )
}
