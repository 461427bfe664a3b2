/** IIT/EIT survey results of a year's ITA catalog: typed in per indicator, or imported from CSV. */
import type { SerializeFrom } from '@remix-run/node'
import { Form, Link, useSearchParams } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Group, Input, Table, Text, TextInput, Title } from '@mantine/core'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { FiscalYearPicker } from '#app/components/ui/fiscal-year-picker'
import { DataTable } from '#app/components/ui/data-table'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate, formatFiscalYear } from '#models/dates'
import type { getSurveyView } from '#models/reporting/survey.server'

export type SurveysPageData = SerializeFrom<{
  fiscalYear: number
  years: number[]
  catalog: { id: string; nameTh: string; nameEn: string } | null
  view: Awaited<ReturnType<typeof getSurveyView>> | null
}>

export function SurveysPage({ fiscalYear, years, catalog, view }: SurveysPageData) {
  const { formError, error, busy } = useActionForm()
  const [params] = useSearchParams()
  const t = useT()
  const locale = useLocale()
  const done = params.get('done')
  return (
    <Page
      title={
        <>
          {t('dash.surveys.title')} · {formatFiscalYear(fiscalYear, locale)}
        </>
      }
      width={900}
    >
      <Anchor component={Link} to={`/dashboard?year=${fiscalYear}`} size="sm">
        {t('dash.surveys.back')}
      </Anchor>
      <FiscalYearPicker name="year" years={years} value={fiscalYear} />
      {!catalog || !view ? (
        <Alert color="gray" variant="light">
          {t('dash.noCatalog', { year: formatFiscalYear(fiscalYear, locale) })}
        </Alert>
      ) : (
        <>
          <Text>{locale === 'en' ? catalog.nameEn || catalog.nameTh : catalog.nameTh}</Text>
          <Text size="sm" c="dimmed">
            {t('dash.surveys.intro')}
          </Text>
          {done === 'saved' || done === 'imported' ? (
            <Alert color="teal" variant="light" role="status">
              {t(done === 'saved' ? 'dash.surveys.saved' : 'dash.surveys.imported')}
            </Alert>
          ) : null}
          <FormError message={formError} />
          <Form method="post">
            <Card withBorder>
              <DataTable
                columns={[
                  t('dash.surveys.col.indicator'),
                  t('dash.surveys.col.score'),
                  t('dash.surveys.col.lastYear'),
                  t('dash.surveys.col.used'),
                ]}
              >
                {view.values.map((v) => {
                  const label = `${v.toolCode} ${v.number} ${locale === 'en' ? v.nameEn : v.nameTh}`
                  return (
                    <Table.Tr key={v.number} data-testid="survey-row">
                      <Table.Td>{label}</Table.Td>
                      <Table.Td>
                        <TextInput
                          name={`score.${v.number}`}
                          aria-label={label}
                          inputMode="decimal"
                          defaultValue={v.entered ?? ''}
                          error={error(`score.${v.number}`)}
                          w={120}
                        />
                      </Table.Td>
                      <Table.Td>{v.lastYear ?? '—'}</Table.Td>
                      <Table.Td>
                        <Group gap={6}>
                          <Text>{v.value ?? '—'}</Text>
                          <Badge
                            variant="light"
                            color={v.source === 'entered' ? 'teal' : v.source === 'last-year' ? 'yellow' : 'red'}
                          >
                            {t(`dash.source.${v.source}`)}
                          </Badge>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  )
                })}
              </DataTable>
              <Group mt="md" justify="space-between">
                <Button type="submit" loading={busy()}>
                  {t('dash.surveys.save')}
                </Button>
                {view.updatedAt ? (
                  <Text size="sm" c="dimmed">
                    {t('dash.surveys.updated', { at: formatDate(view.updatedAt, locale, { style: 'datetime' }) })}
                  </Text>
                ) : null}
              </Group>
            </Card>
          </Form>
          <Form method="post" encType="multipart/form-data">
            <Card withBorder>
              <Title order={4}>{t('dash.surveys.import')}</Title>
              <Text size="sm" c="dimmed" mb="xs">
                {t('dash.surveys.csvHelp')}
              </Text>
              <Group align="flex-end">
                <Input.Wrapper
                  label={t('dash.surveys.file')}
                  labelProps={{ htmlFor: 'survey-file' }}
                  error={error('file')}
                >
                  <input
                    type="file"
                    name="file"
                    id="survey-file"
                    accept=".csv,text/csv"
                    required
                    style={{ display: 'block', marginTop: 4 }}
                  />
                </Input.Wrapper>
                <Button type="submit" variant="light" loading={busy()}>
                  {t('dash.surveys.import')}
                </Button>
              </Group>
            </Card>
          </Form>
        </>
      )}
    </Page>
  )
}
