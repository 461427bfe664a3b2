import { Button, Group, NativeSelect } from '@mantine/core'
import { Form } from '@remix-run/react'
import { formatFiscalYear } from '#models/dates'
import { useLocale, useT } from '#app/utils/i18n'

/**
 * The GET form that chooses a fiscal year (`?fy=2569`), shown only when there is more than one to
 * choose from (or `always`). `name` is the query parameter.
 */
export function FiscalYearPicker({
  years,
  value,
  name = 'fy',
  always = false,
}: {
  years: number[]
  value: number | null
  name?: string
  always?: boolean
}) {
  const t = useT()
  const locale = useLocale()
  if (years.length <= 1 && !always) return null
  return (
    <Form method="get">
      <Group align="flex-end">
        <NativeSelect
          name={name}
          label={t('kpis.fiscalYear')}
          defaultValue={String(value)}
          data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y, locale) }))}
        />
        <Button type="submit" variant="light">
          {t('kpis.show')}
        </Button>
      </Group>
    </Form>
  )
}
