import { useEffect, useRef, useState, type ReactNode } from 'react'
import { ActionIcon, Popover, TextInput, type TextInputProps } from '@mantine/core'
import { DatePicker } from '@mantine/dates'
import { useLocale, useT } from '#app/utils/i18n'
import { checkDayInput, formatDayInput } from '#models/dates'

export interface BeDateInputProps extends Omit<
  TextInputProps,
  'name' | 'value' | 'defaultValue' | 'onChange' | 'error' | 'type'
> {
  /** The form field's name; it carries "YYYY-MM-DD" (Christian era) to the server. */
  name: string
  /** The day shown first, "YYYY-MM-DD" (Christian era). */
  defaultValue?: string | null
  /** The server's refusal for this field, shown until the person edits the date. */
  error?: ReactNode
  /** Called with the day typed or picked ("YYYY-MM-DD"), null when empty or not a date. */
  onValueChange?: (value: string | null) => void
}

/**
 * The one date box of the app: the person types a Buddhist-era date the way Thai dates are
 * written ("31/01/2570", "31/1/70", "31 ม.ค. 70", "31 มกราคม 2570") or picks it from a calendar
 * whose years are Buddhist era. The text is read by the same parser the server uses
 * (parseDayInput in models/dates) and shown back as "31 ม.ค. 2570".
 *
 * Without JavaScript the visible box itself carries the field's name and the server parses the
 * text; once the page is live a hidden input carries the unambiguous "YYYY-MM-DD" instead (or the
 * raw text when it is not a date, so the server refuses it naming the field).
 */
export function BeDateInput({ name, defaultValue, error, onValueChange, rightSection, ...props }: BeDateInputProps) {
  const locale = useLocale()
  const t = useT()
  const [live, setLive] = useState(false)
  const [text, setText] = useState(() => formatDayInput(defaultValue, locale) || (defaultValue ?? ''))
  const [edited, setEdited] = useState(false)
  const [showError, setShowError] = useState(false)
  const [open, setOpen] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => setLive(true), [])
  // a new refusal from the server is shown (it names the field) until the person edits again
  useEffect(() => setEdited(false), [error])

  const checked = checkDayInput(text)
  const day = checked.ok ? checked.value : null
  const ownError = !checked.ok && showError ? checked.error[locale] : undefined

  const change = (next: string) => {
    setText(next)
    setEdited(true)
    // a slip is shown once the person leaves the box, and cleared as soon as the text is a date
    const r = checkDayInput(next)
    if (r.ok) setShowError(false)
    onValueChange?.(r.ok ? r.value : null)
  }

  return (
    <>
      <TextInput
        {...props}
        ref={input}
        name={live ? undefined : name}
        value={text}
        onChange={(e) => change(e.currentTarget.value)}
        onBlur={(e) => {
          props.onBlur?.(e)
          setShowError(true)
          if (day) setText(formatDayInput(day, locale))
        }}
        placeholder={props.placeholder ?? t('date.placeholder')}
        autoComplete="off"
        inputMode="text"
        error={edited ? ownError : (error ?? ownError)}
        rightSectionPointerEvents="all"
        rightSection={
          rightSection ?? (
            <Popover opened={open} onChange={setOpen} position="bottom-end" trapFocus returnFocus withinPortal>
              <Popover.Target>
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  aria-label={t('date.openCalendar')}
                  onClick={() => setOpen((o) => !o)}
                  disabled={props.disabled}
                >
                  <CalendarIcon />
                </ActionIcon>
              </Popover.Target>
              <Popover.Dropdown>
                <DatePicker
                  value={day}
                  defaultDate={day ?? undefined}
                  onChange={(picked) => {
                    if (picked) change(formatDayInput(picked, locale))
                    setOpen(false)
                    input.current?.focus()
                  }}
                  monthLabelFormat="MMMM BBBB"
                  yearLabelFormat="BBBB"
                  decadeLabelFormat="BBBB"
                  yearsListFormat="BBBB"
                />
              </Popover.Dropdown>
            </Popover>
          )
        }
      />
      {live ? <input type="hidden" name={name} value={checked.ok ? (day ?? '') : text} /> : null}
    </>
  )
}

function CalendarIcon() {
  return (
    <svg
      width="18"
      height="18"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
    >
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M16 3v4M8 3v4M3 10h18" />
    </svg>
  )
}
