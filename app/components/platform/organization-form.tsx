/**
 * Creating an organization from the console: names, code, type, ITAS code, web domains, parent, and
 * its first administrator (optional). Each refusal shows next to its field; on success the page names
 * the organization and hands over the administrator's one-time link (or says it was mailed).
 */
import { Link } from '@remix-run/react'
import { Alert, Anchor, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { LinkNotice } from '#app/components/evidence/link-notice'
import { FormCard, useActionForm } from '#app/components/forms'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import type { AdministratorHandOver } from '#app/utils/platform.server'

type Named = { code: string; nameTh: string; nameEn: string }

export interface CreatedAnswer {
  created?: { id: string; code: string; nameTh: string; nameEn: string }
  admin?: AdministratorHandOver | null
}

/** The administrator's hand-over: the link to give (or "mailed"), or where an existing account accepts. */
export function AdministratorNotice({ admin }: { admin: AdministratorHandOver | null | undefined }) {
  const t = useT()
  if (!admin) return null
  if (admin.link) return <LinkNotice link={admin.link} />
  return (
    <Alert color="blue" role="status">
      {admin.invitationsUrl
        ? t('platform.admin.pending', { email: admin.email, url: admin.invitationsUrl })
        : t('platform.admin.existing', { email: admin.email })}
    </Alert>
  )
}

/** The parent organization picker: "(no parent)" then every organization by code. */
export function ParentSelect({
  parents,
  defaultValue,
  error,
}: {
  parents: Named[]
  defaultValue?: string
  error?: string
}) {
  const t = useT()
  const locale = useLocale()
  return (
    <NativeSelect
      label={t('platform.field.parentCode')}
      name="parentCode"
      defaultValue={defaultValue ?? ''}
      error={error}
      data={[
        { value: '', label: t('platform.field.noParent') },
        ...parents.map((p) => ({ value: p.code, label: `${p.code} · ${(locale === 'en' && p.nameEn) || p.nameTh}` })),
      ]}
    />
  )
}

export function NewOrganizationPage({ parents, agencyTypes }: { parents: Named[]; agencyTypes: readonly string[] }) {
  const t = useT()
  const locale = useLocale()
  const { data, formError, error, busy } = useActionForm<CreatedAnswer>()
  const created = data?.created
  const notices = created ? (
    <Stack gap="xs">
      <Alert color="teal" role="status">
        <Group gap="sm">
          <Text size="sm">
            {t('platform.create.done', {
              name: (locale === 'en' && created.nameEn) || created.nameTh,
              code: created.code,
            })}
          </Text>
          <Anchor component={Link} to={`/platform/organizations/${created.id}`} size="sm">
            {t('platform.create.open')}
          </Anchor>
        </Group>
      </Alert>
      <AdministratorNotice admin={data?.admin} />
    </Stack>
  ) : null
  const field = (name: string, label: string) => ({ name, label, error: error(name) })
  return (
    <Page title={t('platform.create.title')} back={{ to: '/platform', label: t('platform.back') }} width={820}>
      <FormCard
        key={created?.id ?? 'new'}
        formError={formError}
        notices={notices}
        submit={t('platform.create.submit')}
        busy={busy()}
        noValidate
      >
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput {...field('nameTh', t('org.nameTh'))} required maxLength={200} />
          <TextInput {...field('nameEn', t('org.nameEn'))} maxLength={200} />
          <TextInput
            {...field('code', t('platform.field.code'))}
            description={t('platform.field.codeHint')}
            required
            maxLength={40}
            autoCapitalize="none"
          />
          <NativeSelect
            {...field('agencyType', t('org.agencyType'))}
            defaultValue="department"
            data={agencyTypes.map((value) => ({ value, label: t(`org.type.${value}` as 'org.type.other') }))}
          />
          <TextInput {...field('itasCode', t('platform.field.itasCode'))} maxLength={20} />
          <ParentSelect parents={parents} error={error('parentCode')} />
        </SimpleGrid>
        <Textarea
          {...field('linkDomains', t('org.linkDomains'))}
          description={t('org.linkDomainsHint')}
          autosize
          minRows={2}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <TextInput
            {...field('adminEmail', t('platform.field.adminEmail'))}
            type="email"
            description={t('platform.field.adminHint')}
            maxLength={254}
          />
          <TextInput {...field('adminName', t('platform.field.adminName'))} maxLength={200} />
        </SimpleGrid>
      </FormCard>
    </Page>
  )
}
