import { Input } from '@mantine/core'
import { useLocalize } from '#app/components/messages'

/** A native file input (works without JavaScript), labelled and showing the server's error. */
export function CatalogFileInput({ label, error }: { label: string; error?: string }) {
  const l = useLocalize()
  return (
    <Input.Wrapper label={label} error={l(error)} withAsterisk>
      <input type="file" name="file" id="catalog-file" accept=".xlsx,.json" required aria-label={label} style={{ display: 'block', marginTop: 4 }} />
    </Input.Wrapper>
  )
}
