import { json, redirect, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useRouteLoaderData } from '@remix-run/react'
import { Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core'
import { useLocale, useT } from '#app/utils/i18n'
import type { loader as rootLoader } from '#app/root'
import { actorOf, getSignedIn } from '#app/utils/session.server'
import { fiscalYearOf, formatDate, formatFiscalYear } from '#models/dates'
import { beginSetup, setupOpen } from '#models/tenancy/setup.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/** Who does what, in the order of the work: shown before signing in. */
const ROLES = ['coordinator', 'assessor', 'executive', 'admin'] as const

export async function loader({ request, context }: LoaderFunctionArgs) {
  // a new organization's administrator works from the set-up checklist until it is done (only from here: every other
  // page stays reachable, so they can leave the set-up and come back); the first visit records that it began, so
  // the set-up stays open whatever the first steps add
  const signedIn = await getSignedIn(request)
  if (signedIn?.organization && signedIn.membership?.role === 'admin' && (await setupOpen(signedIn.organization.id))) {
    await beginSetup(actorOf({ user: signedIn.user, organization: signedIn.organization }, request, context))
    throw redirect('/setup')
  }
  const now = new Date()
  return json({ now: now.toISOString(), fiscalYear: fiscalYearOf(now) })
}

export default function Home() {
  const { now, fiscalYear } = useLoaderData<typeof loader>()
  // who is signed in comes from the root loader: no second read of the session
  const me = useRouteLoaderData<typeof rootLoader>('root')?.me ?? null
  const t = useT()
  const locale = useLocale()
  const pick = (th: string, en: string) => (locale === 'en' && en) || th
  return (
    <Stack maw={880} mx="auto" gap="lg">
      <Title order={1}>{me ? t('home.welcome', { name: pick(me.nameTh, me.nameEn) }) : t('home.title')}</Title>
      {me ? (
        <Text size="lg">
          {t('home.roleIn', {
            role: t(`role.${me.role}`),
            organization: pick(me.organization.nameTh, me.organization.nameEn),
          })}
        </Text>
      ) : (
        <Text size="lg">{t('home.intro')}</Text>
      )}
      <Group>
        <Badge size="lg" variant="light">
          {formatFiscalYear(fiscalYear, locale)}
        </Badge>
        <Text c="dimmed">
          {t('home.today')}: {formatDate(now, locale, { style: 'long' })}
        </Text>
      </Group>
      {me ? (
        <Card withBorder>
          <Text>{t(`home.roles.${me.role}`)}</Text>
          {me.role === 'executive' ? (
            <Button component={Link} to="/dashboard" mt="sm" w="fit-content">
              {t('dash.open')}
            </Button>
          ) : null}
        </Card>
      ) : (
        <>
          <Card withBorder>
            <List spacing="xs">
              {ROLES.map((role) => (
                <List.Item key={role}>{t(`home.roles.${role}`)}</List.Item>
              ))}
            </List>
          </Card>
          <Button component={Link} to="/login" w="fit-content">
            {t('home.signInPrompt')}
          </Button>
        </>
      )}
    </Stack>
  )
}
