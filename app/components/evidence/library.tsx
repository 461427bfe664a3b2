import { Form, Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import type { ReactNode } from 'react'
import {
  Anchor,
  Badge,
  Button,
  Card,
  Grid,
  Group,
  NativeSelect,
  Stack,
  Table,
  Text,
  TextInput,
  Textarea,
  Title,
} from '@mantine/core'
import { EvidenceUploader } from '#app/components/evidence/uploader'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { DataTable } from '#app/components/ui/data-table'
import { EvidenceLink } from '#app/components/ui/fields'
import { Page } from '#app/components/ui/page'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import { EVIDENCE_TYPES, type EvidenceType } from '#models/evidence/kinds'

export { EVIDENCE_TYPES }

/** What the library's loader gives: the evidence found, the filter, and whether the person may add evidence. */
export interface EvidenceLibraryData {
  items: {
    id: string
    type: EvidenceType
    title: string
    fileName: string
    updatedAt: string
    links: number
    versions: number
  }[]
  filter: { q: string; type: string }
  canUpload: boolean
  maxBytes: number
  typesLabel: string
}

/** One way to add evidence without a file: a titled form with its own intent and button. */
function AddForm({ intent, title, children }: { intent: 'link' | 'text'; title: string; children: ReactNode }) {
  const { busy } = useActionForm()
  return (
    <IntentForm intent={intent}>
      <Stack gap="xs">
        <Title order={4}>{title}</Title>
        {children}
        <Button type="submit" loading={busy(intent)} w="fit-content">
          {title}
        </Button>
      </Stack>
    </IntentForm>
  )
}

/** The organization's evidence: upload files, add links and texts, search and filter the list. */
export function EvidenceLibrary({
  items,
  filter,
  canUpload,
  maxBytes,
  typesLabel,
}: SerializeFrom<EvidenceLibraryData>) {
  const { formError, error } = useActionForm()
  const t = useT()
  const locale = useLocale()
  const typeOptions = [
    { value: '', label: t('evidence.type.any') },
    ...EVIDENCE_TYPES.map((v) => ({ value: v, label: t(`evidence.type.${v}`) })),
  ]
  return (
    <Page
      title={t('evidence.title')}
      actions={
        <Anchor component={Link} to="/evidence/bin">
          {t('evidence.bin')}
        </Anchor>
      }
      description={t('evidence.intro')}
      width={1200}
    >
      {canUpload ? (
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <EvidenceUploader action="/evidence/upload" maxBytes={maxBytes} typesLabel={typesLabel} />
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Card withBorder>
              <Stack>
                <FormError message={formError} />
                <AddForm intent="link" title={t('evidence.addLink')}>
                  <TextInput
                    label={t('evidence.url')}
                    name="url"
                    type="url"
                    required
                    placeholder="https://www.example.go.th/..."
                    error={error('url')}
                  />
                  <TextInput label={t('evidence.linkTitle')} name="title" maxLength={200} />
                </AddForm>
                <AddForm intent="text" title={t('evidence.addText')}>
                  <TextInput
                    label={t('evidence.textTitle')}
                    name="title"
                    required
                    maxLength={200}
                    error={error('title')}
                  />
                  <Textarea
                    label={t('evidence.html')}
                    name="html"
                    required
                    autosize
                    minRows={3}
                    error={error('html')}
                  />
                </AddForm>
              </Stack>
            </Card>
          </Grid.Col>
        </Grid>
      ) : null}
      <Form method="get">
        <Group align="flex-end">
          <TextInput label={t('evidence.search')} name="q" defaultValue={filter.q} />
          <NativeSelect label={t('evidence.type')} name="type" defaultValue={filter.type} data={typeOptions} />
          <Button type="submit" variant="light">
            {t('evidence.filter')}
          </Button>
        </Group>
      </Form>
      <DataTable
        columns={[t('evidence.field.title'), t('evidence.type'), t('evidence.links'), t('evidence.updated')]}
        empty={items.length === 0 && (filter.q || filter.type ? t('evidence.noMatch') : t('evidence.empty'))}
        striped
        highlightOnHover
      >
        {items.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>
              <EvidenceLink id={e.id}>{e.title}</EvidenceLink>
              <Text size="xs" c="dimmed" truncate="end" maw={480}>
                {e.fileName}
              </Text>
            </Table.Td>
            <Table.Td>
              <Badge variant="light">{t(`evidence.type.${e.type}`)}</Badge>
              {e.versions > 1 ? (
                <Text span size="xs" c="dimmed">
                  {' '}
                  v{e.versions}
                </Text>
              ) : null}
            </Table.Td>
            <Table.Td>{e.links}</Table.Td>
            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDate(e.updatedAt, locale)}</Table.Td>
          </Table.Tr>
        ))}
      </DataTable>
    </Page>
  )
}
