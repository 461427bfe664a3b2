import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SurveysPage } from '#app/components/surveys/page'
import { readSmallUpload } from '#app/utils/catalog-upload.server'
import { attempt } from '#app/utils/forms.server'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { defaultFiscalYear } from '#models/dates'
import { AppError, bi } from '#models/errors'
import {
  findItaCatalog,
  getSurveyView,
  importSurveyCsv,
  listItaYears,
  MAX_SURVEY_CSV_BYTES,
  saveSurveyResults,
} from '#models/reporting/survey.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/** The year asked for, else the page's default year (the current one when it has a published ITA catalog). */
const yearOf = async (request: Request, organizationId: string) => {
  const asked = Number(new URL(request.url).searchParams.get('year'))
  return Number.isInteger(asked) && asked >= 2500 && asked <= 2700
    ? asked
    : defaultFiscalYear(await listItaYears(organizationId))
}

/** IIT/EIT survey results of the year's published ITA catalog: typed in, or imported from CSV. */
export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'survey.manage')
  const fiscalYear = await yearOf(request, member.organization.id)
  const catalog = await findItaCatalog(member.organization.id, fiscalYear)
  const years = await listItaYears(member.organization.id)
  return json({
    fiscalYear,
    years: years.includes(fiscalYear) ? years : [fiscalYear, ...years].sort((a, b) => b - a),
    catalog: catalog && { id: catalog.id, nameTh: catalog.nameTh, nameEn: catalog.nameEn },
    view: catalog ? await getSurveyView(member.organization.id, catalog) : null,
  })
}

export async function action({ request, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'survey.manage')
  const fiscalYear = await yearOf(request, member.organization.id)
  const actor = actorOf(member, request, context)
  const multipart = (request.headers.get('Content-Type') ?? '').startsWith('multipart/form-data')
  const result = await attempt(async () => {
    const catalog = await findItaCatalog(member.organization.id, fiscalYear)
    if (!catalog)
      throw new AppError(
        bi(
          `ไม่มีแค็ตตาล็อก ITA ที่เผยแพร่แล้วของปีงบประมาณ ${fiscalYear}`,
          `no published ITA catalog for fiscal year ${fiscalYear}`,
        ),
        404,
      )
    if (multipart) {
      const { file } = await readSmallUpload(request, MAX_SURVEY_CSV_BYTES, '100 KB', { th: 'ไฟล์ CSV', en: 'CSV file' })
      await importSurveyCsv(actor, catalog.id, await file.text(), file.name)
      return 'imported'
    }
    const form = await request.formData()
    const values: Record<string, string> = {}
    for (const [name, value] of form)
      if (name.startsWith('score.') && typeof value === 'string') values[name.slice('score.'.length)] = value
    await saveSurveyResults(actor, catalog.id, values)
    return 'saved'
  })
  if (!result.ok) return result.response
  return redirect(`/surveys?year=${fiscalYear}&done=${result.value}`)
}

export default function SurveysRoute() {
  return <SurveysPage {...useLoaderData<typeof loader>()} />
}
