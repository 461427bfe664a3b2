import { Alert } from '@mantine/core'
import { useLocale } from '#app/utils/i18n'
import { localize } from '#models/errors'

/** The reader's half of a bilingual message from the server. */
export function useLocalize() {
  const locale = useLocale()
  return (message: string | undefined | null) => (message ? localize(message, locale) : undefined)
}

/** A form-level error, announced to screen readers. */
export function FormError({ message }: { message?: string | null }) {
  const l = useLocalize()
  if (!message) return null
  return (
    <Alert color="red" role="alert" variant="light">
      {l(message)}
    </Alert>
  )
}
