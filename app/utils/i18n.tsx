import { useRouteLoaderData } from '@remix-run/react'
import { useCallback } from 'react'
import { translate, type MessageKey } from '#app/i18n'
import type { Locale } from '#models/dates'

/** The locale chosen in the root loader. */
export function useLocale(): Locale {
  const data = useRouteLoaderData<{ locale: Locale }>('root')
  return data?.locale ?? 'th'
}

/** t('key') in the current locale. */
export function useT() {
  const locale = useLocale()
  return useCallback(
    (key: MessageKey, params?: Record<string, string | number>) => translate(locale, key, params),
    [locale],
  )
}
