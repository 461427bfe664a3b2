/**
 * What needs whose action, and when: the inbox (items returned to my units, waiting for my
 * review, due within 7 days or overdue, carried assignments to confirm) and the e-mail reminders
 * sent to the coordinators of the units concerned 7 and 1 Bangkok days before a due date. Due
 * dates follow the one rule in models/work/calendar.server.ts (effectiveDueDate). Only current catalogs
 * count (not archived, not rolled over into a newer year), as in "my work".
 */
import mongoose from 'mongoose'
import { nextDueDate } from '#models/work/assignment.server' // also registers the Assignment model read below
import { recordAudit } from '#models/tenancy/audit.server'
import { getCatalog } from '#models/catalog/catalog.server' // also registers the Catalog model read below
import { listItems } from '#models/catalog/items'
import { clarificationTasks } from '#models/work/clarification.server'
import { claim, release } from '#models/claims.server'
import { ensureCompletenessIndexes } from '#models/reporting/completeness.server'
import { formatDate } from '#models/dates'
import { systemActor } from '#models/evidence/records.server'
import { oid } from '#models/ids'
import type { Role } from '#models/tenancy/permissions'
import type { ItemStatus } from '#models/work/review.server'
import { daysUntilDue, effectiveDueDate, isDueSoon, isOverdue, unitDeadlinesByYear } from '#models/work/calendar.server'
import { listUnits } from '#models/tenancy/unit.server'
import { suspendedOrganizationIds } from '#models/tenancy/organization.server'
import { listPeople } from '#models/tenancy/user.server'
import { keptReads } from '#models/db.server'
import { workStamps, workSummary } from '#models/work/work-state.server'
import { compareCodes } from '#models/order'

type Id = mongoose.Types.ObjectId
interface CatalogRow {
  _id: Id
  status: string
  rolledFromId: Id | null
  fiscalYear: number
}
/** An assignment as stored, or as the work summary keeps it (ids and dates as strings). */
interface AssignmentRow {
  catalogId: Id | string
  itemCode: string
  unitIds: (Id | string)[]
  ownerIds: (Id | string)[]
  dueDate: Date | string | null
  dueDates?: { round: string; dueDate: Date | string }[]
  status: string
}
interface ReviewRow {
  catalogId: Id | string
  itemCode: string
  status: string
  submittedAt: Date | string | null
}

const collection = (model: string) => mongoose.model(model).collection

/** Current catalogs of the organization: id → fiscal year. */
async function currentCatalogs(organizationId: string): Promise<Map<string, number>> {
  const docs = (await collection('Catalog')
    .find(
      { organizationId: oid(organizationId) },
      { projection: { _id: 1, status: 1, rolledFromId: 1, fiscalYear: 1 } },
    )
    .toArray()) as unknown as CatalogRow[]
  const rolledOver = new Set(docs.map((d) => d.rolledFromId?.toString()).filter(Boolean))
  return new Map(
    docs
      .filter((d) => d.status !== 'archived' && !rolledOver.has(d._id.toString()))
      .map((d) => [d._id.toString(), d.fiscalYear]),
  )
}

const ASSIGNMENT_FIELDS = {
  _id: 0,
  catalogId: 1,
  itemCode: 1,
  unitIds: 1,
  ownerIds: 1,
  dueDate: 1,
  dueDates: 1,
  status: 1,
}

/** An assignment's own due date, by the same rule as models/work/assignment.server.ts (nextDueDate). */
function assignmentDue(a: AssignmentRow, now: Date): string | null {
  const rounds = (a.dueDates ?? []).map((d) => ({ round: d.round, dueDate: new Date(d.dueDate).toISOString() }))
  if (rounds.length) return nextDueDate(rounds, now)
  return a.dueDate ? new Date(a.dueDate).toISOString() : null
}
const keyOf = (catalogId: Id | string, itemCode: string) => `${catalogId.toString()}|${itemCode}`

/**
 * What every inbox is computed from, for the whole organization: its current catalogs (id → fiscal year), their
 * assignments and the round calendars' unit deadlines, read by key from the work summary
 * (models/work/work-state.server.ts), rebuilt from the collections after any write to them; and the reviews in
 * states that need someone, kept by each instance under the work stamp (they change at every submit and return).
 * Due dates are kept as dates, so "due soon" and "overdue" are computed at read time.
 */
interface WorkInputs {
  catalogs: [string, number][]
  assignments: AssignmentRow[]
  reviews: ReviewRow[]
  deadlines: [number, [string, string][]][]
}

type PlannedWork = Omit<WorkInputs, 'reviews'>

