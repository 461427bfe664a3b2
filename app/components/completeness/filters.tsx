/** The completeness filters: a GET form, so they live in the address and work without JavaScript. */
import { Form, Link, useSearchParams } from '@remix-run/react'
import { Anchor, Button, Card, Checkbox, Group, NativeSelect } from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { useCatalogLabel, usePick } from '#app/components/catalog/badges'
import type { Completeness } from '#app/components/completeness/types'
import { useLocalize } from '#app/components/messages'
import { ITEM_STATUSES } from '#app/components/ui/status-colors'
import { useT } from '#app/utils/i18n'

export function CompletenessFilters({
  data,
  query,
  fieldErrors,
}: {
  data: Completeness | null
  query: string
  fieldErrors: Record<string, string>
}) {
  const t = useT()
  const l = useLocalize()
  const pick = usePick()
  const catalogLabel = useCatalogLabel()
  const f = data?.filters
  const [params] = useSearchParams()
  const named = (list: { id: string; nameTh: string; nameEn: string }[] = []) =>
    list.map((x) => ({ value: x.id, label: pick(x.nameTh, x.nameEn) }))
  const filters = [
    { name: 'status', choices: ITEM_STATUSES.map((s) => ({ value: s, label: t(`review.status.${s}`) })) },
    { name: 'unit', choices: named(data?.options.units) },
    { name: 'owner', choices: named(data?.options.owners) },
  ] as const
  return (
    <Card withBorder component="section" aria-label={t('cmp.filters')}>
      {/* GET: the filters live in the address, so they work without JavaScript and can be shared */}
      <Form method="get">
        <Group align="flex-end" wrap="wrap">
          {data ? (
            <NativeSelect
              name="catalog"
              label={t('cmp.catalog')}
              defaultValue={data.catalog.id}
              data={data.options.catalogs.map((c) => ({
                value: c.id,
                label: `${catalogLabel(c)} v${c.version}${c.status === 'archived' ? ` (${t('cmp.archived')})` : ''}`,
              }))}
            />
          ) : null}
          {filters.map(({ name, choices }) => (
            <FilterSelect
              key={name}
              name={name}
              label={t(`cmp.${name}`)}
              value={f?.[name]}
              error={l(fieldErrors[name])}
              choices={choices}
            />
          ))}
          {/* after a refusal the boxes keep what was typed, so it can be corrected */}
          {(['dueFrom', 'dueTo'] as const).map((name) => (
            <BeDateInput
              key={name}
              name={name}
              label={t(`cmp.${name}`)}
              defaultValue={f ? f[name] : params.get(name)}
              error={l(fieldErrors[name])}
              w={190}
            />
          ))}
          <Checkbox
            name="overdue"
            value="on"
            label={t('cmp.overdueOnly')}
            defaultChecked={Boolean(f?.overdue)}
            mb={8}
          />
          <Button type="submit" variant="light">
            {t('cmp.show')}
          </Button>
          <Anchor component={Link} to={data ? `/completeness?catalog=${data.catalog.id}` : '/completeness'} mb={6}>
            {t('cmp.clear')}
          </Anchor>
          {data ? (
            <Button component="a" href={`/completeness.xlsx${query}`} variant="outline" data-testid="excel">
              {t('cmp.excel')}
            </Button>
          ) : null}
        </Group>
      </Form>
    </Card>
  )
}

/** One filter: "all" first (no filter), then its choices. */
function FilterSelect({
  name,
  label,
  value,
  error,
  choices,
}: {
  name: string
  label: string
  value?: string | null
  error?: string
  choices: { value: string; label: string }[]
}) {
  const t = useT()
  return (
    <NativeSelect
      name={name}
      label={label}
      defaultValue={value ?? ''}
      error={error}
      data={[{ value: '', label: t('cmp.all') }, ...choices]}
    />
  )
}
