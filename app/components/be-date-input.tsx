import { DatePickerInput, type DatePickerInputProps } from '@mantine/dates'

/**
 * A date picker that shows Buddhist-era years everywhere (field, calendar header, year and decade
 * lists); its form value stays "YYYY-MM-DD" (CE) for the server.
 */
export function BeDateInput(props: DatePickerInputProps<'default'>) {
  return <DatePickerInput valueFormat="D MMM BBBB" yearLabelFormat="BBBB" monthLabelFormat="MMMM BBBB" decadeLabelFormat="BBBB" clearable {...props} />
}
