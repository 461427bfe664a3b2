import { Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import type { ReactNode } from 'react'
import { Anchor, Button, Card, Grid, Stack, TextInput, Textarea, Title } from '@mantine/core'
import type { EvidenceLibraryData } from '#app/components/evidence/library.server'
import { LibraryResults, LibrarySearchForm } from '#app/components/evidence/search'
import { EvidenceUploader } from '#app/components/evidence/uploader'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { Page } from '#app/components/ui/page'
import { useT } from '#app/utils/i18n'

/** What the library's loader gives: the evidence found, the filter and its choices, and whether the person may add. */
export type { EvidenceLibraryData }

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
export function EvidenceLibrary(data: SerializeFrom<EvidenceLibraryData>) {
  const { canUpload, maxBytes, typesLabel } = data
  const { formError, error } = useActionForm()
  const t = useT()
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
      <LibrarySearchForm data={data} />
      <LibraryResults data={data} />
    </Page>
  )
}
