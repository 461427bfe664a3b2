/**
 * E-mail through a local SMTP sink (test/support/smtp-sink.ts) with the app's own transport
 * (app/utils/mail.server.ts, SMTP_URL): due-date reminders 7 and 1 Bangkok days ahead, once per
 * item and threshold even when the job runs again; nothing at all without SMTP; and the
 * invitation mail of people management.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { assignItems } from '#models/work/assignment.server'
import { listAuditEvents, type Actor } from '#models/tenancy/audit.server'
import { findLink } from '#models/tenancy/auth.server'
import { getInbox, inboxCount, sendDueReminders, startReminderJob } from '#models/work/reminder.server'
import { getItemReview, returnItem, submitItem } from '#models/work/review.server'
import { createUnit } from '#models/tenancy/unit.server'
import { addPerson, issuePasswordLink } from '#models/tenancy/user.server'
import { createTestOrg, type TestOrg } from '#test/support/fixtures'
import { actorsOf, giveEvidence, provide, publishAndAssign, release } from '#test/support/kit'
import { startSmtpSink, type SmtpSink } from '#test/support/smtp-sink'

const PUBLIC_URL = 'https://ita.example.go.th'
let sink: SmtpSink
let org: TestOrg
let catalogId: string
let coordinator: Actor
let sendMail: (to: string, subject: string, text: string) => Promise<void>
let deliverLink: typeof import('#app/utils/links.server').deliverLink
const now = new Date()

/** The Bangkok calendar day `days` from now, as YYYY-MM-DD. */
const dayIn = (days: number) => new Date(now.getTime() + days * 86_400_000 + 7 * 3600_000).toISOString().slice(0, 10)
const at = (days: number) => new Date(now.getTime() + days * 86_400_000)

beforeAll(async () => {
  sink = await startSmtpSink()
  const db = await provide()
  // the app reads its configuration once, from the environment: point it at the sink
  Object.assign(process.env, { MONGODB_URI: db.uri, S3_BUCKET: 'reminders-test', SMTP_URL: sink.url, PUBLIC_URL })
  ;({ sendMail } = await import('#app/utils/mail.server'))
  ;({ deliverLink } = await import('#app/utils/links.server'))
  org = await createTestOrg('remind')
  coordinator = actorsOf(org).coordinator
  // O4 is submitted already: nothing to remind; the second unit (O3) has no coordinator: nobody to mail
  const due = (itemCodes: string[], days: number, unitIds = [org.units[0].id]) => ({
    itemCodes,
    unitIds,
    dueDate: dayIn(days),
  })
  catalogId = (
    await publishAndAssign(
      org,
      'ita-nacc-2569',
      due(['O1'], 7),
      due(['O2'], 30),
      due(['O4'], 7),
      due(['O3'], 7, [org.units[1].id]),
    )
  ).id
  await giveEvidence(
    coordinator,
    catalogId,
    'O4',
    (await getItemReview(org.organization.id, catalogId, 'O4'))!.elements.map((e) => e.id),
  )
  await submitItem(coordinator, catalogId, 'O4')
})
afterAll(async () => {
  await sink?.close()
  await release()
})

// The sink records a message before it answers the sender, and every send is awaited: once a call has resolved,
// each mail it sent is in sink.messages, so "no more mail" is read at once, without waiting for time to pass.

