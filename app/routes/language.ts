import { redirect, type ActionFunctionArgs } from '@remix-run/node'
import { isLocale, LOCALE_COOKIE } from '#app/i18n'
import { safeRedirect } from '#app/utils/safe-redirect'

/** Stores the chosen language in a cookie and returns to the page the person was on. */
export async function action({ request }: ActionFunctionArgs) {
  const form = await request.formData()
  const locale = form.get('locale')
  // a path of this site only: never an open redirect
  const redirectTo = safeRedirect(form.get('redirectTo'), request.url)
  if (!isLocale(locale)) return redirect(redirectTo)
  return redirect(redirectTo, {
    headers: { 'Set-Cookie': `${LOCALE_COOKIE}=${locale}; Path=/; Max-Age=31536000; SameSite=Lax` },
  })
}

export function loader() {
  return redirect('/')
}
