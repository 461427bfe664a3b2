/**
 * The console's hand-over of an organization's first administrator: a new person's one-time link is
 * mailed when SMTP_URL is set and shown to the operator otherwise (as `npm run operator` prints it);
 * someone who already has an account is invited and accepts at /invitations while signed in.
 */
import { getConfig } from '#app/config.server'
import { deliverLink } from '#app/utils/links.server'
import { mailConfigured, sendMail } from '#app/utils/mail.server'
import type { FirstAdministrator } from '#models/tenancy/operator.server'
import type { Organization } from '#models/tenancy/organization.server'

export interface AdministratorHandOver {
  email: string
  /** The set-password link (url null when it was mailed), for the console's LinkNotice. */
  link: { email: string; url: string | null; expiresAt: string; mailed: boolean } | null
  /** Where a person with an account accepts, when they were invited (null otherwise). */
  invitationsUrl: string | null
}

export async function handOverAdministrator(
  organization: Pick<Organization, 'nameTh' | 'nameEn'>,
  admin: FirstAdministrator,
): Promise<AdministratorHandOver> {
  const invitationsUrl = `${getConfig().publicUrl}/invitations`
  if (admin.link) {
    const delivered = await deliverLink('invite', { email: admin.email }, admin.link)
    return { email: admin.email, link: { email: admin.email, ...delivered }, invitationsUrl: null }
  }
  if (admin.pendingInvitation && mailConfigured()) {
    const subject =
      `คำเชิญเป็นผู้ดูแลระบบของ ${organization.nameTh} / Invitation to administer ` +
      `${organization.nameEn || organization.nameTh}`
    await sendMail(admin.email, subject, `${subject}\n\nเข้าสู่ระบบแล้วตอบรับที่ / Sign in and answer at:\n${invitationsUrl}`)
  }
  return { email: admin.email, link: null, invitationsUrl: admin.pendingInvitation ? invitationsUrl : null }
}

/** A model refusal about the person (addPerson's `email`, `nameTh`) under the console's field names. */
export function adminFieldErrors(fieldErrors: Record<string, string>): Record<string, string> {
  const renamed: Record<string, string> = { email: 'adminEmail', nameTh: 'adminName' }
  return Object.fromEntries(Object.entries(fieldErrors).map(([k, v]) => [renamed[k] ?? k, v]))
}
