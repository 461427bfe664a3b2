import '@mantine/core/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/notifications/styles.css'
import '@mantine/dropzone/styles.css'
import '@mantine/charts/styles.css'
import '@fontsource/sarabun/400.css'
import '@fontsource/sarabun/600.css'
import './components/ui/rows.css'
import { cssBundleHref } from '@remix-run/css-bundle'
import { json, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteError } from '@remix-run/react'
import { ColorSchemeScript, MantineProvider, mantineHtmlProps } from '@mantine/core'
import { DatesProvider } from '@mantine/dates'
import type { ReactNode } from 'react'
import { translate } from '#app/i18n'
import { Shell } from '#app/components/shell/shell'
import { RootErrorPage } from '#app/components/ui/error-boundary'
import { RenderTurn } from '#app/components/ui/render-turns'
import { cssVariablesResolver, theme, themeVariablesCss } from '#app/theme'
import '#app/utils/dayjs'
import { useLocale } from '#app/utils/i18n'
import { useNonce } from '#app/utils/nonce'
import { shellData } from '#app/utils/shell.server'

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  ...(cssBundleHref ? [{ rel: 'stylesheet', href: cssBundleHref }] : []),
]

export async function loader({ request }: LoaderFunctionArgs) {
  return json(await shellData(request))
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: translate(data?.locale ?? 'th', 'app.name') },
  { name: 'description', content: translate(data?.locale ?? 'th', 'app.tagline') },
]

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocale()
  const nonce = useNonce()
  return (
    <html lang={locale} {...mantineHtmlProps}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        <ColorSchemeScript defaultColorScheme="light" nonce={nonce} />
      </head>
      <body>
        <MantineProvider
          theme={theme}
          cssVariablesResolver={cssVariablesResolver}
          defaultColorScheme="light"
          withCssVariables={false}
        >
          <style data-mantine-styles dangerouslySetInnerHTML={{ __html: themeVariablesCss() }} />
          <DatesProvider settings={{ locale }}>{children}</DatesProvider>
        </MantineProvider>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  )
}

export default function App() {
  return (
    <Shell>
      <RenderTurn>
        <Outlet />
      </RenderTurn>
    </Shell>
  )
}

/**
 * The last resort: errors below the root are caught by each route's own boundary (RouteErrorBoundary),
 * inside the shell. What reaches here (the root loader failed, or a route without one) gets a bare
 * page in both languages, with no internal message.
 */
export function ErrorBoundary() {
  return <RootErrorPage error={useRouteError()} />
}
