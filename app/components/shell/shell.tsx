/**
 * The app's frame: header (name, language switch, account menu) and the navigation of the person's
 * role. The root renders every page inside it; route error pages too, so the menu stays.
 */
import { Form, Link, NavLink, useLocation, useRouteLoaderData } from '@remix-run/react'
import {
  Alert,
  AppShell,
  Badge,
  Burger,
  Button,
  Group,
  Menu,
  NavLink as MantineNavLink,
  Stack,
  Text,
  Title,
  UnstyledButton,
  VisuallyHidden,
} from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import type { ReactNode } from 'react'
import { useLocale, useT } from '#app/utils/i18n'
import type { ShellData } from '#app/utils/shell.server'

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
const useRootData = () => useRouteLoaderData('root') as ShellData | undefined

function Account() {
  const data = useRootData()
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  if (!data?.me) {
    if (data?.operator) return <OperatorAccount operator={data.operator} />
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
        <SignOut />
      </Menu.Dropdown>
    </Menu>
  )
}

function SignOut() {
  const t = useT()
  return (
    <Form method="post" action="/logout">
      <Menu.Item component="button" type="submit" color="red">
        {t('nav.signOut')}
      </Menu.Item>
    </Form>
  )
}

/** The account menu of a platform operator who works in no organization now. */
function OperatorAccount({ operator }: { operator: { nameTh: string; nameEn: string; email: string } }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <UnstyledButton>
          <Text size="sm" fw={600} lh={1.3}>
            {(locale === 'en' && operator.nameEn) || operator.nameTh || operator.email}
          </Text>
          <Text size="xs" c="dimmed" lh={1.3}>
            {t('platform.operator')}
          </Text>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        <SignOut />
      </Menu.Dropdown>
    </Menu>
  )
}

/**
 * A session refused on this request (its organization was suspended): the reason, in place of the
 * page, so that it is not lost behind the general "access denied" text.
 */
function Refusal({ message }: { message: string }) {
  const t = useT()
  return (
    <Stack maw={560} mx="auto" mt="xl" p="md" data-error-status={403}>
      <Title order={2}>{t('session.refused')}</Title>
      {/* both languages whole: the operator's reason is free text and may hold " / " itself */}
      <Alert color="red" role="alert" data-testid="session-refusal">
        {message}
      </Alert>
      <Button component={Link} to="/login" variant="light" w="fit-content" reloadDocument>
        {t('nav.signIn')}
      </Button>
    </Stack>
  )
}

export function Shell({ children }: { children: ReactNode }) {
  const data = useRootData()
  const t = useT()
  const location = useLocation()
  const [opened, { toggle, close }] = useDisclosure()
  const hasNav = Boolean(data?.me || data?.operator)
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
            {hasNav ? (
              <Burger opened={opened} onClick={toggle} hiddenFrom="sm" size="sm" aria-label={t('nav.menu')} />
            ) : null}
            <Text
              component={Link}
              to={data?.operator && !data.me ? '/platform' : '/'}
              fw={600}
              size="lg"
              c="teal.8"
              td="none"
            >
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
                rightSection={
                  item.to === '/inbox' && data && 'inbox' in data && data.inbox ? (
                    <Badge
                      size="sm"
                      color="red"
                      aria-label={t('inbox.badge', { count: data.inbox })}
                      data-testid="inbox-badge"
                    >
                      {data.inbox}
                    </Badge>
                  ) : undefined
                }
                onClick={close}
              />
            ))}
          </nav>
        </AppShell.Navbar>
      ) : null}
      <AppShell.Main>
        {data?.refusal ? (
          <>
            {/* the sign-in page stays usable under the reason: someone else may sign in here */}
            <Refusal message={data.refusal} />
            {location.pathname === '/login' ? children : null}
          </>
        ) : (
          children
        )}
      </AppShell.Main>
    </AppShell>
  )
}
