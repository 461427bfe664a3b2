/** The calendar step: the screen of /rounds, prefilled with the NACC's usual pattern and labelled an estimate. */
import type { SerializeFrom } from '@remix-run/node'
import { Alert, Stack } from '@mantine/core'
import { CalendarPage } from '#app/components/calendar/page'
import { SetupStepPage } from '#app/components/setup/step-page'
import { useT } from '#app/utils/i18n'
import type { getSetupCalendar } from '#models/tenancy/setup.server'

export function SetupCalendar({
  estimate,
  calendar,
  units,
}: SerializeFrom<Awaited<ReturnType<typeof getSetupCalendar>>>) {
  const t = useT()
  return (
    <SetupStepPage step="calendar" done={!estimate}>
      <Stack>
        <Alert color={estimate ? 'yellow' : 'teal'} variant="light" role="status" data-testid="calendar-estimate">
          {estimate ? t('setup.calendar.estimate') : t('setup.calendar.saved')}
        </Alert>
        <CalendarPage calendar={calendar} units={units} />
      </Stack>
    </SetupStepPage>
  )
}
