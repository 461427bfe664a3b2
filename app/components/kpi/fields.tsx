/** The fields the KPI report and the plan progress forms share. */
import { MultiSelect, Textarea } from '@mantine/core'
import type { ReactNode } from 'react'
import { useT } from '#app/utils/i18n'

/** The evidence a report cites: a searchable pick, posted as one comma-separated hidden field. */
export function EvidencePicker({
  label,
  data,
  state: [value, onChange],
  error,
}: {
  label: string
  data: { value: string; label: string }[]
  /** the chosen ids and their setter, as useState gives them */
  state: [string[], (ids: string[]) => void]
  error?: ReactNode
}) {
  const t = useT()
  return (
    <>
      <MultiSelect
        {...{ label, data, value, onChange, error }}
        description={t('kpis.evidenceHelp')}
        searchable
        clearable
      />
      <input type="hidden" name="evidenceIds" value={value.join(',')} />
    </>
  )
}

/** A report's free-text parts, each posted under its name and showing the saved text. */
export function ReportTexts<N extends string>({
  fields,
  label,
  values,
  error,
  readOnly,
}: {
  fields: readonly { name: N; minRows: number; required?: boolean }[]
  label: (name: N) => string
  values: Partial<Record<N, string>> | null | undefined
  error: (name: N) => ReactNode
  readOnly?: boolean
}) {
  return fields.map(({ name, minRows, required }) => (
    <Textarea
      key={name}
      name={name}
      label={label(name)}
      defaultValue={values?.[name] ?? ''}
      autosize
      minRows={minRows}
      readOnly={readOnly}
      withAsterisk={required}
      error={error(name)}
    />
  ))
}
