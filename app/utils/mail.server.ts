import nodemailer from 'nodemailer'
import { getConfig } from '#app/config.server'

/** True when SMTP_URL is set; otherwise people are shown the links to hand over. */
export const mailConfigured = () => Boolean(getConfig().smtpUrl)

export async function sendMail(to: string, subject: string, text: string): Promise<void> {
  const url = getConfig().smtpUrl
  if (!url) throw new Error('SMTP_URL is not set')
  const transport = nodemailer.createTransport(url)
  await transport.sendMail({ from: `Saisaat <no-reply@${new URL(getConfig().publicUrl).hostname}>`, to, subject, text })
}
