import { Badge, Group, SimpleGrid, Stack, Text, Tooltip } from '@mantine/core'
import type { CoverageGrid } from '#models/evidence/coverage'
import { THAI_MONTHS_SHORT, formatFiscalYear } from '#models/dates'
import { useLocale, useT } from '#app/utils/i18n'

const EN_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/**
 * Which months (ต.ค. … ก.ย.) or quarters of the fiscal year an element's evidence covers: each cell names the
 * evidence filling it, gaps stand out, and evidence outside the year or of no known period is listed below.
 * The coordinator and the assessor see the same grid.
 */
export function CoverageGridView({
  grid,
  fiscalYear,
  titles,
}: {
  grid: CoverageGrid
  fiscalYear: number
  titles: Record<string, string>
}) {
  const t = useT()
  const locale = useLocale()
  const label = (index: number) => {
    if (grid.unit === 'quarter') return t('workspace.grid.quarter', { n: index })
    const month = (index + 8) % 12 // fiscal month 1 is October (calendar index 9)
    return (locale === 'th' ? THAI_MONTHS_SHORT : EN_SHORT)[month]
  }
  const complete = grid.gaps.length === 0
  return (
    <Stack gap={4} data-testid="coverage-grid" data-gaps={grid.gaps.length} data-complete={complete}>
      <Group gap="xs">
        <Text size="sm" fw={600}>
          {t('workspace.grid.title', { year: formatFiscalYear(fiscalYear, locale) })}
        </Text>
        <Badge color={complete ? 'teal' : 'orange'} variant="light" data-testid="coverage-status">
          {complete ? t('workspace.grid.complete') : t('workspace.grid.gaps', { count: grid.gaps.length })}
        </Badge>
      </Group>
      <SimpleGrid cols={{ base: grid.unit === 'quarter' ? 2 : 4, sm: grid.cells.length }} spacing={4}>
        {grid.cells.map((cell) => {
          const names = cell.evidenceIds.map((id) => titles[id] ?? '')
          const filled = names.length > 0
          return (
            <Tooltip
              key={cell.index}
              label={filled ? names.join(' · ') : t('workspace.grid.empty')}
              multiline
              maw={320}
            >
              <Stack
                gap={0}
                align="center"
                p={4}
                data-testid="coverage-cell"
                data-filled={filled}
                role="group"
                aria-label={`${label(cell.index)}: ${filled ? names.join(', ') : t('workspace.grid.empty')}`}
                style={{
                  borderRadius: 4,
                  border: `1px solid var(--mantine-color-${filled ? 'teal' : 'orange'}-8)`,
                  background: filled ? 'var(--mantine-color-teal-0)' : 'var(--mantine-color-orange-0)',
                }}
              >
                <Text size="xs" fw={600} c="dark">
                  {label(cell.index)}
                </Text>
                <Text size="xs" c={filled ? 'teal.9' : 'orange.9'}>
                  {filled ? `✓ ${names.length}` : '—'}
                </Text>
              </Stack>
            </Tooltip>
          )
        })}
      </SimpleGrid>
      {grid.outside.map((o) => (
        <Text key={o.id} size="xs" c="red.8" data-testid="coverage-outside">
          ⚠ {titles[o.id]}: {t(o.entirely ? 'workspace.grid.outside' : 'workspace.grid.partly')}
        </Text>
      ))}
      {grid.unknown.map((id) => (
        <Text key={id} size="xs" c="dimmed" data-testid="coverage-unknown">
          ? {titles[id]}: {t('workspace.grid.unknown')}
        </Text>
      ))}
    </Stack>
  )
}
