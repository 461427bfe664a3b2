import { json, type ActionFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SignupPage } from '#app/components/signup/request-form'
import { ensureDatabase } from '#app/services.server'
import { answer, attempt, fields } from '#app/utils/forms.server'
import { mailConfigured } from '#app/utils/mail.server'
import { mailSignupConfirmation } from '#app/utils/signup-mail.server'
import { bi } from '#models/errors'
import { AGENCY_TYPES } from '#models/tenancy/organization.server'
import { requestSignup } from '#models/tenancy/signup.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export const loader = () => json({ mail: mailConfigured(), agencyTypes: AGENCY_TYPES })

const FIELDS = ['nameTh', 'nameEn', 'agencyType', 'itasCode', 'requesterName', 'email', 'phone'] as const

/** Public: anyone may ask. The model throttles per address and e-mail; the link goes only by mail. */
export async function action({ request, context }: ActionFunctionArgs) {
  if (!mailConfigured()) return answer.formError(bi('ระบบไม่ได้ตั้งค่าการส่งอีเมล', 'no e-mail is configured'), 503)
  await ensureDatabase()
  const form = await request.formData()
  const input = fields(form, [...FIELDS])
  // the honeypot: people never see this field, form-filling robots do; they get the same answer, nothing is kept
  if (String(form.get('website') ?? '') !== '') return answer.ok({ sent: input.email.trim().toLowerCase() })
  const result = await attempt(async () => {
    const made = await requestSignup(input, {
      ip: context.ip ?? '',
      userAgent: request.headers.get('User-Agent') ?? '',
    })
    await mailSignupConfirmation(made.request, made.token, made.expiresAt)
    return made.request
  })
  if (!result.ok) return result.response
  return answer.ok({ sent: result.value.email })
}

export default function Signup() {
  return <SignupPage {...useLoaderData<typeof loader>()} />
}
