/** A sheet upload of the set-up (units, people): what the columns are, the file box, and every problem of a refusal. */
import { Form } from '@remix-run/react'
import { Button, Card, Group, Input, List, Stack, Text, Title } from '@mantine/core'
import type { ReactNode } from 'react'
import { FormError, useLocalize } from '#app/components/messages'
import { useT } from '#app/utils/i18n'

export function SheetUpload({
  title,
  columns,
  formError,
  fileError,
  problems,
  busy,
  notices,
}: {
  title: string
  columns: string
  formError?: string | null
  fileError?: string
  problems?: string[]
  busy?: boolean
  notices?: ReactNode
}) {
  const t = useT()
  const l = useLocalize()
  return (
    <Card withBorder>
      <Form method="post" encType="multipart/form-data">
        <Stack>
          <Title order={4}>{title}</Title>
          <Text size="sm">{columns}</Text>
          <FormError message={formError} />
          {problems?.length ? (
            <Stack gap={4}>
              <Text fw={600} size="sm">
                {t('setup.problems')}
              </Text>
              <List size="sm" data-testid="sheet-problems">
                {problems.map((p, i) => (
                  <List.Item key={i}>{l(p)}</List.Item>
                ))}
              </List>
            </Stack>
          ) : null}
          {notices}
          <Input.Wrapper label={t('setup.file')} error={l(fileError)} withAsterisk>
            <input
              type="file"
              name="file"
              accept=".xlsx,.csv"
              required
              aria-label={t('setup.file')}
              style={{ display: 'block', marginTop: 4 }}
            />
          </Input.Wrapper>
          <Group justify="flex-end">
            <Button type="submit" loading={busy}>
              {t('setup.import')}
            </Button>
          </Group>
        </Stack>
      </Form>
    </Card>
  )
}
