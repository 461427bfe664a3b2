/**
 * Demo IIT/EIT survey results for the demo agency's ITA catalog of the fiscal year that ended, so that the
 * executive dashboard shows last year's result in its trend and uses it as the estimate of the year in progress
 * (which has no results yet, as before NACC publishes them). Entered once (skipped when the year has results).
 */
import type { Actor } from '#models/tenancy/audit.server'
import type { Organization } from '#models/tenancy/organization.server'
import { findItaCatalog, getSurveyView, saveSurveyResults } from '#models/reporting/survey.server'
import { getUserByEmail } from '#models/tenancy/user.server'

/** Plausible results for an agency around the national average (2568: 93.82). */
export const DEMO_SURVEY_RESULTS: Record<string, string> = {
  1: '93.12',
  2: '90.40',
  3: '91.85',
  4: '94.20',
  5: '89.75',
  6: '88.60',
  7: '86.30',
  8: '90.10',
}

export async function seedDemoSurveys(
  organization: Organization,
  executiveEmail: string,
  fiscalYear: number,
): Promise<boolean> {
  const catalog = await findItaCatalog(organization.id, fiscalYear)
  if (!catalog) return false
  const view = await getSurveyView(organization.id, catalog)
  if (view.values.some((v) => v.entered !== null)) return false
  const executive = await getUserByEmail(executiveEmail)
  const actor: Actor = executive
    ? { organizationId: organization.id, userId: executive.id, userName: executive.nameTh }
    : { organizationId: organization.id, userId: null, userName: 'ระบบ (ข้อมูลตัวอย่าง) / system (demo data)' }
  await saveSurveyResults(actor, catalog.id, DEMO_SURVEY_RESULTS)
  return true
}