function plannedWork(organizationId: string): Promise<PlannedWork> {
  return workSummary(organizationId, async () => {
    const org = oid(organizationId)
    const [catalogs, assignments, deadlines] = await Promise.all([
      currentCatalogs(organizationId),
      collection('Assignment')
        .find({ organizationId: org }, { projection: ASSIGNMENT_FIELDS })
        .toArray() as unknown as Promise<AssignmentRow[]>,
      unitDeadlinesByYear(organizationId, 'all'),
    ])
    return {
      catalogs: [...catalogs],
      assignments: assignments
        .filter((a) => catalogs.has(a.catalogId.toString()))
        .map((a) => ({
          catalogId: a.catalogId.toString(),
          itemCode: a.itemCode,
          unitIds: a.unitIds.map(String),
          ownerIds: a.ownerIds.map(String),
          dueDate: a.dueDate ? new Date(a.dueDate).toISOString() : null,
          dueDates: (a.dueDates ?? []).map((d) => ({ round: d.round, dueDate: new Date(d.dueDate).toISOString() })),
          status: a.status,
        })),
      deadlines: [...deadlines].map(([year, units]) => [year, [...units]]),
    }
  })
}

const keptOpenReviews = keptReads(1000)

/** The organization's reviews that need someone (submitted, returned) or count as delivered (approved). */
function openReviews(organizationId: string): Promise<ReviewRow[]> {
  return keptOpenReviews(workStamps(organizationId), organizationId, async () =>
    (
      (await collection('Review')
        .find(
          { organizationId: oid(organizationId), status: { $in: ['submitted', 'returned', 'approved'] } },
          { projection: { _id: 0, catalogId: 1, itemCode: 1, status: 1, submittedAt: 1 } },
        )
        .toArray()) as unknown as ReviewRow[]
    ).map((r) => ({
      catalogId: r.catalogId.toString(),
      itemCode: r.itemCode,
      status: r.status,
      submittedAt: r.submittedAt ? new Date(r.submittedAt).toISOString() : null,
    })),
  )
}

async function workInputs(organizationId: string): Promise<WorkInputs> {
  const [planned, reviews] = await Promise.all([plannedWork(organizationId), openReviews(organizationId)])
  const current = new Set(planned.catalogs.map(([id]) => id))
  return { ...planned, reviews: reviews.filter((r) => current.has(r.catalogId.toString())) }
}

export interface Who {
  role: Role
  userId: string
  unitIds: string[]
}

/** One item in the inbox. */
export interface ActionItem {
  catalogId: string
  itemCode: string
  status: ItemStatus | null
  dueDate: string | null
  overdue: boolean
  /** Bangkok days until the due day (0 = today, negative = past); null without a due date. */
  daysLeft: number | null
  submittedAt: string | null
}

export interface InboxLists {
  returned: ActionItem[]
  toReview: ActionItem[]
  due: ActionItem[]
  carried: ActionItem[]
  /**
   * Clarification round: criteria to clarify (coordinators) or drafts to decide (assessors); due on the window's last
   * day.
   */
  clarify: ActionItem[]
}

/**
 * The inbox lists of one member, from the organization's work summary (read by key) and, in the
 * clarification round, its clarification records. Cheap enough for the shell's badge on every page.
 */
