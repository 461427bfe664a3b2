import '@mantine/core/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/notifications/styles.css'
import '@mantine/dropzone/styles.css'
import '@mantine/charts/styles.css'
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
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from '@remix-run/react'
import {
  AppShell,
  Badge,
  Burger,
  Button,
  ColorSchemeScript,
  Group,
  MantineProvider,
  mantineHtmlProps,
  Menu,
  NavLink as MantineNavLink,
  Stack,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core'
import { DatesProvider } from '@mantine/dates'
import { useDisclosure } from '@mantine/hooks'
import type { ReactNode } from 'react'
import { localeFromCookie, translate } from '#app/i18n'
import { navigationFor } from '#app/navigation'
import { cssVariablesResolver, theme } from '#app/theme'
import '#app/utils/dayjs'
import { useLocale, useT } from '#app/utils/i18n'
import { useNonce } from '#app/utils/nonce'
import { getSignedIn } from '#app/utils/session.server'
import { localize } from '#models/errors'
import { getOrganizationsByIds } from '#models/tenancy/organization.server'
import { inboxCount } from '#models/work/reminder.server'

export const links: LinksFunction = () => [
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  ...(cssBundleHref ? [{ rel: 'stylesheet', href: cssBundleHref }] : []),
]

export async function loader({ request }: LoaderFunctionArgs) {
  const locale = localeFromCookie(request.headers.get('Cookie'))
  const signedIn = await getSignedIn(request)
  if (!signedIn?.organization || !signedIn.membership) return json({ locale, me: null, nav: navigationFor(null) })
  const orgs = new Map((await getOrganizationsByIds(signedIn.memberships.map((m) => m.organizationId))).map((o) => [o.id, o]))
  const organizations = signedIn.memberships.map((m) => {
    const org = orgs.get(m.organizationId)
    return { id: m.organizationId, nameTh: org?.nameTh ?? '', nameEn: org?.nameEn ?? '', role: m.role }
  })
  return json({
    locale,
    me: {
      nameTh: signedIn.user.nameTh,
      nameEn: signedIn.user.nameEn,
      email: signedIn.user.email,
      role: signedIn.membership.role,
      organization: { id: signedIn.organization.id, nameTh: signedIn.organization.nameTh, nameEn: signedIn.organization.nameEn },
      organizations,
    },
    nav: navigationFor(signedIn.membership),
    inbox: await inboxCount(signedIn.organization.id, { role: signedIn.membership.role, userId: signedIn.user.id, unitIds: signedIn.membership.unitIds }),
  })
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
      {/* the accessible name holds the visible text ("ภาษา: English"), as speech control needs */}
      <Button type="submit" variant="subtle" size="compact-sm">
        <VisuallyHidden>{t('nav.language')}: </VisuallyHidden>
        <span lang={locale === 'th' ? 'en' : 'th'}>{t('lang.switchTo')}</span>
      </Button>
    </Form>
  )
}

/** The root loader's data; absent when the root loader itself failed. */
const useRootData = () => useRouteLoaderData<typeof loader>('root')

function Account() {
  const data = useRootData()
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  if (!data?.me) {
    return location.pathname === '/login' ? null : (
      <Button component={Link} to="/login" size="compact-sm" variant="light">
        {t('nav.signIn')}
      </Button>
    )
  }
  const name = (locale === 'en' && data.me.nameEn) || data.me.nameTh
  const orgName = (o: { nameTh: string; nameEn: string }) => (locale === 'en' && o.nameEn) || o.nameTh
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton>
          <Text size="sm" fw={600} lh={1.3}>
            {name}
          </Text>
          <Text size="xs" c="dimmed" lh={1.3}>
            {t(`role.${data.me.role}`)} · {orgName(data.me.organization)}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {data.me.organizations.length > 1 ? (
          <>
            <Menu.Label>{t('nav.switchOrganization')}</Menu.Label>
            {data.me.organizations.map((o) => (
              <Form method="post" action="/switch-organization" key={o.id}>
                <input type="hidden" name="organizationId" value={o.id} />
                <Menu.Item component="button" type="submit" disabled={o.id === data.me!.organization.id}>
                  {orgName(o)} ({t(`role.${o.role}`)})
                </Menu.Item>
              </Form>
            ))}
            <Menu.Divider />
          </>
        ) : null}
        <Form method="post" action="/logout">
          <Menu.Item component="button" type="submit" color="red">
            {t('nav.signOut')}
          </Menu.Item>
        </Form>
      </Menu.Dropdown>
    </Menu>
  )
}

function Shell({ children }: { children: ReactNode }) {
  const data = useRootData()
  const t = useT()
  const [opened, { toggle, close }] = useDisclosure()
  const hasNav = Boolean(data?.me)
  const nav = data?.nav ?? []
  return (
    <AppShell
      header={{ height: 60 }}
      navbar={hasNav ? { width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } } : undefined}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="xs" wrap="nowrap">
            {hasNav ? <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} /> : null}
            <Text component={Link} to="/" fw={600} size="lg" c="teal.8" td="none">
              {t('app.name')}
            </Text>
            <Text size="sm" c="dimmed" visibleFrom="sm">
              ITA
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <LanguageSwitch />
            {data ? <Account /> : null}
          </Group>
        </Group>
      </AppShell.Header>
      {hasNav ? (
        <AppShell.Navbar p="xs" aria-label={t('nav.main')}>
          <nav>
            {nav.map((item) => (
              <MantineNavLink
                key={item.to}
                component={NavLink}
                to={item.to}
                end={item.to === '/'}
                label={t(item.label)}
                rightSection={item.to === '/inbox' && data && 'inbox' in data && data.inbox ? <Badge size="sm" color="red" aria-label={t('inbox.badge', { count: data.inbox })} data-testid="inbox-badge">{data.inbox}</Badge> : undefined}
                onClick={close}
              />
            ))}
          </nav>
        </AppShell.Navbar>
      ) : null}
      <AppShell.Main>{children}</AppShell.Main>
    </AppShell>
  )
}

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
        <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
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
      <Outlet />
    </Shell>
  )
}

/**
 * Any error below the root, a page that does not exist included (routes/$.tsx), keeps the shell
 * and the navigation. Only the app's own bilingual messages are shown; anything else (a library's
 * "No route matches URL", a stack) stays in the server log.
 */
export function ErrorBoundary() {
  const error = useRouteError()
  const t = useT()
  const locale = useLocale()
  const status = isRouteErrorResponse(error) ? error.status : 500
  const detail = isRouteErrorResponse(error) && typeof error.data === 'string' && isAppMessage(error.data) ? error.data : null
  const title = status === 404 ? 'error.notFound' : 'error.title'
  const other = locale === 'th' ? 'en' : 'th'
  return (
    <Shell>
      <Stack maw={560} mx="auto" mt="xl" p="md">
        <Title order={2}>{t(title)}</Title>
        {/* the other language too: whoever followed a broken link may not read this one */}
        <Text c="dimmed" lang={other}>{translate(other, title)}</Text>
        <Text>{detail ? localize(detail, locale) : status === 404 ? t('error.notFoundHint') : t('error.generic')}</Text>
        <Button component={Link} to="/" variant="light" w="fit-content" reloadDocument>
          {t('error.back')}
        </Button>
      </Stack>
    </Shell>
  )
}

/** A message made by bi() in models/errors: Thai, " / ", then English; never an "Error: …" text. */
function isAppMessage(text: string): boolean {
  return /[\u0E00-\u0E7F]/.test(text) && text.includes(' / ') && !/^\w*Error\b/.test(text)
}
