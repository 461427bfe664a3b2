/**
 * Every user-facing string, in Thai (the default) and English, gathered from one module per
 * feature in app/messages/. Components read them through useT(); server code through translate().
 * Each module's English catalog must have every Thai key (the type says so).
 */
import type { Locale } from '#models/dates'
import * as core from '#app/messages/core'
import * as people from '#app/messages/people'
import * as evidence from '#app/messages/evidence'
import * as catalogs from '#app/messages/catalogs'
import * as review from '#app/messages/review'
import * as workspace from '#app/messages/workspace'
import * as clarifications from '#app/messages/clarifications'
import * as dashboard from '#app/messages/dashboard'
import * as completeness from '#app/messages/completeness'
import * as network from '#app/messages/network'
import * as kpis from '#app/messages/kpis'
import * as packages from '#app/messages/packages'
import * as audit from '#app/messages/audit'
import * as setup from '#app/messages/setup'
import * as platform from '#app/messages/platform'
import * as signup from '#app/messages/signup'
import * as transfer from '#app/messages/transfer'

const th = {
  ...core.th,
  ...people.th,
  ...evidence.th,
  ...catalogs.th,
  ...review.th,
  ...workspace.th,
  ...clarifications.th,
  ...dashboard.th,
  ...completeness.th,
  ...network.th,
  ...kpis.th,
  ...packages.th,
  ...audit.th,
  ...setup.th,
  ...platform.th,
  ...signup.th,
  ...transfer.th,
}
export type MessageKey = keyof typeof th
const en: Record<MessageKey, string> = {
  ...core.en,
  ...people.en,
  ...evidence.en,
  ...catalogs.en,
  ...review.en,
  ...workspace.en,
  ...clarifications.en,
  ...dashboard.en,
  ...completeness.en,
  ...network.en,
  ...kpis.en,
  ...packages.en,
  ...audit.en,
  ...setup.en,
  ...platform.en,
  ...signup.en,
  ...transfer.en,
}

export const MESSAGES: Record<Locale, Record<MessageKey, string>> = { th, en }
export const LOCALES: readonly Locale[] = ['th', 'en']
export const LOCALE_COOKIE = 'saisaat_lang'

export function isLocale(value: unknown): value is Locale {
  return value === 'th' || value === 'en'
}

/** The message in the locale, with {name} placeholders filled. */
export function translate(locale: Locale, key: MessageKey, params?: Record<string, string | number>): string {
  const text = MESSAGES[locale][key] ?? MESSAGES.th[key]
  return params ? text.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`)) : text
}

/** Reads the language cookie; Thai unless the person chose English. */
export function localeFromCookie(cookieHeader: string | null): Locale {
  const match = cookieHeader?.match(new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE}=(th|en)`))
  return match ? (match[1] as Locale) : 'th'
}
