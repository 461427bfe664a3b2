import '@mantine/core/styles.css'
import '@fontsource/sarabun/400.css'
import '@fontsource/sarabun/600.css'
import { cssBundleHref } from '@remix-run/css-bundle'
import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import {
  Form,
  isRouteErrorResponse,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
} from '@remix-run/react'
import { AppShell, Button, ColorSchemeScript, Group, MantineProvider, mantineHtmlProps, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { localeFromCookie, translate } from '#app/i18n'
import { theme } from '#app/theme'
import { useLocale, useT } from '#app/utils/i18n'

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  ...(cssBundleHref ? [{ rel: 'stylesheet', href: cssBundleHref }] : []),
]

export async function loader({ request }: LoaderFunctionArgs) {
  return json({ locale: localeFromCookie(request.headers.get('Cookie')) })
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translate(data?.locale ?? 'th', 'app.name') },
  { name: 'description', content: translate(data?.locale ?? 'th', 'app.tagline') },
]

function LanguageSwitch() {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  return (
    <Form method="post" action="/language">
      <input type="hidden" name="locale" value={locale === 'th' ? 'en' : 'th'} />
      <input type="hidden" name="redirectTo" value={location.pathname + location.search} />
      <Button type="submit" variant="subtle" size="compact-sm" aria-label={t('nav.language')}>
        {t('lang.switchTo')}
      </Button>
    </Form>
  )
}

function Shell({ children }: { children: ReactNode }) {
  const t = useT()
  return (
    <AppShell header={{ height: 56 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Group gap="xs">
            <Text component={Link} to="/" fw={600} size="lg" c="teal.8" td="none">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              ITA
            </Text>
          </Group>
          <LanguageSwitch />
        </Group>
      </AppShell.Header>
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  )
}

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocale()
  return (
    <html lang={locale} {...mantineHtmlProps}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <ColorSchemeScript defaultColorScheme="light" />
      </head>
      <body>
        <MantineProvider theme={theme} defaultColorScheme="light">
          <Shell>{children}</Shell>
        </MantineProvider>
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  )
}

export default function App() {
  return <Outlet />
}

export function ErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  const notFound = isRouteErrorResponse(error) && error.status === 404
  return (
    <Stack maw={560} mx="auto" mt="xl">
      <Title order={2}>{notFound ? t('error.notFound') : t('error.title')}</Title>
      <Text>{isRouteErrorResponse(error) && typeof error.data === 'string' ? error.data : t('error.generic')}</Text>
      <Button component={Link} to="/" variant="light" w="fit-content">
        {t('error.back')}
      </Button>
    </Stack>
  )
}
