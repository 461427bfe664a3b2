import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { Badge, Button, Card, Group, List, Stack, Text, Title } from '@mantine/core'
import { useLocale, useT } from '#app/utils/i18n'
import { getSignedIn } from '#app/utils/session.server'
import { fiscalYearOf, formatDate, formatFiscalYear } from '#models/dates'

export async function loader({ request }: LoaderFunctionArgs) {
  const now = new Date()
  const signedIn = await getSignedIn(request)
  return json({
    now: now.toISOString(),
    fiscalYear: fiscalYearOf(now),
    me: signedIn?.organization && signedIn.membership
      ? { nameTh: signedIn.user.nameTh, nameEn: signedIn.user.nameEn, role: signedIn.membership.role, orgTh: signedIn.organization.nameTh, orgEn: signedIn.organization.nameEn }
      : null,
  })
}

export default function Home() {
  const { now, fiscalYear, me } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const pick = (th: string, en: string) => (locale === 'en' && en) || th
  return (
    <Stack maw={880} mx="auto" gap="lg">
      <Title order={1}>{me ? t('home.welcome', { name: pick(me.nameTh, me.nameEn) }) : t('home.title')}</Title>
      {me ? (
        <Text size="lg">{t('home.roleIn', { role: t(`role.${me.role}`), organization: pick(me.orgTh, me.orgEn) })}</Text>
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
        </Card>
      ) : (
        <>
          <Card withBorder>
            <List spacing="xs">
              <List.Item>{t('home.roles.coordinator')}</List.Item>
              <List.Item>{t('home.roles.assessor')}</List.Item>
              <List.Item>{t('home.roles.executive')}</List.Item>
              <List.Item>{t('home.roles.admin')}</List.Item>
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
