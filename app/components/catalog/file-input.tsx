import { Card, Input, List, Text } from '@mantine/core'
import { useLocalize } from '#app/components/messages'
import { useT } from '#app/utils/i18n'

/** A native file input (works without JavaScript), labelled and showing the server's error. */
export function CatalogFileInput({ label, error }: { label: string; error?: string }) {
  const l = useLocalize()
  return (
    <Input.Wrapper label={label} error={l(error)} withAsterisk>
      <input
        type="file"
        name="file"
        id="catalog-file"
        accept=".xlsx,.json"
        required
        aria-label={label}
        style={{ display: 'block', marginTop: 4 }}
      />
    </Input.Wrapper>
  )
}

/** Every problem of a refused import (sheet, row, column, rule), listed so all can be fixed at once. */
export function ImportProblems({ problems }: { problems?: string[] }) {
  const t = useT()
  const l = useLocalize()
  if (!problems?.length) return null
  return (
    <Card withBorder>
      <Text fw={600}>{t('catalogs.importProblems')}</Text>
      <List size="sm" data-testid="import-problems">
        {problems.map((p, i) => (
          <List.Item key={i}>{l(p)}</List.Item>
        ))}
      </List>
    </Card>
  )
}
