import { MultiSelect, NativeSelect, SimpleGrid, TextInput } from '@mantine/core'
import { useLocalize } from '#app/components/messages'
import { useLocale, useT } from '#app/utils/i18n'
import { ROLES } from '#models/tenancy/permissions'

interface Values {
  email?: string
  nameTh?: string
  nameEn?: string
  position?: string
  phone?: string
  role?: string
  unitIds?: string[]
}

/**
 * Profile, role and units of a person. `lockIdentity`: the e-mail and names belong to a person
 * shared with another organization, shown read-only (the server refuses a change anyway).
 */
export function PersonFields({
  units,
  values,
  errors,
  lockIdentity = false,
}: {
  units: { id: string; nameTh: string; nameEn: string; retired: boolean }[]
  values?: Values
  errors?: Record<string, string>
  lockIdentity?: boolean
}) {
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput
          label={t('people.email')}
          name="email"
          type="email"
          required
          maxLength={254}
          readOnly={lockIdentity}
          defaultValue={values?.email}
          error={l(errors?.email)}
        />
        <TextInput
          label={t('people.phone')}
          name="phone"
          maxLength={40}
          defaultValue={values?.phone}
          error={l(errors?.phone)}
        />
        <TextInput
          label={t('people.nameTh')}
          name="nameTh"
          required
          maxLength={200}
          readOnly={lockIdentity}
          defaultValue={values?.nameTh}
          error={l(errors?.nameTh)}
        />
        <TextInput
          label={t('people.nameEn')}
          name="nameEn"
          maxLength={200}
          readOnly={lockIdentity}
          defaultValue={values?.nameEn}
          error={l(errors?.nameEn)}
        />
        <TextInput
          label={t('people.position')}
          name="position"
          maxLength={200}
          defaultValue={values?.position}
          error={l(errors?.position)}
        />
        <NativeSelect
          label={t('people.role')}
          name="role"
          defaultValue={values?.role ?? 'coordinator'}
          data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
          error={l(errors?.role)}
        />
      </SimpleGrid>
      <MultiSelect
        label={t('people.units')}
        name="unitIds"
        defaultValue={values?.unitIds ?? []}
        data={units
          .filter((u) => !u.retired)
          .map((u) => ({ value: u.id, label: (locale === 'en' && u.nameEn) || u.nameTh }))}
        searchable
        clearable
        error={l(errors?.unitIds)}
      />
    </>
  )
}
