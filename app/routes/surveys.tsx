import { json, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Group, Input, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { FormError, useLocalize } from '#app/components/messages'
import { attempt } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { defaultFiscalYear, formatDate, formatFiscalYear } from '#models/dates'
import { AppError, bi } from '#models/errors'
import { findItaCatalog, getSurveyView, importSurveyCsv, listItaYears, MAX_SURVEY_CSV_BYTES, saveSurveyResults } from '#models/reporting/survey.server'

/** The year asked for, else the page's default year (the current one when it has a published ITA catalog). */
const yearOf = async (request: Request, organizationId: string) => {
  const asked = Number(new URL(request.url).searchParams.get('year'))
  return Number.isInteger(asked) && asked >= 2500 && asked <= 2700 ? asked : defaultFiscalYear(await listItaYears(organizationId))
}

/** IIT/EIT survey results of the year's published ITA catalog: typed in, or imported from CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'survey.manage')
  const fiscalYear = await yearOf(request, member.organization.id)
  const catalog = await findItaCatalog(member.organization.id, fiscalYear)
  const years = await listItaYears(member.organization.id)
  return json({ fiscalYear, years: years.includes(fiscalYear) ? years : [fiscalYear, ...years].sort((a, b) => b - a), catalog: catalog && { id: catalog.id, nameTh: catalog.nameTh, nameEn: catalog.nameEn }, view: catalog ? await getSurveyView(member.organization.id, catalog) : null })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'survey.manage')
  const fiscalYear = await yearOf(request, member.organization.id)
  const actor = actorOf(member, request, context)
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')
  const result = await attempt(async () => {
    const catalog = await findItaCatalog(member.organization.id, fiscalYear)
    if (!catalog) throw new AppError(bi(`ไม่มีแค็ตตาล็อก ITA ที่เผยแพร่แล้วของปีงบประมาณ ${fiscalYear}`, `no published ITA catalog for fiscal year ${fiscalYear}`), 404)
    if (multipart) {
      let form: FormData
      try {
        form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_SURVEY_CSV_BYTES }))
      } catch {
        throw new AppError(bi('ไฟล์ CSV: อ่านไฟล์ที่ส่งมาไม่ได้ หรือใหญ่เกิน 100 KB', 'CSV file: the upload cannot be read or is larger than 100 KB'), 400, { file: bi('อ่านไม่ได้', 'cannot be read') })
      }
      const file = form.get('file')
      if (!(file instanceof File) || file.size === 0) throw new AppError(bi('ไฟล์ CSV: กรุณาเลือกไฟล์', 'CSV file: please choose a file'), 400, { file: bi('กรุณาเลือกไฟล์', 'please choose a file') })
      await importSurveyCsv(actor, catalog.id, await file.text(), file.name)
      return 'imported'
    }
    const form = await request.formData()
    const values: Record<string, string> = {}
    for (const [name, value] of form) if (name.startsWith('score.') && typeof value === 'string') values[name.slice('score.'.length)] = value
    await saveSurveyResults(actor, catalog.id, values)
    return 'saved'
  })
  if (!result.ok) return result.response
  return redirect(`/surveys?year=${fiscalYear}&done=${result.value}`)
}

export default function Surveys() {
  const { fiscalYear, years, catalog, view } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const [params] = useSearchParams()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const busy = useNavigation().state === 'submitting'
  const done = params.get('done')
  return (
    <Stack maw={900} mx="auto">
      <Title order={2}>{t('dash.surveys.title')} · {formatFiscalYear(fiscalYear, locale)}</Title>
      <Anchor component={Link} to={`/dashboard?year=${fiscalYear}`} size="sm">{t('dash.surveys.back')}</Anchor>
      {years.length > 1 ? (
        <Form method="get">
          <Group align="flex-end" gap="xs">
            <NativeSelect name="year" label={t('dash.year')} defaultValue={String(fiscalYear)} data={years.map((y) => ({ value: String(y), label: formatFiscalYear(y, locale) }))} />
            <Button type="submit" variant="light">{t('dash.show')}</Button>
          </Group>
        </Form>
      ) : null}
      {!catalog || !view ? (
        <Alert color="gray" variant="light">{t('dash.noCatalog', { year: formatFiscalYear(fiscalYear, locale) })}</Alert>
      ) : (
        <>
          <Text>{locale === 'en' ? catalog.nameEn || catalog.nameTh : catalog.nameTh}</Text>
          <Text size="sm" c="dimmed">{t('dash.surveys.intro')}</Text>
          {done === 'saved' || done === 'imported' ? (
            <Alert color="teal" variant="light" role="status">{t(done === 'saved' ? 'dash.surveys.saved' : 'dash.surveys.imported')}</Alert>
          ) : null}
          <FormError message={data?.formError} />
          <Form method="post">
            <Card withBorder>
              <Table>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('dash.surveys.col.indicator')}</Table.Th>
                    <Table.Th>{t('dash.surveys.col.score')}</Table.Th>
                    <Table.Th>{t('dash.surveys.col.lastYear')}</Table.Th>
                    <Table.Th>{t('dash.surveys.col.used')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {view.values.map((v) => {
                    const label = `${v.toolCode} ${v.number} ${locale === 'en' ? v.nameEn : v.nameTh}`
                    return (
                      <Table.Tr key={v.number} data-testid="survey-row">
                        <Table.Td>{label}</Table.Td>
                        <Table.Td>
                          <TextInput name={`score.${v.number}`} aria-label={label} inputMode="decimal" defaultValue={v.entered ?? ''} error={l(data?.fieldErrors?.[`score.${v.number}`])} w={120} />
                        </Table.Td>
                        <Table.Td>{v.lastYear ?? '—'}</Table.Td>
                        <Table.Td>
                          <Group gap={6}>
                            <Text>{v.value ?? '—'}</Text>
                            <Badge variant="light" color={v.source === 'entered' ? 'teal' : v.source === 'last-year' ? 'yellow' : 'red'}>{t(`dash.source.${v.source}`)}</Badge>
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    )
                  })}
                </Table.Tbody>
              </Table>
              <Group mt="md" justify="space-between">
                <Button type="submit" loading={busy}>{t('dash.surveys.save')}</Button>
                {view.updatedAt ? <Text size="sm" c="dimmed">{t('dash.surveys.updated', { at: formatDate(view.updatedAt, locale, { style: 'datetime' }) })}</Text> : null}
              </Group>
            </Card>
          </Form>
          <Form method="post" encType="multipart/form-data">
            <Card withBorder>
              <Title order={4}>{t('dash.surveys.import')}</Title>
              <Text size="sm" c="dimmed" mb="xs">{t('dash.surveys.csvHelp')}</Text>
              <Group align="flex-end">
                <Input.Wrapper label={t('dash.surveys.file')} labelProps={{ htmlFor: 'survey-file' }} error={l(data?.fieldErrors?.file)}>
                  <input type="file" name="file" id="survey-file" accept=".csv,text/csv" required style={{ display: 'block', marginTop: 4 }} />
                </Input.Wrapper>
                <Button type="submit" variant="light" loading={busy}>{t('dash.surveys.import')}</Button>
              </Group>
            </Card>
          </Form>
        </>
      )}
    </Stack>
  )
}
