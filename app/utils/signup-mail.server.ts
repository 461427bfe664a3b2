/**
 * The mails of a sign-up request: the confirmation link to the requester's address, and the
 * operators' decision (the set-password link when approved, the reason when declined). Bilingual,
 * like the other mails.
 */
import { getConfig } from '#app/config.server'
import { deliverLink } from '#app/utils/links.server'
import { mailConfigured, sendMail } from '#app/utils/mail.server'
import { formatDate } from '#models/dates'
import type { FirstAdministrator } from '#models/tenancy/operator.server'
import type { Organization } from '#models/tenancy/organization.server'
import type { SignupRequest } from '#models/tenancy/signup.server'

export async function mailSignupConfirmation(request: SignupRequest, token: string, expiresAt: Date) {
  const url = `${getConfig().publicUrl}/signup/confirm/${token}`
  const subject = 'ยืนยันอีเมลคำขอใช้งานระบบใสสะอาด / Confirm your Saisaat request'
  await sendMail(
    request.email,
    subject,
    `${subject}\n\n${request.nameTh}\n\n${url}\n\n` +
      `ใช้ได้ครั้งเดียว ภายใน ${formatDate(expiresAt, 'th', { style: 'datetime' })} / ` +
      `One use only, until ${formatDate(expiresAt, 'en', { style: 'datetime' })}\n\n` +
      'หากท่านไม่ได้ส่งคำขอนี้ ไม่ต้องทำอะไร / If you did not ask for this, ignore this mail.',
  )
}

/**
 * Tells the requester their organization exists. A new person gets the set-password link (returned
 * for hand-over when no mail is configured); someone with an account already is told to accept the
 * invitation after signing in.
 */
export async function mailSignupApproved(organization: Organization, admin: FirstAdministrator) {
  if (admin.link) return deliverLink('invite', { email: admin.email }, admin.link)
  if (!mailConfigured()) return { url: null, expiresAt: null, mailed: false }
  const subject = `อนุมัติคำขอใช้งานแล้ว: ${organization.nameTh} / Your Saisaat request was approved`
  await sendMail(
    admin.email,
    subject,
    `${subject}\n\nเข้าสู่ระบบแล้วตอบรับคำเชิญที่ / Sign in and accept the invitation at ` +
      `${getConfig().publicUrl}/invitations`,
  )
  return { url: null, expiresAt: null, mailed: true }
}

export async function mailSignupDeclined(request: SignupRequest) {
  const subject = `ผลการพิจารณาคำขอใช้งาน: ${request.nameTh} / Your Saisaat request`
  await sendMail(
    request.email,
    subject,
    `${subject}\n\nคำขอไม่ได้รับการอนุมัติ ด้วยเหตุผล / The request was declined, because:\n\n` + `${request.declineReason}`,
  )
}
