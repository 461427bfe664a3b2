import { NativeSelect, TextInput } from '@mantine/core'
import { useLocalize } from '#app/components/messages'
import { useLocale, useT } from '#app/utils/i18n'
import { UNIT_KINDS } from '#models/tenancy/unit-kinds'

/** The fields of a unit form: names, kind, parent (retired units and excludeId are not offered). */
export function UnitFields({
  units,
  values,
  errors,
  excludeId,
}: {
  units: { id: string; nameTh: string; nameEn: string; depth: number; retired: boolean }[]
  values?: { nameTh?: string; nameEn?: string; kind?: string; parentId?: string | null }
  errors?: Record<string, string>
  excludeId?: string
}) {
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const name = (field: 'nameTh' | 'nameEn') => ({
    label: t(`units.${field}`),
    name: field,
    defaultValue: values?.[field],
    error: l(errors?.[field]),
  })
  return (
    <>
      <TextInput {...name('nameTh')} required maxLength={200} />
      <TextInput {...name('nameEn')} maxLength={200} />
      <NativeSelect
        label={t('units.kind')}
        name="kind"
        defaultValue={values?.kind ?? 'division'}
        data={UNIT_KINDS.map((k) => ({ value: k, label: t(`units.kind.${k}`) }))}
        error={l(errors?.kind)}
      />
      <NativeSelect
        label={t('units.parent')}
        name="parentId"
        defaultValue={values?.parentId ?? ''}
        error={l(errors?.parentId)}
        data={[
          { value: '', label: t('units.noParent') },
          ...units
            .filter((u) => !u.retired && u.id !== excludeId)
            .map((u) => ({
              value: u.id,
              label: `${'\u2003'.repeat(u.depth)}${(locale === 'en' && u.nameEn) || u.nameTh}`,
            })),
        ]}
      />
    </>
  )
}