describe('e-mail reminders', () => {
  it('without SMTP sends nothing, raises nothing and keeps the reminders for later', async () => {
    await expect(sendDueReminders({ send: null, publicUrl: PUBLIC_URL, now })).resolves.toEqual([])
    const lines: string[] = []
    const stop = startReminderJob({ send: null, publicUrl: PUBLIC_URL, log: (l) => lines.push(l) })
    stop()
    expect(lines).toEqual(['SMTP_URL is not set: e-mail reminders are off'])
    expect(sink.messages).toHaveLength(0)
  })

  it('mails the unit’s coordinator once about an item due in 7 days, in Thai, with its link', async () => {
    const sent = await sendDueReminders({ send: sendMail, publicUrl: PUBLIC_URL, now })
    expect(sent).toEqual([{ to: org.people.coordinator.email, items: ['O1'] }])
    const [mail] = await sink.waitFor(1)
    expect(mail.to).toEqual([org.people.coordinator.email])
    expect(mail.subject).toBe('ใสสะอาด: ใกล้ครบกำหนดส่งหลักฐาน 1 รายการ (อีก 7 วัน)')
    expect(mail.text).toContain('O1 ')
    expect(mail.text).toContain(`${PUBLIC_URL}/items/${catalogId}/O1`)
    expect(mail.text).toMatch(/กำหนดส่ง \d+ \S+ 25\d\d \(อีก 7 วัน\)/)
    expect(mail.text).not.toMatch(/O[234] /)

    // the hourly job runs again: no duplicate
    expect(await sendDueReminders({ send: sendMail, publicUrl: PUBLIC_URL, now })).toEqual([])
    expect(await sendDueReminders({ send: sendMail, publicUrl: PUBLIC_URL, now: at(2) })).toEqual([])
    expect(sink.messages).toHaveLength(1)
    const audit = await listAuditEvents(org.organization.id, { action: 'reminder.send' })
    expect(audit.events).toHaveLength(1)
    expect(audit.events[0]).toMatchObject({
      actorId: null,
      actorName: 'ระบบ / system',
      targetLabel: org.people.coordinator.email,
    })
  })

  it('mails again, once, the day before, and gives the claim back when sending fails', async () => {
    const failing = async () => {
      throw new Error('connection refused')
    }
    const log: string[] = []
    expect(
      await sendDueReminders({ send: failing, publicUrl: PUBLIC_URL, now: at(6), log: (l) => log.push(l) }),
    ).toEqual([])
    expect(log[0]).toMatch(/could not mail .* connection refused/)
    expect(await sendDueReminders({ send: sendMail, publicUrl: PUBLIC_URL, now: at(6) })).toEqual([
      { to: org.people.coordinator.email, items: ['O1'] },
    ])
    const mails = await sink.waitFor(2)
    expect(mails[1].subject).toBe('ใสสะอาด: ใกล้ครบกำหนดส่งหลักฐาน 1 รายการ (อีก 1 วัน)')
    expect(await sendDueReminders({ send: sendMail, publicUrl: PUBLIC_URL, now: at(6.5) })).toEqual([])
    expect(sink.messages).toHaveLength(2)
  })

  it('sends the people screen’s invitation through SMTP_URL, with a working one-time link', async () => {
    const person = await addPerson(org.actor, {
      email: 'invitee@remind.saisaat.test',
      nameTh: 'ผู้ได้รับเชิญ',
      role: 'coordinator',
      unitIds: [org.units[1].id],
    })
    const result = await deliverLink('invite', person, await issuePasswordLink(org.actor, 'invite', person.id))
    expect(result).toMatchObject({ mailed: true, url: null })
    const mails = await sink.waitFor(3)
    const invite = mails[2]
    expect(invite.to).toEqual(['invitee@remind.saisaat.test'])
    expect(invite.subject).toBe('คำเชิญใช้งานระบบใสสะอาด / Invitation to Saisaat')
    const token = invite.text.match(new RegExp(`${PUBLIC_URL}/password/(\\S+)`))?.[1]
    expect(token).toBeTruthy()
    expect(await findLink(token!)).toMatchObject({ kind: 'invite', userId: person.id })
  })
})

