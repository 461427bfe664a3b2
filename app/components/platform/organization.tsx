/**
 * One organization in the console: its metadata (never its evidence), and what operators do to it:
 * invite an administrator, change its parent, suspend it with a reason (asked to confirm) or
 * reactivate it. Moving it (export, import, delete) has its own card.
 */
import { Form, Link } from '@remix-run/react'
import { Alert, Anchor, Card, Group, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormCard, useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { AdministratorNotice, ParentSelect } from '#app/components/platform/organization-form'
import { formatBytes, StatusBadge } from '#app/components/platform/organizations'
import { DoneNote, Fact } from '#app/components/ui/fields'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import type { AdministratorHandOver } from '#app/utils/platform.server'
import { formatDate } from '#models/dates'
import type { OrganizationDetails } from '#models/tenancy/operator.server'

type Named = { code: string; nameTh: string; nameEn: string }

export interface OrganizationAnswer {
  intent?: string
  done?: 'parent' | 'suspend' | 'reactivate' | 'invite'
  admin?: AdministratorHandOver | null
}

function Metadata({ organization: o }: { organization: OrganizationDetails }) {
  const t = useT()
  const locale = useLocale()
  const pick = (n: { nameTh: string; nameEn: string }) => (locale === 'en' && n.nameEn) || n.nameTh
  const date = (iso: string | null) => (iso ? formatDate(iso, locale, { style: 'datetime' }) : t('platform.never'))
  return (
    <Card withBorder data-testid="org-metadata">
      <Stack gap={4}>
        <Title order={4}>{t('platform.org.metadata')}</Title>
        <Text size="sm" c="dimmed">
          {t('platform.org.metadataNote')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing={4}>
          <Fact label={t('platform.col.code')}>{o.code}</Fact>
          <Fact label={t('platform.col.type')}>{t(`org.type.${o.agencyType}`)}</Fact>
          <Fact label={t('platform.field.itasCode')}>{o.itasCode || t('platform.none')}</Fact>
          <Fact label={t('platform.col.parent')}>
            {o.parent ? `${o.parent.code} · ${pick(o.parent)}` : t('platform.none')}
          </Fact>
          <Fact label={t('platform.col.people')}>{String(o.people)}</Fact>
          <Fact label={t('platform.org.administrators')}>{String(o.administrators)}</Fact>
          <Fact label={t('platform.org.pending')}>{String(o.pendingInvitations)}</Fact>
          <Fact label={t('platform.col.storage')}>{formatBytes(o.storageBytes)}</Fact>
          <Fact label={t('platform.col.lastActivity')}>{date(o.lastActivity)}</Fact>
          <Fact label={t('platform.org.created')}>{date(o.createdAt)}</Fact>
          <Fact label={t('platform.org.domains')}>{o.linkDomains.join(', ') || t('platform.none')}</Fact>
          <Fact label={t('platform.org.children')}>
            {o.children.map((c) => c.code).join(', ') || t('platform.none')}
          </Fact>
        </SimpleGrid>
      </Stack>
    </Card>
  )
}

/** Suspend (a reason, then a confirmation) or reactivate (a confirmation). */
function Suspension({ organization: o, name }: { organization: OrganizationDetails; name: string }) {
  const t = useT()
  const { data, formError, error, busy } = useActionForm<OrganizationAnswer>()
  const mine = data?.intent === 'suspend' || data?.intent === 'reactivate'
  const done = mine && data?.done ? t(`platform.${data.done as 'suspend' | 'reactivate'}.done`) : null
  return (
    <Card withBorder>
      <Form method="post" noValidate>
        <Stack>
          <Title order={4}>{o.suspended ? t('platform.reactivate.title') : t('platform.suspend.title')}</Title>
          {mine ? <FormError message={formError} /> : null}
          <DoneNote>{done}</DoneNote>
          {o.suspended ? (
            <>
              <input type="hidden" name="intent" value="reactivate" />
              <Group justify="flex-end">
                <ConfirmButton
                  color="teal"
                  message={t('platform.reactivate.confirm', { name })}
                  loading={busy('reactivate')}
                >
                  {t('platform.reactivate.submit')}
                </ConfirmButton>
              </Group>
            </>
          ) : (
            <>
              <Text size="sm">{t('platform.suspend.intro')}</Text>
              <input type="hidden" name="intent" value="suspend" />
              <Textarea
                name="reason"
                label={t('platform.field.reason')}
                error={mine ? error('reason') : undefined}
                maxLength={500}
                autosize
                minRows={2}
                required
              />
              <Group justify="flex-end">
                <ConfirmButton message={t('platform.suspend.confirm', { name })} loading={busy('suspend')}>
                  {t('platform.suspend.submit')}
                </ConfirmButton>
              </Group>
            </>
          )}
        </Stack>
      </Form>
    </Card>
  )
}

export function OrganizationPage({
  organization: o,
  parents,
  transfer,
}: {
  organization: OrganizationDetails
  parents: Named[]
  /** The export / import / delete card, rendered by the route. */
  transfer?: ReactNode
}) {
  const t = useT()
  const locale = useLocale()
  const { data, formError, error, busy } = useActionForm<OrganizationAnswer>()
  const name = (locale === 'en' && o.nameEn) || o.nameTh
  const of = (intent: string) => data?.intent === intent
  return (
    <Page
      title={
        <Group gap="sm">
          {name} <StatusBadge suspended={o.suspended} />
        </Group>
      }
      description={locale === 'th' && o.nameEn ? o.nameEn : undefined}
      back={{ to: '/platform', label: t('platform.back') }}
      width={960}
    >
      {o.suspended ? (
        <Alert color="red" role="status" data-testid="suspended-reason">
          {t('platform.org.suspendedSince', {
            date: formatDate(o.suspended.at, locale, { style: 'datetime' }),
            reason: o.suspended.reason,
          })}
        </Alert>
      ) : null}
      <Metadata organization={o} />
      <FormCard
        key={of('invite') && data?.done ? data.admin?.email : 'invite'}
        title={t('platform.invite.title')}
        submit={t('platform.invite.submit')}
        formError={of('invite') ? formError : null}
        notices={of('invite') ? <AdministratorNotice admin={data?.admin} /> : null}
        busy={busy('invite')}
        submitName="intent"
        submitValue="invite"
        noValidate
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            name="adminEmail"
            type="email"
            label={t('platform.field.adminEmail')}
            error={of('invite') ? error('adminEmail') : undefined}
            maxLength={254}
            required
          />
          <TextInput
            name="adminName"
            label={t('platform.field.adminName')}
            error={of('invite') ? error('adminName') : undefined}
            maxLength={200}
            required
          />
        </SimpleGrid>
      </FormCard>
      <FormCard
        title={t('platform.parent.title')}
        submit={t('platform.parent.submit')}
        formError={of('parent') ? formError : null}
        notices={<DoneNote>{of('parent') && data?.done ? t('platform.parent.saved') : null}</DoneNote>}
        busy={busy('parent')}
        submitName="intent"
        submitValue="parent"
      >
        <ParentSelect
          parents={parents.filter((p) => p.code !== o.code)}
          defaultValue={o.parent?.code ?? ''}
          error={of('parent') ? error('parentCode') : undefined}
        />
      </FormCard>
      <Suspension organization={o} name={name} />
      {transfer ?? null}
      <Anchor component={Link} to="/platform" size="sm">
        ← {t('platform.back')}
      </Anchor>
    </Page>
  )
}
