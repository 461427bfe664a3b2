/** The national assessment calendar of a fiscal year (its phases) and each unit's internal deadline. */
import type { SerializeFrom } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { Button, Card, Group, NumberInput, Table, Text, Title } from '@mantine/core'
import { BeDateInput } from '#app/components/be-date-input'
import { usePick } from '#app/components/catalog/badges'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { bangkokDayValue, formatDate, formatFiscalYear } from '#models/dates'
import type { getCalendarScreen } from '#models/work/calendar.server'

export type CalendarPageData = SerializeFrom<typeof getCalendarScreen>

/** A date box shows the Bangkok calendar day of a stored instant. */
const dayValue = (iso: string | null) => (iso ? bangkokDayValue(iso) : '')

export function CalendarPage({ calendar: round, units }: CalendarPageData) {
  const { formError, error, busy } = useActionForm()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  const deadline = new Map(round.unitDeadlines.map((d) => [d.unitId, d.dueDate]))
  return (
    <Page title={t('calendar.title', { year: formatFiscalYear(round.fiscalYear, locale) })} width={900}>
      <Form method="get">
        <Group align="flex-end">
          <NumberInput
            name="year"
            label={t('calendar.year')}
            defaultValue={round.fiscalYear}
            min={2500}
            max={2700}
            w={160}
          />
          <Button type="submit" variant="light">
            {t('calendar.show')}
          </Button>
        </Group>
      </Form>
      <FormError message={formError} />
      <Form method="post">
        <input type="hidden" name="fiscalYear" value={round.fiscalYear} />
        <Card withBorder>
          <Title order={4}>
            {t('calendar.phases')} · {formatFiscalYear(round.fiscalYear, locale)}
          </Title>
          <Table>
            <Table.Tbody>
              {round.phases.map((p, i) => (
                <Table.Tr key={p.kind}>
                  <Table.Td>{t(`calendar.phase.${p.kind}`)}</Table.Td>
                  {(['startsOn', 'endsOn'] as const).map((end) => (
                    <Table.Td key={end}>
                      <BeDateInput
                        name={`${p.kind}.${end}`}
                        label={t(`calendar.${end}`)}
                        aria-label={`${t(`calendar.phase.${p.kind}`)} ${t(`calendar.${end}`)}`}
                        defaultValue={dayValue(p[end])}
                        description={p[end] ? formatDate(p[end], locale, { style: 'long' }) : undefined}
                        error={error(`phases.${i}.${end}`)}
                      />
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Title order={4} mt="md">
            {t('calendar.unitDeadlines')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('due.roundRule')}
          </Text>
          <Table>
            <Table.Tbody>
              {units.map((u, i) => (
                <Table.Tr key={u.id}>
                  <Table.Td>
                    {pick(u.nameTh, u.nameEn)}
                    <input type="hidden" name="unitId" value={u.id} />
                  </Table.Td>
                  <Table.Td>
                    <BeDateInput
                      name={`deadline.${u.id}`}
                      aria-label={pick(u.nameTh, u.nameEn)}
                      defaultValue={dayValue(deadline.get(u.id) ?? null)}
                      error={error(`unitDeadlines.${i}.dueDate`)}
                    />
                    {deadline.get(u.id) ? (
                      <Text size="xs" c="dimmed">
                        {formatDate(deadline.get(u.id)!, locale, { style: 'long' })}
                      </Text>
                    ) : null}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Button type="submit" mt="md" loading={busy()}>
            {t('calendar.save')}
          </Button>
        </Card>
      </Form>
    </Page>
  )
}
