/** Demo data for `npm run local`: safe to run again, it changes nothing the second time. */
import { upsertOrganization, type Organization } from '#models/organization'

export const DEMO_ORG_CODE = 'demo'

export async function seedDemo(): Promise<{ organization: Organization }> {
  const organization = await upsertOrganization({
    code: DEMO_ORG_CODE,
    nameTh: 'กรมตัวอย่างเพื่อความโปร่งใส',
    nameEn: 'Demonstration Department for Transparency',
    agencyType: 'department',
  })
  return { organization }
}
