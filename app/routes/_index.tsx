import { json, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { Badge, Card, Group, List, Stack, Text, Title } from '@mantine/core'
import { useLocale, useT } from '#app/utils/i18n'
import { fiscalYearOf, formatDate, formatFiscalYear } from '#models/dates'

export async function loader(_: LoaderFunctionArgs) {
  const now = new Date()
  return json({ now: now.toISOString(), fiscalYear: fiscalYearOf(now) })
}

export default function Home() {
  const { now, fiscalYear } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  return (
    <Stack maw={880} mx="auto" gap="lg">
      <Title order={1}>{t('home.title')}</Title>
      <Text size="lg">{t('home.intro')}</Text>
      <Group>
        <Badge size="lg" variant="light">
          {formatFiscalYear(fiscalYear, locale)}
        </Badge>
        <Text c="dimmed">
          {t('home.today')}: {formatDate(now, locale, { style: 'long' })}
        </Text>
      </Group>
      <Card withBorder>
        <List spacing="xs">
          <List.Item>{t('home.roles.coordinator')}</List.Item>
          <List.Item>{t('home.roles.assessor')}</List.Item>
          <List.Item>{t('home.roles.executive')}</List.Item>
          <List.Item>{t('home.roles.admin')}</List.Item>
        </List>
      </Card>
    </Stack>
  )
}
