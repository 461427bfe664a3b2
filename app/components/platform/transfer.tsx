/**
 * The console's card for moving an organization whole: the export download (a streamed ZIP of every
 * document and file with a manifest of hashes), when it was last exported, and deletion, which asks
 * for the organization's code typed in and is refused by the server until an export holds the last
 * change. Its state comes from the delete route's loader, so the console page needs no extra data.
 */
import { useFetcher } from '@remix-run/react'
import { Alert, Button, Card, Divider, Group, Stack, Text, TextInput, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { FormError } from '#app/components/messages'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import { localize } from '#models/errors'
import type { ExportState } from '#models/tenancy/organization-data.server'

interface StateAnswer {
  code: string
  state: ExportState
}

interface DeleteAnswer {
  formError: string | null
  fieldErrors: Record<string, string>
}

export function OrganizationTransfer({ organization }: { organization: { id: string; code: string } }) {
  const t = useT()
  const locale = useLocale()
  const base = `/platform/organizations/${organization.id}`
  const status = useFetcher<StateAnswer>()
  const remove = useFetcher<DeleteAnswer>()
  const [typed, setTyped] = useState('')
  const { load } = status

  useEffect(() => {
    load(`${base}/delete`)
    // a download ends outside the page: look again when the operator comes back to it
    const again = () => load(`${base}/delete`)
    window.addEventListener('focus', again)
    return () => window.removeEventListener('focus', again)
  }, [base, load])

  const state = status.data?.state
  const last = state?.lastExport
  const errors = remove.data?.fieldErrors ?? {}
  const fieldError = (name: string) => (errors[name] ? localize(errors[name], locale) : undefined)
  return (
    <Card withBorder data-testid="org-transfer">
      <Stack>
        <Title order={4}>{t('transfer.title')}</Title>
        <Text size="sm">{t('transfer.intro')}</Text>
        <Group justify="space-between" align="center">
          <Text size="sm" data-testid="last-export">
            {last
              ? t('transfer.lastExport', { date: formatDate(last.at, locale, { style: 'datetime' }) })
              : t('transfer.neverExported')}
          </Text>
          <Button component="a" href={`${base}/export.zip`} download>
            {t('transfer.export')}
          </Button>
        </Group>
        {state && last ? (
          <Alert color={state.current ? 'teal' : 'yellow'} role="status">
            {state.current ? t('transfer.current') : t('transfer.stale')}
          </Alert>
        ) : null}
        <Divider />
        <remove.Form method="post" action={`${base}/delete`} noValidate>
          <Stack>
            <Title order={5} c="red">
              {t('transfer.delete.title')}
            </Title>
            <Text size="sm">{t('transfer.delete.intro')}</Text>
            <FormError message={remove.data?.formError ?? null} />
            <TextInput
              name="confirm"
              label={t('transfer.delete.confirm', { code: organization.code })}
              value={typed}
              onChange={(e) => setTyped(e.currentTarget.value)}
              error={fieldError('confirm') ?? fieldError('export')}
              autoComplete="off"
              required
            />
            <Group justify="space-between">
              <Button variant="subtle" type="button" onClick={() => load(`${base}/delete`)}>
                {t('transfer.refresh')}
              </Button>
              <Button
                type="submit"
                color="red"
                disabled={typed.trim() !== organization.code}
                loading={remove.state !== 'idle'}
              >
                {t('transfer.delete.submit')}
              </Button>
            </Group>
          </Stack>
        </remove.Form>
      </Stack>
    </Card>
  )
}
