/**
 * Error pages. Every route module re-exports RouteErrorBoundary as its ErrorBoundary, so an error
 * below the root renders inside the root's shell and the navigation stays. Only the app's own
 * bilingual messages (made by bi() in models/errors) are shown; anything else (a library's
 * "No route matches URL", a stack) stays in the server log.
 */
import { Button, Stack, Text, Title } from '@mantine/core'
import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react'
import { translate, type MessageKey } from '#app/i18n'
import { useLocale, useT } from '#app/utils/i18n'
import { isBilingual, localize } from '#models/errors'

/** The title and hint for a status: 404 and 403 have their own, anything else is "something went wrong". */
function texts(status: number): { title: MessageKey; hint: MessageKey } {
  if (status === 404) return { title: 'error.notFound', hint: 'error.notFoundHint' }
  if (status === 403) return { title: 'error.forbidden', hint: 'error.forbiddenHint' }
  return { title: 'error.title', hint: 'error.generic' }
}

/** A message made by bi() in models/errors: Thai, " / ", then English; never an "Error: …" text. */
function isAppMessage(text: string): boolean {
  return /[\u0E00-\u0E7F]/.test(text) && isBilingual(text) && !/^\w*Error\b/.test(text)
}

/** The status and the app's own message of a caught error (null for anything internal). */
export function describeError(error: unknown): { status: number; detail: string | null } {
  const status = isRouteErrorResponse(error) ? error.status : 500
  const detail =
    isRouteErrorResponse(error) && typeof error.data === 'string' && isAppMessage(error.data) ? error.data : null
  return { status, detail }
}

/** The error's title in the reader's language and in the other, its message, and the way home. */
export function ErrorContent({ error }: { error: unknown }) {
  const t = useT()
  const locale = useLocale()
  const { status, detail } = describeError(error)
  const { title, hint } = texts(status)
  const other = locale === 'th' ? 'en' : 'th'
  return (
    <Stack maw={560} mx="auto" mt="xl" p="md" data-error-status={status}>
      <Title order={2}>{t(title)}</Title>
      {/* the other language too: whoever followed a broken link may not read this one */}
      <Text c="dimmed" lang={other}>
        {translate(other, title)}
      </Text>
      <Text>{detail ? localize(detail, locale) : t(hint)}</Text>
      <Button component={Link} to="/" variant="light" w="fit-content" reloadDocument>
        {t('error.back')}
      </Button>
    </Stack>
  )
}

/** `export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'` in each route module. */
export function RouteErrorBoundary() {
  return <ErrorContent error={useRouteError()} />
}

/**
 * The last resort, for the root: when the root itself failed there may be no shell to keep, so
 * this is a bare page in both languages.
 */
export function RootErrorPage({ error }: { error: unknown }) {
  const { status } = describeError(error)
  const { title, hint } = texts(status)
  return (
    <Stack maw={560} mx="auto" mt="xl" p="md" data-error-status={status}>
      <Title order={1}>{translate('th', 'app.name')}</Title>
      <Title order={2}>{translate('th', title)}</Title>
      <Text>{translate('th', hint)}</Text>
      <Title order={2} lang="en">
        {translate('en', title)}
      </Title>
      <Text lang="en">{translate('en', hint)}</Text>
      <Button component="a" href="/" variant="light" w="fit-content">
        {translate('th', 'error.back')} / <span lang="en">{translate('en', 'error.back')}</span>
      </Button>
    </Stack>
  )
}
