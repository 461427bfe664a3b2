import { json, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData } from '@remix-run/react'
import { SetupPeople, type HandedLink } from '#app/components/setup/people'
import { getConfig } from '#app/config.server'
import { deliverLink } from '#app/utils/links.server'
import { mailConfigured, sendMail } from '#app/utils/mail.server'
import { requirePermission } from '#app/utils/session.server'
import { sheetAnswer } from '#app/utils/setup-sheet.server'
import type { Actor } from '#models/tenancy/audit.server'
import { finishSetupIfComplete, importPeople, PEOPLE_SHEET_COLUMNS } from '#models/tenancy/setup.server'
import { issuePasswordLink, listPeople, type Person } from '#models/tenancy/user.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

export async function loader({ request }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'person.manage')
  const people = (await listPeople(member.organization.id)).map((p) => ({
    id: p.id,
    email: p.email,
    nameTh: p.nameTh,
    role: p.membership.role,
  }))
  return json({ people, mail: mailConfigured() })
}

/**
 * Each new person's invitation link, mailed or listed for hand-over as on the people page; someone who already has
 * an account elsewhere accepts at /invitations while signed in (mailed that address when mail is set up).
 */
async function handOver(actor: Actor, organizationName: string, people: Person[]): Promise<HandedLink[]> {
  const invitationsUrl = `${getConfig().publicUrl}/invitations`
  const out: HandedLink[] = []
  for (const person of people) {
    const base = { email: person.email, name: person.nameTh, role: person.membership.role }
    if (person.membership.pending) {
      if (mailConfigured()) {
        const subject = `คำเชิญเข้าหน่วยงาน ${organizationName} / Invitation to ${organizationName}`
        await sendMail(
          person.email,
          subject,
          `${subject}\n\nเข้าสู่ระบบแล้วตอบรับที่ / Sign in and answer at:\n${invitationsUrl}`,
        )
      }
      out.push({ ...base, url: mailConfigured() ? null : invitationsUrl, accept: true })
    } else if (!person.hasPassword) {
      const delivered = await deliverLink('invite', person, await issuePasswordLink(actor, 'invite', person.id))
      out.push({ ...base, url: delivered.url, accept: false })
    }
  }
  return out
}

export async function action(args: ActionFunctionArgs) {
  const member = await requirePermission(args.request, 'person.manage')
  return sheetAnswer(member, args, PEOPLE_SHEET_COLUMNS, async (actor, sheet) => {
    const people = await importPeople(actor, sheet)
    const links = await handOver(actor, member.organization.nameTh, people)
    if (await finishSetupIfComplete(actor)) throw redirect('/')
    return { invited: people.length, links }
  })
}

export default function SetupPeopleRoute() {
  return <SetupPeople {...useLoaderData<typeof loader>()} />
}