async function inboxLists(organizationId: string, who: Who, now: Date): Promise<InboxLists> {
  const empty: InboxLists = { returned: [], toReview: [], due: [], carried: [], clarify: [] }
  // no index creation here: this runs for the shell on every page, and creating an index creates
  // a missing collection (the dashboard and the reminder job create the indexes)
  if (who.role === 'executive') return empty
  const myUnits = who.unitIds.filter((u) => /^[0-9a-f]{24}$/i.test(u))
  const reviewStatuses =
    who.role === 'coordinator' ? ['submitted', 'returned', 'approved'] : who.role === 'assessor' ? ['submitted'] : []
  const work = await workInputs(organizationId)
  const catalogs = new Map(work.catalogs)
  const assignments =
    who.role === 'coordinator'
      ? work.assignments.filter(
          (a) => a.ownerIds.includes(who.userId) || a.unitIds.some((u) => myUnits.includes(u.toString())),
        )
      : who.role === 'admin'
        ? work.assignments.filter((a) => a.status === 'carried')
        : []
  const reviews = work.reviews.filter((r) => reviewStatuses.includes(r.status))
  const deadlines = new Map(work.deadlines.map(([year, units]) => [year, new Map(units)]))
  const stored = new Map(reviews.map((r) => [keyOf(r.catalogId, r.itemCode), r]))
  const item = (
    catalogId: string,
    itemCode: string,
    status: ItemStatus | null,
    dueDate: string | null,
    submittedAt: Date | string | null = null,
  ): ActionItem => ({
    catalogId,
    itemCode,
    status,
    dueDate,
    overdue: isOverdue(dueDate, status ?? 'in-progress', now),
    daysLeft: dueDate ? daysUntilDue(dueDate, now) : null,
    submittedAt: submittedAt ? new Date(submittedAt).toISOString() : null,
  })
  const out: InboxLists = { returned: [], toReview: [], due: [], carried: [], clarify: [] }
  out.clarify = (await clarificationTasks(organizationId, who, catalogs, now)).map((c) =>
    item(c.catalogId, c.itemCode, null, c.endsOn),
  )
  if (who.role === 'assessor') {
    for (const r of reviews)
      if (catalogs.has(r.catalogId.toString()))
        out.toReview.push(item(r.catalogId.toString(), r.itemCode, 'submitted', null, r.submittedAt))
    out.toReview.sort((a, b) => (a.submittedAt ?? '').localeCompare(b.submittedAt ?? ''))
    return out
  }
  for (const a of assignments) {
    const catalogId = a.catalogId.toString()
    const fiscalYear = catalogs.get(catalogId)
    if (fiscalYear === undefined) continue
    if (who.role === 'admin') {
      out.carried.push(item(catalogId, a.itemCode, 'carried', assignmentDue(a, now)))
      continue
    }
    const review = stored.get(keyOf(catalogId, a.itemCode))
    const status = (review?.status as ItemStatus | undefined) ?? null
    // my units' deadlines when the item is also another unit's
    const units = a.unitIds.map(String)
    const mine = units.filter((u) => myUnits.includes(u))
    const dueDate = effectiveDueDate(
      assignmentDue(a, now),
      mine.length ? mine : units,
      deadlines.get(fiscalYear) ?? new Map(),
    )
    if (status === 'returned') out.returned.push(item(catalogId, a.itemCode, status, dueDate))
    else if (isOverdue(dueDate, status ?? 'in-progress', now) || isDueSoon(dueDate, status ?? 'in-progress', now, 7))
      out.due.push(item(catalogId, a.itemCode, status, dueDate))
  }
  // ISO dates: their characters' order is the dates'
  const dueOf = (x: ActionItem) => x.dueDate ?? '9999'
  const byDue = (x: ActionItem, y: ActionItem) =>
    dueOf(x) < dueOf(y) ? -1 : dueOf(x) > dueOf(y) ? 1 : compareCodes(x.itemCode, y.itemCode)
  out.returned.sort(byDue)
  out.due.sort(byDue)
  out.carried.sort(byDue)
  return out
}

/** How many things wait for this member: the number on the shell's inbox badge. */
export async function inboxCount(organizationId: string, who: Who, now = new Date()): Promise<number> {
  const l = await inboxLists(organizationId, who, now)
  return l.returned.length + l.toReview.length + l.due.length + l.carried.length + l.clarify.length
}

export interface InboxEntry extends ActionItem {
  catalogNameTh: string
  catalogNameEn: string
  fiscalYear: number
  titleTh: string
  titleEn: string
}

export type Inbox = Record<keyof InboxLists, InboxEntry[]> & { count: number }

/** The inbox page: the lists with each item's catalog and title. */
export async function getInbox(organizationId: string, who: Who, now = new Date()): Promise<Inbox> {
  const lists = await inboxLists(organizationId, who, now)
  const ids = new Set(Object.values(lists).flatMap((l: ActionItem[]) => l.map((i) => i.catalogId)))
  const catalogs = new Map(
    await Promise.all([...ids].map(async (id) => [id, await getCatalog(organizationId, id)] as const)),
  )
  const titles = new Map(
    [...catalogs].map(([id, c]) => [id, new Map(c ? listItems(c.content).map((i) => [i.code, i]) : [])]),
  )
  const named = (l: ActionItem[]): InboxEntry[] =>
    l.flatMap((i) => {
      const c = catalogs.get(i.catalogId)
      const t = titles.get(i.catalogId)?.get(i.itemCode)
      return c && t
        ? [
            {
              ...i,
              catalogNameTh: c.nameTh,
              catalogNameEn: c.nameEn,
              fiscalYear: c.fiscalYear,
              titleTh: t.titleTh,
              titleEn: t.titleEn,
            },
          ]
        : []
    })
  const out = {
    returned: named(lists.returned),
    toReview: named(lists.toReview),
    due: named(lists.due),
    carried: named(lists.carried),
    clarify: named(lists.clarify),
  }
  return { ...out, count: Object.values(out).reduce((n, l) => n + l.length, 0) }
}

