/** Another organization's dashboard seen from its network: the banner saying so, then the dashboard, read-only. */
import { Alert, Anchor, Stack } from '@mantine/core'
import { Link } from '@remix-run/react'
import { DashboardPage } from '#app/components/dashboard/page'
import type { DashboardData } from '#app/components/dashboard/types'
import { useLocale, useT } from '#app/utils/i18n'

type Named = { th: string; en: string }

export function NetworkDashboard({ data }: { data: DashboardData & { child: Named; parent: Named } }) {
  const t = useT()
  const locale = useLocale()
  const pick = (b: Named) => (locale === 'en' ? b.en : b.th)
  return (
    <Stack gap="sm">
      <Stack maw={1200} mx="auto" w="100%" gap="xs">
        <Anchor component={Link} to="/network" size="sm">
          ← {t('net.back')}
        </Anchor>
        <Alert color="blue" variant="light" data-testid="network-read-only">
          {t('net.readOnly', { name: pick(data.child), parent: pick(data.parent) })}
        </Alert>
      </Stack>
      <DashboardPage data={data} />
    </Stack>
  )
}
