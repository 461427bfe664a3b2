import { getConfig } from '#app/config.server'
import type { LinkKind } from '#models/tenancy/auth.server'
import { formatDate } from '#models/dates'
import type { User } from '#models/tenancy/user.server'
import { mailConfigured, sendMail } from '#app/utils/mail.server'

/**
 * Delivers an invitation or reset link issued (and audited) by models/user.server. With SMTP
 * configured it is e-mailed and not returned; without, it is returned for the administrator to hand over.
 */
export async function deliverLink(
  kind: LinkKind,
  user: Pick<User, 'email'>,
  issued: { token: string; expiresAt: Date },
): Promise<{ url: string | null; expiresAt: string; mailed: boolean }> {
  const { token, expiresAt } = issued
  const url = `${getConfig().publicUrl}/password/${token}`
  if (!mailConfigured()) return { url, expiresAt: expiresAt.toISOString(), mailed: false }
  const until = formatDate(expiresAt, 'th', { style: 'datetime' })
  const subject =
    kind === 'invite'
      ? 'คำเชิญใช้งานระบบใสสะอาด / Invitation to Saisaat'
      : 'ตั้งรหัสผ่านใหม่ ระบบใสสะอาด / Saisaat password reset'
  await sendMail(
    user.email,
    subject,
    `${subject}\n\n${url}\n\nใช้ได้ครั้งเดียว ภายใน ${until} / One use only, until ` +
      `${formatDate(expiresAt, 'en', { style: 'datetime' })}`,
  )
  return { url: null, expiresAt: expiresAt.toISOString(), mailed: true }
}
