import {
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Image,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
  TypographyStylesProvider,
} from '@mantine/core'
import { EvidenceUploader } from '#app/components/evidence/uploader'
import { IntentForm, useActionForm } from '#app/components/forms'
import { useLocalize } from '#app/components/messages'
import { NoteText } from '#app/components/ui/fields'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import type { EvidencePageProps } from '#app/components/evidence/types'

type Shown = EvidencePageProps['evidence']

const mb = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`

function Preview({ id, version, mimeType, title }: { id: string; version: number; mimeType: string; title: string }) {
  const t = useT()
  const src = `/evidence/${id}/file?version=${version}`
  if (mimeType === 'application/pdf') {
    const style = { width: '100%', height: 560, border: '1px solid var(--mantine-color-gray-3)' }
    return <iframe src={src} title={`${t('evidence.preview')}: ${title}`} style={style} />
  }
  if (mimeType === 'image/png' || mimeType === 'image/jpeg')
    return <Image src={src} alt={title} fit="contain" mah={560} />
  return <Text c="dimmed">{t('evidence.noPreview')}</Text>
}

/** A file evidence: its preview, every version with its checksum, and the uploader of a new version. */
export function FileCard({
  e,
  mayChange,
  maxBytes,
  typesLabel,
}: {
  e: Shown
  mayChange: boolean
  maxBytes: number
  typesLabel: string
}) {
  const t = useT()
  const locale = useLocale()
  if (!e.current) return null
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={4}>{t('evidence.preview')}</Title>
        <Preview id={e.id} version={e.current.number} mimeType={e.current.mimeType} title={e.current.fileName} />
        <Title order={4}>{t('evidence.versions')}</Title>
        <Table>
          <Table.Tbody>
            {[...e.versions].reverse().map((v) => (
              <Table.Tr key={v.number} data-testid="version-row">
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {t('evidence.version', { n: v.number })}{' '}
                  {v.number === e.current!.number ? <Badge size="xs">{t('evidence.current')}</Badge> : null}
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{v.fileName}</Text>
                  <Text size="xs" c="dimmed">
                    {mb(v.size)} · {formatDate(v.uploadedAt, locale, { style: 'datetime' })} · {v.uploadedByName}
                  </Text>
                  <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                    {t('evidence.sha256')} {v.sha256}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Anchor href={`/evidence/${e.id}/file?version=${v.number}&download=1`} download>
                    {t('evidence.download')}
                  </Anchor>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {mayChange ? (
          <>
            <Title order={5}>{t('evidence.replace')}</Title>
            <EvidenceUploader
              action={`/evidence/upload?replace=${e.id}`}
              maxBytes={maxBytes}
              typesLabel={typesLabel}
              replace
            />
          </>
        ) : null}
      </Stack>
    </Card>
  )
}

/** A link evidence: the address, the last check and its redirects, the button to check again, the snapshots. */
export function LinkCard({ e, canUpload }: { e: Shown; canUpload: boolean }) {
  const { busy } = useActionForm()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  if (!e.url) return null
  const check = e.lastCheck
  const failed = () =>
    `${t('evidence.check.failed')} ${check?.status ? `(HTTP ${check.status})` : ''} ${l(check?.error) ?? ''}`
  return (
    <Card withBorder>
      <Stack gap="xs">
        <Anchor href={e.url} target="_blank" rel="noopener noreferrer" style={{ wordBreak: 'break-all' }}>
          {e.url}
        </Anchor>
        <Text size="sm" role="status">
          {check
            ? t('evidence.check.last', {
                at: formatDate(check.checkedAt, locale, { style: 'datetime' }),
                result: check.ok ? t('evidence.check.ok', { status: check.status, ms: check.responseMs }) : failed(),
              })
            : t('evidence.check.never')}
        </Text>
        {check && check.redirects.length > 0 ? (
          <Text size="xs" c="dimmed">
            {t('evidence.check.redirects')} {check.redirects.join(' → ')}
          </Text>
        ) : null}
        {canUpload ? (
          <IntentForm intent="check">
            <Button type="submit" variant="light" loading={busy('check')}>
              {t('evidence.check')}
            </Button>
          </IntentForm>
        ) : null}
        <Title order={5}>{t('evidence.snapshots')}</Title>
        <NoteText>{e.snapshots.length === 0 && t('evidence.snapshots.empty')}</NoteText>
        {e.snapshots.map((s, i) => (
          <Group key={s.key} gap="xs" wrap="nowrap" data-testid="snapshot-row">
            <Anchor href={`/evidence/${e.id}/snapshot/${i}`} download size="sm">
              {formatDate(s.fetchedAt, locale, { style: 'datetime' })}
            </Anchor>
            <Text size="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
              {s.contentType} · {mb(s.size)} · SHA-256 {s.sha256}
            </Text>
          </Group>
        ))}
      </Stack>
    </Card>
  )
}

/** A text evidence as saved, and its editor for those who may change it. */
export function TextCard({ e, mayChange }: { e: Shown; mayChange: boolean }) {
  const { error, busy } = useActionForm()
  const t = useT()
  return (
    <Card withBorder>
      <TypographyStylesProvider>
        {/* sanitized on the server when saved (models/evidence/records.server.ts sanitizeEvidenceHtml) */}
        <div dangerouslySetInnerHTML={{ __html: e.html ?? '' }} />
      </TypographyStylesProvider>
      {mayChange ? (
        <IntentForm intent="text">
          <Textarea
            label={t('evidence.html')}
            name="html"
            defaultValue={e.html ?? ''}
            autosize
            minRows={4}
            mt="sm"
            error={error('html')}
          />
          <Button type="submit" mt="xs" loading={busy('text')}>
            {t('evidence.save')}
          </Button>
        </IntentForm>
      ) : null}
    </Card>
  )
}