// ---- e-mail reminders ---------------------------------------------------------------------

/** Days before the due day (Bangkok) at which coordinators are mailed. */
export const REMINDER_DAYS = [7, 1] as const
export type SendMail = (to: string, subject: string, text: string) => Promise<void>
export type ReminderLog = (line: string) => void
const defaultLog: ReminderLog = (line) => process.stdout.write(`[reminders] ${line}\n`)

/**
 * The threshold an item is at: 7 from 7 down to 2 days before its due day, 1 on the day before
 * and on the day itself (so an item assigned late still gets its reminders); none otherwise.
 */
export function reminderThreshold(daysLeft: number): (typeof REMINDER_DAYS)[number] | null {
  if (daysLeft < 0 || daysLeft > 7) return null
  return daysLeft <= 1 ? 1 : 7
}

interface Pending {
  claimKey: string
  catalogId: string
  itemCode: string
  titleTh: string
  unitNameTh: string
  dueDate: string
  daysLeft: number
  threshold: number
}

/**
 * Mails each coordinator of the units concerned about their items at a reminder threshold, once
 * per coordinator × item × unit × due date × threshold: a claim (unique key, one per recipient)
 * decides "once", also with several app instances, since conditional updates are not atomic on
 * FerretDB. Without a mailer (no SMTP_URL) nothing is claimed or sent. A failed send gives back
 * that recipient's claims only, so the next run mails them and nobody already mailed.
 */
export async function sendDueReminders(options: {
  send: SendMail | null
  publicUrl: string
  now?: Date
  log?: ReminderLog
}): Promise<{ to: string; items: string[] }[]> {
  const { send, publicUrl } = options
  if (!send) return []
  const now = options.now ?? new Date()
  const log = options.log ?? defaultLog
  await ensureCompletenessIndexes()
  const sent: { to: string; items: string[] }[] = []
  const organizations = (await collection('Assignment').distinct('organizationId', {})) as Id[]
  // a suspended organization's people cannot sign in: nobody is reminded of work they cannot do
  const suspended = new Set(await suspendedOrganizationIds())
  for (const org of organizations.map(String).filter((o) => !suspended.has(o))) {
    const catalogs = await currentCatalogs(org)
    if (catalogs.size === 0) continue
    const [assignments, reviews, deadlines, people, units] = await Promise.all([
      collection('Assignment')
        .find(
          { organizationId: oid(org), catalogId: { $in: [...catalogs.keys()].map(oid) } },
          { projection: ASSIGNMENT_FIELDS },
        )
        .toArray() as unknown as Promise<AssignmentRow[]>,
      collection('Review')
        .find(
          { organizationId: oid(org), status: { $in: ['submitted', 'approved'] } },
          { projection: { _id: 0, catalogId: 1, itemCode: 1, status: 1 } },
        )
        .toArray() as unknown as Promise<ReviewRow[]>,
      unitDeadlinesByYear(org, [...new Set(catalogs.values())]),
      listPeople(org),
      listUnits(org),
    ])
    const delivered = new Set(reviews.map((r) => keyOf(r.catalogId, r.itemCode)))
    const coordinators = new Map<string, { id: string; email: string; name: string }[]>()
    for (const p of people)
      if (p.membership.active && p.membership.role === 'coordinator')
        for (const u of p.membership.unitIds)
          coordinators.set(u, [...(coordinators.get(u) ?? []), { id: p.id, email: p.email, name: p.nameTh }])
    const unitName = new Map(units.map((u) => [u.id, u.nameTh]))
    const titles = new Map<string, Map<string, string>>()
    const byRecipient = new Map<string, Pending[]>()
    for (const a of assignments) {
      const catalogId = a.catalogId.toString()
      if (delivered.has(keyOf(catalogId, a.itemCode))) continue
      for (const unitId of a.unitIds.map(String)) {
        const dueDate = effectiveDueDate(
          assignmentDue(a, now),
          [unitId],
          deadlines.get(catalogs.get(catalogId)!) ?? new Map(),
        )
        if (!dueDate) continue
        const daysLeft = daysUntilDue(dueDate, now)
        const threshold = reminderThreshold(daysLeft)
        const recipients = coordinators.get(unitId) ?? []
        // nobody to tell yet: keep the reminder for when the unit has a coordinator
        if (threshold === null || recipients.length === 0) continue
        for (const r of recipients) {
          // one claim per recipient: each coordinator's reminder is taken and given back on its own
          const claimKey = `reminder:${org}:${catalogId}:${a.itemCode}:${unitId}:${dueDate}:${threshold}:${r.id}`
          if (!(await claim(claimKey))) continue
          if (!titles.has(catalogId)) {
            const c = await getCatalog(org, catalogId)
            titles.set(catalogId, new Map(c ? listItems(c.content).map((i) => [i.code, i.titleTh]) : []))
          }
          const pending: Pending = {
            claimKey,
            catalogId,
            itemCode: a.itemCode,
            titleTh: titles.get(catalogId)!.get(a.itemCode) ?? '',
            unitNameTh: unitName.get(unitId) ?? '',
            dueDate,
            daysLeft,
            threshold,
          }
          byRecipient.set(r.email, [...(byRecipient.get(r.email) ?? []), pending])
        }
      }
    }
    for (const [to, items] of byRecipient) {
      items.sort((x, y) => x.daysLeft - y.daysLeft || compareCodes(x.itemCode, y.itemCode))
      const { subject, text } = reminderMail(items, publicUrl)
      try {
        await send(to, subject, text)
      } catch (error) {
        // give this recipient's claims back so that the next run tries them again
        await release(...items.map((i) => i.claimKey))
        log(`could not mail ${to}, the next run retries: ${(error as Error).message}`)
        continue
      }
      await recordAudit(systemActor(org), {
        action: 'reminder.send',
        targetType: 'reminder',
        targetLabel: to,
        changes: {
          items: { before: null, after: items.map((i) => `${i.itemCode} (${i.unitNameTh}, ${i.threshold} วัน / days)`) },
        },
      })
      log(`mailed ${to}: ${items.map((i) => i.itemCode).join(', ')}`)
      sent.push({ to, items: items.map((i) => i.itemCode) })
    }
  }
  return sent
}

