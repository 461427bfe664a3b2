/**
 * The browser half of the form toolkit (the server half is app/utils/forms.server.ts): one hook for
 * an action's answer, its errors and what is being sent, and a form that carries its intent.
 */
import { Button, Card, Group, Stack, Title } from '@mantine/core'
import { Form, useActionData, useNavigation, type FormProps } from '@remix-run/react'
import type { ReactNode } from 'react'
import { FormError } from '#app/components/messages'
import { useLocale } from '#app/utils/i18n'
import { localize } from '#models/errors'

interface Answered {
  formError?: string | null
  fieldErrors?: Record<string, string>
}

/**
 * The action's answer and the form state, for `useActionForm<typeof action>()`:
 * - `data`: the answer as useActionData gives it (undefined before any submit);
 * - `formError`: the form-level message (bilingual, for <FormError>), `errors`: field messages by name;
 * - `error(name)`: that field's message in the reader's language, for a Mantine `error` prop;
 * - `busy()`: a form is being submitted; `busy('save')`: the one with that intent is (until the page has
 *   its answer), for a button's `loading`.
 */
export function useActionForm<A = unknown>() {
  const data = useActionData<A>()
  const nav = useNavigation()
  const locale = useLocale()
  const answered = data as Answered | undefined
  const errors: Record<string, string> = answered?.fieldErrors ?? {}
  return {
    data,
    formError: answered?.formError ?? null,
    errors,
    error: (name: string) => (errors[name] ? localize(errors[name], locale) : undefined),
    busy: (intent?: string) =>
      intent === undefined ? nav.state === 'submitting' : nav.formData?.get('intent') === intent,
    /** The form's data being sent (null when none is). */
    sending: nav.formData ?? null,
    idle: nav.state === 'idle',
  }
}

/** A POST form (unless `method` says otherwise) that sends `intent`, for actions with several forms. */
export function IntentForm({ intent, children, method = 'post', ...props }: FormProps & { intent: string }) {
  return (
    <Form method={method} {...props}>
      <input type="hidden" name="intent" value={intent} />
      {children}
    </Form>
  )
}

interface FormCardProps extends Omit<FormProps, 'title'> {
  /** A small heading inside the card (h4). */
  title?: ReactNode
  /** The form-level message (bilingual), shown above the fields. */
  formError?: string | null
  /** The submit button's label (the title when left out), and its `loading` state. */
  submit?: ReactNode
  busy?: boolean
  /** The submit button's name and value, e.g. intent = save. */
  submitName?: string
  submitValue?: string
  /** Notices between the message and the fields (saved, a one-time link). */
  notices?: ReactNode
  children: ReactNode
}

/**
 * A POST form in a bordered card: heading, form message, notices, the fields, and the submit button
 * at the right:
 * `<FormCard title={t('units.add')} formError={formError} busy={busy()}>…</FormCard>` (the button says the title)
 */
export function FormCard({
  title,
  formError,
  submit,
  busy,
  submitName,
  submitValue,
  notices,
  children,
  method = 'post',
  ...props
}: FormCardProps) {
  return (
    <Card withBorder>
      <Form method={method} {...props}>
        <Stack>
          {title ? <Title order={4}>{title}</Title> : null}
          <FormError message={formError} />
          {notices}
          {children}
          <Group justify="flex-end">
            <Button type="submit" loading={busy} name={submitName} value={submitValue}>
              {submit ?? title}
            </Button>
          </Group>
        </Stack>
      </Form>
    </Card>
  )
}
