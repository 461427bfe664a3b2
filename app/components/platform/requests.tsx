/** The operators' queue of sign-up requests: approve with the new organization's code, or decline with a reason. */
import { Alert, Badge, Button, Card, Code, Group, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { EmptyState, Page } from '#app/components/ui/page'
import type { SignupRequest } from '#models/tenancy/signup.server'
import type { MessageKey } from '#app/i18n'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'

const STATUS_COLOR = { unconfirmed: 'gray', pending: 'blue', approved: 'teal', declined: 'red' } as const

/** What the queue's action answers: the request it decided or refused, and what became of it. */
interface Decision {
  id?: string
  approved?: { code: string; email: string; link: string | null }
  declined?: { email: string }
}

export function SignupRequestsPage({ requests }: { requests: SignupRequest[] }) {
  const t = useT()
  const { data } = useActionForm<Decision>()
  const approved = data?.approved ?? null
  const declined = data?.declined ?? null
  return (
    <Page title={t('requests.title')} back={{ to: '/platform', label: t('platform.back') }}>
      {approved ? (
        <Alert color="teal" role="status">
          <Text>{t('requests.approved', { code: approved.code, email: approved.email })}</Text>
          {approved.link ? (
            <>
              <Text size="sm">{t('requests.link')}</Text>
              <Code block>{approved.link}</Code>
            </>
          ) : null}
        </Alert>
      ) : null}
      {declined ? (
        <Alert color="teal" role="status">
          {t('requests.declined', { email: declined.email })}
        </Alert>
      ) : null}
      {requests.length === 0 ? <EmptyState>{t('requests.empty')}</EmptyState> : null}
      <Stack>
        {requests.map((r) => (
          <RequestCard key={r.id} request={r} />
        ))}
      </Stack>
    </Page>
  )
}

function RequestCard({ request: r }: { request: SignupRequest }) {
  const t = useT()
  const locale = useLocale()
  const { formError, error, busy, sending, data } = useActionForm<Decision>()
  // a refusal belongs to the card whose form was sent (the answer names the request)
  const mine = data?.id === r.id
  const sendingMine = sending?.get('id') === r.id
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Group justify="space-between">
          <Text fw={600}>
            {r.nameTh} {r.nameEn ? `(${r.nameEn})` : ''}
          </Text>
          <Badge color={STATUS_COLOR[r.status]}>{t(`requests.status.${r.status}` as MessageKey)}</Badge>
        </Group>
        <Text size="sm">
          {t(`org.type.${r.agencyType}` as MessageKey)}
          {r.itasCode ? ` · ITAS ${r.itasCode}` : ''}
        </Text>
        <Text size="sm">
          {t('requests.requester')}: {r.requesterName} · {r.email} · {r.phone}
        </Text>
        <Text size="xs" c="dimmed">
          {t('requests.received')} {formatDate(r.createdAt, locale, { style: 'datetime' })}
          {r.decidedByName ? ` · ${t('requests.decidedBy', { name: r.decidedByName })}` : ''}
        </Text>
        {r.declineReason ? <Text size="sm">{r.declineReason}</Text> : null}
        {r.status === 'pending' ? (
          <Stack gap="xs">
            {mine ? <FormError message={formError} /> : null}
            <IntentForm intent="approve">
              <input type="hidden" name="id" value={r.id} />
              <Group align="end">
                <TextInput
                  name="code"
                  label={t('requests.code')}
                  description={t('requests.codeHint')}
                  required
                  maxLength={40}
                  error={mine ? error('code') : undefined}
                />
                <Button type="submit" loading={sendingMine && busy('approve')}>
                  {t('requests.approve')}
                </Button>
              </Group>
            </IntentForm>
            <IntentForm intent="decline">
              <input type="hidden" name="id" value={r.id} />
              <Group align="end">
                <Textarea
                  name="reason"
                  label={t('requests.reason')}
                  required
                  minLength={10}
                  maxLength={1000}
                  autosize
                  style={{ flex: 1 }}
                  error={mine ? error('reason') : undefined}
                />
                <Button type="submit" color="red" variant="light" loading={sendingMine && busy('decline')}>
                  {t('requests.decline')}
                </Button>
              </Group>
            </IntentForm>
          </Stack>
        ) : null}
      </Stack>
    </Card>
  )
}