/** Thai subject and body (with an English line) listing the items and their links. */
export function reminderMail(
  items: Pick<Pending, 'catalogId' | 'itemCode' | 'titleTh' | 'unitNameTh' | 'dueDate' | 'daysLeft'>[],
  publicUrl: string,
): { subject: string; text: string } {
  const soonest = Math.min(...items.map((i) => i.daysLeft))
  const when = soonest === 0 ? 'ครบกำหนดวันนี้' : `อีก ${soonest} วัน`
  const subject = `ใสสะอาด: ใกล้ครบกำหนดส่งหลักฐาน ${items.length} รายการ (${when})`
  const lines = items.map((i) => {
    const due = formatDate(i.dueDate, 'th', { style: 'long' })
    const left = i.daysLeft === 0 ? 'วันนี้' : `อีก ${i.daysLeft} วัน`
    const url = `${publicUrl}/items/${i.catalogId}/${encodeURIComponent(i.itemCode)}`
    return `- ${i.itemCode} ${i.titleTh}\n  หน่วยงาน: ${i.unitNameTh} · กำหนดส่ง ${due} (${left})\n  ${url}`
  })
  const text = [
    'เรียน ผู้ประสานงาน',
    '',
    'รายการต่อไปนี้ของหน่วยงานของท่านใกล้ครบกำหนดส่งและยังไม่ได้ส่งตรวจ:',
    '',
    ...lines,
    '',
    `ดูงานทั้งหมดได้ที่ ${publicUrl}/inbox`,
    '',
    'Saisaat reminder: the items above are due soon and not yet submitted.',
  ].join('\n')
  return { subject, text }
}

/**
 * Runs the reminders every `everyMs` (hourly by default) in this process, one run at a time;
 * returns a stop function. Without a mailer it does nothing at all.
 */
export function startReminderJob(options: {
  send: SendMail | null
  publicUrl: string
  everyMs?: number
  log?: ReminderLog
}): () => void {
  const log = options.log ?? defaultLog
  if (!options.send) {
    log('SMTP_URL is not set: e-mail reminders are off')
    return () => {}
  }
  let running = false
  const run = async () => {
    if (running) return
    running = true
    try {
      await sendDueReminders({ send: options.send, publicUrl: options.publicUrl, log })
    } catch (error) {
      log(`a run failed, the next one retries: ${(error as Error).message}`)
    } finally {
      running = false
    }
  }
  const first = setTimeout(() => void run(), 30_000)
  const timer = setInterval(() => void run(), options.everyMs ?? 3600_000)
  first.unref()
  timer.unref()
  return () => {
    clearTimeout(first)
    clearInterval(timer)
  }
}
