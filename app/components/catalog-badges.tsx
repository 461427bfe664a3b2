import { Alert, Badge, Group, Text } from '@mantine/core'
import { useLocale, useT } from '#app/utils/i18n'

export function usePick() {
  const locale = useLocale()
  return (th: string, en?: string | null) => (locale === 'en' && en) || th
}

/** Status, version and, for provisional catalogs, the visible "provisional" badge. */
export function CatalogBadges({ status, version, provisional }: { status: 'draft' | 'published' | 'archived'; version?: number; provisional: boolean }) {
  const t = useT()
  return (
    <Group gap={6} wrap="wrap">
      <Badge color={status === 'published' ? 'teal' : status === 'draft' ? 'blue' : 'gray'} variant="light">
        {t(`catalogs.status.${status}`)}
      </Badge>
      {version ? <Badge variant="outline" color="gray">{t('catalogs.version', { version })}</Badge> : null}
      {provisional ? <Badge color="orange" variant="filled">{t('catalogs.provisional')}</Badge> : null}
    </Group>
  )
}

/** The provenance note of a provisional catalog, shown next to its content. */
export function ProvenanceNote({ provisional, th, en }: { provisional: boolean; th: string; en: string }) {
  const t = useT()
  const pick = usePick()
  if (!th) return null
  return (
    <Alert color={provisional ? 'orange' : 'gray'} variant="light" title={provisional ? `${t('catalogs.provisional')} · ${t('catalogs.provenance')}` : t('catalogs.provenance')}>
      <Text size="sm">{pick(th, en)}</Text>
    </Alert>
  )
}
