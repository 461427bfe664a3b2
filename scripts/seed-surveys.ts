/**
 * Demo IIT/EIT survey results for the demo agency's ITA 2569, so that the executive dashboard
 * shows a complete projection. Entered once (skipped when the year already has results).
 */
import type { Actor } from '#models/audit.server'
import type { Organization } from '#models/organization.server'
import { findItaCatalog, getSurveyView, saveSurveyResults } from '#models/survey.server'
import { getUserByEmail } from '#models/user.server'

/** Plausible results for an agency around the national average (2568: 93.82). */
const DEMO_RESULTS_2569: Record<string, string> = { 1: '93.12', 2: '90.40', 3: '91.85', 4: '94.20', 5: '89.75', 6: '88.60', 7: '86.30', 8: '90.10' }

export async function seedDemoSurveys(organization: Organization, executiveEmail: string): Promise<boolean> {
  const catalog = await findItaCatalog(organization.id, 2569)
  if (!catalog) return false
  const view = await getSurveyView(organization.id, catalog)
  if (view.values.some((v) => v.entered !== null)) return false
  const executive = await getUserByEmail(executiveEmail)
  const actor: Actor = executive
    ? { organizationId: organization.id, userId: executive.id, userName: executive.nameTh }
    : { organizationId: organization.id, userId: null, userName: 'ระบบ (ข้อมูลตัวอย่าง) / system (demo data)' }
  await saveSurveyResults(actor, catalog.id, DEMO_RESULTS_2569)
  return true
}
