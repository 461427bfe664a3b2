/**
 * An audit event's before/after values as a person reads them: fields by their label, ids by the
 * name of what they point to, codes by their label, dates in the Buddhist era. The stored event
 * and the CSV export keep the raw values.
 */
import { MESSAGES, translate, type MessageKey } from '#app/i18n'
import { AUDIT_OPAQUE_FIELDS, auditFieldLabel } from '#app/messages/audit'
import { formatDate, type Locale } from '#models/dates'
import { localize } from '#models/errors'

/** Where each kind of code has its label; the first that has one wins (the meanings agree). */
const CODE_LABEL_PREFIXES = [
  'review.status.',
  'catalogs.status.',
  'packages.status.',
  'clar.status.',
  'clar.result.',
  'dash.kpi.certification.',
  'catalogs.periodRule.',
  'catalogs.kind.',
  'units.kind.',
  'calendar.phase.',
  'assignment.status.',
  'role.',
]

/** The label of an enum value (a status, a kind, a period rule, a role…), or null for other text. */
export function codeLabel(value: string, locale: Locale): string | null {
  if (!/^[a-z][a-z0-9-]*$/.test(value)) return null
  for (const prefix of CODE_LABEL_PREFIXES) {
    const key = `${prefix}${value}`
    if (key in MESSAGES.th) return translate(locale, key as MessageKey)
  }
  return null
}

const HEX_ID = /^[0-9a-f]{24}$/i
const MAX_ITEMS = 5
const MAX_TEXT = 120

export interface AuditChangeView {
  field: string
  before: string
  after: string
}

/** One value, readable; `names` maps the ids the organization knows (units, people, catalogs…) to names. */
export function formatAuditValue(value: unknown, locale: Locale, names: Record<string, string>): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'boolean') return translate(locale, value ? 'audit.yes' : 'audit.no')
  if (typeof value === 'number') return String(value)
  if (Array.isArray(value)) {
    if (value.length === 0) return '—'
    const shown = value.slice(0, MAX_ITEMS).map((v) => formatAuditValue(v, locale, names))
    return shown.join(', ') + (value.length > MAX_ITEMS ? ` (+${value.length - MAX_ITEMS})` : '')
  }
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([k]) => !AUDIT_OPAQUE_FIELDS.has(k))
      .map(([k, v]) => `${auditFieldLabel(k, locale)}: ${formatAuditValue(v, locale, names)}`)
      .join('; ')
  }
  const text = String(value)
  if (HEX_ID.test(text)) return names[text] ?? translate(locale, 'audit.internalValue')
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return formatDate(text, locale, { style: 'datetime' })
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(`${text}T00:00:00+07:00`, locale)
  const label = codeLabel(text, locale)
  if (label) return label
  const plain = localize(
    text
      .replace(/<[^>]*>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
    locale,
  )
  return plain.length > MAX_TEXT ? `${plain.slice(0, MAX_TEXT)}…` : plain
}

/** Each changed field with its label and readable before/after values; machine-only fields are named only. */
export function formatAuditChanges(
  changes: Record<string, { before?: unknown; after?: unknown }>,
  locale: Locale,
  names: Record<string, string>,
): AuditChangeView[] {
  return Object.entries(changes).map(([field, { before, after }]) => {
    if (AUDIT_OPAQUE_FIELDS.has(field)) {
      const internal = translate(locale, 'audit.internalValue')
      return {
        field: auditFieldLabel(field, locale),
        before: before == null ? '—' : internal,
        after: after == null ? '—' : internal,
      }
    }
    return {
      field: auditFieldLabel(field, locale),
      before: formatAuditValue(before, locale, names),
      after: formatAuditValue(after, locale, names),
    }
  })
}
