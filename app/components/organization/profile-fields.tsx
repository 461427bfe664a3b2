/** The organization profile's fields (code shown, names, type, web domains), on the settings page and in the set-up. */
import type { ReactNode } from 'react'
import { NativeSelect, Textarea, TextInput } from '@mantine/core'
import { useT } from '#app/utils/i18n'
import type { Organization } from '#models/tenancy/organization.server'

interface Profile {
  code: string
  nameTh: string
  nameEn: string
  agencyType: string
  linkDomains: string[]
}

/** `children` go after the agency type (the set-up asks for the ITAS code there). */
export function OrganizationProfileFields({
  organization,
  agencyTypes,
  error,
  children,
}: {
  organization: Profile
  agencyTypes: readonly Organization['agencyType'][]
  error: (name: string) => string | undefined
  children?: ReactNode
}) {
  const t = useT()
  // a setting is posted under its own name and labelled `org.<name>`
  const field = (name: 'nameTh' | 'nameEn' | 'agencyType' | 'linkDomains') => ({
    label: t(`org.${name}`),
    name,
    error: error(name),
  })
  return (
    <>
      <TextInput label={t('org.code')} value={organization.code} readOnly description={t('org.codeHint')} />
      <TextInput {...field('nameTh')} defaultValue={organization.nameTh} required maxLength={200} />
      <TextInput {...field('nameEn')} defaultValue={organization.nameEn} maxLength={200} />
      <NativeSelect
        {...field('agencyType')}
        defaultValue={organization.agencyType}
        data={agencyTypes.map((value) => ({ value, label: t(`org.type.${value}`) }))}
      />
      {children}
      <Textarea
        {...field('linkDomains')}
        description={t('org.linkDomainsHint')}
        defaultValue={organization.linkDomains.join('\n')}
        autosize
        minRows={2}
      />
    </>
  )
}
