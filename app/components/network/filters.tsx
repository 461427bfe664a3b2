/** The network's filters: a GET form, so they work without JavaScript and the address can be shared. */
import { Button, Card, Group, NativeSelect } from '@mantine/core'
import { Form, Link } from '@remix-run/react'
import type { NetworkViewData } from '#app/components/network/types'
import { useLocale, useT } from '#app/utils/i18n'
import { formatFiscalYear } from '#models/dates'

const SCENARIOS = ['approvedOnly', 'ifSubmittedApproved', 'ifOverdueDelivered'] as const

export function NetworkFilters({ view }: { view: NetworkViewData }) {
  const t = useT()
  const locale = useLocale()
  const q = view.query
  const all = { value: '', label: t('net.all') }
  return (
    <Card withBorder>
      <Form method="get" aria-label={t('net.filters')}>
        <input type="hidden" name="sort" value={q.sort} />
        <input type="hidden" name="dir" value={q.dir} />
        <Group align="flex-end" wrap="wrap">
          <NativeSelect
            name="year"
            label={t('kpis.fiscalYear')}
            defaultValue={String(view.fiscalYear)}
            data={view.years.map((y) => ({ value: String(y), label: formatFiscalYear(y, locale) }))}
          />
          <NativeSelect
            name="scenario"
            label={t('net.scenario')}
            defaultValue={q.scenario}
            data={SCENARIOS.map((s) => ({ value: s, label: t(`net.scenario.${s}`) }))}
          />
          <NativeSelect
            name="type"
            label={t('net.type')}
            defaultValue={q.type}
            data={[all, ...view.options.types.map((ty) => ({ value: ty, label: t(`org.type.${ty}`) }))]}
          />
          {view.options.branches.length > 1 ? (
            <NativeSelect
              name="branch"
              label={t('net.branch')}
              defaultValue={q.branch}
              data={[
                all,
                ...view.options.branches.map((b) => ({ value: b.id, label: locale === 'en' ? b.name.en : b.name.th })),
              ]}
            />
          ) : null}
          <NativeSelect
            name="band"
            label={t('net.band')}
            defaultValue={q.band}
            data={[
              all,
              ...view.options.bands.map((b) => ({ value: b.code, label: locale === 'en' ? b.en : b.th })),
              { value: 'none', label: t('net.band.none') },
            ]}
          />
          <Button type="submit" variant="light">
            {t('net.show')}
          </Button>
          <Button component={Link} to="/network" variant="subtle">
            {t('net.clear')}
          </Button>
        </Group>
      </Form>
    </Card>
  )
}
