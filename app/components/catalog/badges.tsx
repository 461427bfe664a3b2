import { Alert, Badge, Group, Stack, Text, Tooltip } from '@mantine/core'
import { useLocale, useT } from '#app/utils/i18n'
import { formatFiscalYear } from '#models/dates'

export function usePick() {
  const locale = useLocale()
  return (th: string, en?: string | null) => (locale === 'en' && en) || th
}

/** "catalog name · fiscal year", the way every page names a catalog in a line of text or a list. */
export function useCatalogLabel() {
  const locale = useLocale()
  const pick = usePick()
  return (c: { nameTh: string; nameEn?: string | null; fiscalYear: number }) =>
    `${pick(c.nameTh, c.nameEn)} · ${formatFiscalYear(c.fiscalYear, locale)}`
}

/** Status, version and, for provisional catalogs, the visible "provisional" badge. */
export function CatalogBadges({
  status,
  version,
  provisional,
}: {
  status: 'draft' | 'published' | 'archived'
  version?: number
  provisional: boolean
}) {
  const t = useT()
  return (
    <Group gap={6} wrap="wrap">
      <Badge color={status === 'published' ? 'teal' : status === 'draft' ? 'blue' : 'gray'} variant="light">
        {t(`catalogs.status.${status}`)}
      </Badge>
      {version ? (
        <Badge variant="outline" color="gray">
          {t('catalogs.version', { version })}
        </Badge>
      ) : null}
      {provisional ? (
        <Badge color="orange" variant="filled">
          {t('catalogs.provisional')}
        </Badge>
      ) : null}
    </Group>
  )
}

/** The provenance note of a provisional catalog, shown next to its content. */
export function ProvenanceNote({ provisional, th, en }: { provisional: boolean; th: string; en: string }) {
  const t = useT()
  const pick = usePick()
  if (!th) return null
  return (
    <Alert
      color={provisional ? 'orange' : 'gray'}
      variant="light"
      title={provisional ? `${t('catalogs.provisional')} · ${t('catalogs.provenance')}` : t('catalogs.provenance')}
    >
      <Text size="sm">{pick(th, en)}</Text>
    </Alert>
  )
}

type ConfidenceLike = {
  level: 'confirmed' | 'one-source' | 'unconfirmed'
  note: { th: string; en?: string }
  explicit?: boolean
}
const CONFIDENCE_COLOR = { confirmed: 'teal', 'one-source': 'yellow', unconfirmed: 'orange' } as const

/**
 * How sure a part of a catalog is (ยืนยันแล้ว / จากแหล่งเดียว / ยังไม่ยืนยัน); its source note shows on hover and,
 * for keyboard and screen-reader users, as the badge's accessible description.
 */
export function ConfidenceBadge({ confidence, size = 'xs' }: { confidence: ConfidenceLike; size?: 'xs' | 'sm' }) {
  const t = useT()
  const pick = usePick()
  const note =
    confidence.explicit === false ? t('catalogs.confidence.derived') : pick(confidence.note.th, confidence.note.en)
  return (
    <Tooltip label={note} multiline w={360} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Badge
        size={size}
        color={CONFIDENCE_COLOR[confidence.level]}
        variant="light"
        tabIndex={0}
        title={note}
        data-confidence={confidence.level}
      >
        {t(`catalogs.confidence.${confidence.level}`)}
      </Badge>
    </Tooltip>
  )
}

/** The catalog-wide confidences (item list, weights, bands, grouping) with their source notes written out. */
export function ConfidenceSummary({ rows }: { rows: { label: string; confidence: ConfidenceLike }[] }) {
  const t = useT()
  const pick = usePick()
  return (
    <Alert color="gray" variant="light" title={t('catalogs.confidence.title')} data-testid="confidence-summary">
      <Stack gap={6}>
        {rows.map((r) => (
          <div key={r.label}>
            <Group gap={6}>
              <Text size="sm" fw={600}>
                {r.label}
              </Text>
              <ConfidenceBadge confidence={r.confidence} />
            </Group>
            <Text size="xs" c="dimmed">
              {r.confidence.explicit === false
                ? t('catalogs.confidence.derived')
                : pick(r.confidence.note.th, r.confidence.note.en)}
            </Text>
          </div>
        ))}
      </Stack>
    </Alert>
  )
}