describe('inbox', () => {
  it(
    'shows the coordinator what was returned and what is due soon, ' + 'and the assessor what waits for review',
    async () => {
      const who = { role: 'coordinator' as const, userId: org.people.coordinator.id, unitIds: [org.units[0].id] }
      let inbox = await getInbox(org.organization.id, who, now)
      expect(inbox.due.map((i) => [i.itemCode, i.daysLeft])).toEqual([['O1', 7]])
      expect(inbox.returned).toEqual([])
      const assessorWho = { role: 'assessor' as const, userId: org.people.assessor.id, unitIds: [] }
      expect((await getInbox(org.organization.id, assessorWho, now)).toReview.map((i) => i.itemCode)).toEqual(['O4'])

      await returnItem({ ...org.actor, userId: org.people.assessor.id, userName: 'ผู้ตรวจ' }, catalogId, 'O4', {
        comment: 'แก้ไข',
      })
      inbox = await getInbox(org.organization.id, who, now)
      expect(inbox.returned.map((i) => [i.itemCode, i.titleTh.length > 0])).toEqual([['O4', true]])
      // returned and due within 7 days: listed once, under "returned"
      expect(inbox.due.map((i) => i.itemCode)).toEqual(['O1'])
      expect(await inboxCount(org.organization.id, who, now)).toBe(2)
      expect(inbox.count).toBe(2)
      // 31 days on, O2 is overdue and O1 too
      expect((await getInbox(org.organization.id, who, at(31))).due.map((i) => [i.itemCode, i.overdue])).toEqual([
        ['O1', true],
        ['O2', true],
      ])
      expect(await inboxCount(org.organization.id, assessorWho, now)).toBe(0)
      expect(
        await inboxCount(org.organization.id, { role: 'executive', userId: org.people.executive.id, unitIds: [] }, now),
      ).toBe(0)
    },
  )
})

describe('reminders to several coordinators of one unit', () => {
  it('gives back only the failed recipient’s claim: the next run mails them, not the one already mailed', async () => {
    const unit = await createUnit(org.actor, { nameTh: 'กลุ่มงานสองผู้ประสาน', nameEn: 'Two coordinators', kind: 'group' })
    const reached = await addPerson(org.actor, {
      email: 'reached@remind.saisaat.test',
      nameTh: 'ผู้ประสาน ก',
      role: 'coordinator',
      unitIds: [unit.id],
    })
    const unreachable = await addPerson(org.actor, {
      email: 'unreachable@remind.saisaat.test',
      nameTh: 'ผู้ประสาน ข',
      role: 'coordinator',
      unitIds: [unit.id],
    })
    await assignItems(org.actor, { catalogId, itemCodes: ['O8'], unitIds: [unit.id], dueDate: dayIn(7) })
    const ours = (sent: { to: string; items: string[] }[]) =>
      sent.filter((s) => s.to === reached.email || s.to === unreachable.email)
    const mailsTo = (email: string) => sink.messages.filter((m) => m.to.includes(email))
    // the mail server refuses one of the two recipients
    const flaky = async (to: string, subject: string, text: string) => {
      if (to === unreachable.email) throw new Error('mailbox unavailable')
      await sendMail(to, subject, text)
    }
    const log: string[] = []
    expect(ours(await sendDueReminders({ send: flaky, publicUrl: PUBLIC_URL, now, log: (l) => log.push(l) }))).toEqual([
      { to: reached.email, items: ['O8'] },
    ])
    expect(log.some((l) => l.startsWith(`could not mail ${unreachable.email}`))).toBe(true)
    // the next run mails the one who missed it, and only them
    expect(ours(await sendDueReminders({ send: sendMail, publicUrl: PUBLIC_URL, now }))).toEqual([
      { to: unreachable.email, items: ['O8'] },
    ])
    expect(ours(await sendDueReminders({ send: sendMail, publicUrl: PUBLIC_URL, now }))).toEqual([])
    expect(mailsTo(reached.email)).toHaveLength(1)
    expect(mailsTo(unreachable.email)).toHaveLength(1)
    expect(mailsTo(unreachable.email)[0].text).toContain(`${PUBLIC_URL}/items/${catalogId}/O8`)
    const audit = (await listAuditEvents(org.organization.id, { action: 'reminder.send' })).events
    expect(audit.filter((e) => e.targetLabel === reached.email)).toHaveLength(1)
    expect(audit.filter((e) => e.targetLabel === unreachable.email)).toMatchObject([
      { actorId: null, actorName: 'ระบบ / system' },
    ])
  })
})
