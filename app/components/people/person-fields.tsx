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
  // a text field is posted under its own name and labelled `people.<name>`
  const field = (name: 'email' | 'phone' | 'nameTh' | 'nameEn' | 'position') => ({
    label: t(`people.${name}`),
    name,
    defaultValue: values?.[name],
    error: l(errors?.[name]),
  })
  return (
    <>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <TextInput {...field('email')} type="email" required maxLength={254} readOnly={lockIdentity} />
        <TextInput {...field('phone')} maxLength={40} />
        <TextInput {...field('nameTh')} required maxLength={200} readOnly={lockIdentity} />
        <TextInput {...field('nameEn')} maxLength={200} readOnly={lockIdentity} />
        <TextInput {...field('position')} maxLength={200} />
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
