import { Anchor, Box, Card, Image, Stack, Text, Title, TypographyStylesProvider } from '@mantine/core'
import { useEffect } from 'react'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import type { ElementEvidence } from '#models/work/review.server'

export interface PreviewTarget {
  elementId: string
  evidence: Pick<ElementEvidence, 'id' | 'title' | 'type' | 'fileName' | 'mimeType' | 'url' | 'html' | 'snapshot'>
}

/**
 * The selected evidence beside the element ticks, without leaving the review form: a PDF in the browser's own viewer
 * (the file route streams byte ranges, so a large scan starts showing at once), a picture, a text, or a link with its
 * stored snapshot. Other files are offered as a download.
 */
export function PreviewPanel({ target, position }: { target: PreviewTarget | null; position: string }) {
  const t = useT()
  const locale = useLocale()
  const e = target?.evidence
  const file = e ? `/evidence/${e.id}/file` : ''
  return (
    <Card withBorder data-testid="preview-panel" data-evidence={e?.id ?? ''} style={{ position: 'sticky', top: 8 }}>
      <Stack gap="xs">
        <Title order={4}>{t('workspace.preview.title')}</Title>
        {!e ? (
          <Text size="sm" c="dimmed">
            {t('workspace.preview.none')}
          </Text>
        ) : (
          <>
            <Text fw={600} data-testid="preview-title">
              {e.title}
            </Text>
            <Text size="xs" c="dimmed" aria-live="polite">
              {position}
            </Text>
            {e.type === 'file' && e.mimeType === 'application/pdf' ? (
              <iframe
                key={e.id}
                src={file}
                title={t('workspace.preview.pdf', { name: e.fileName ?? e.title })}
                style={{ width: '100%', height: '70vh', border: '1px solid var(--mantine-color-gray-4)' }}
              />
            ) : e.type === 'file' && e.mimeType?.startsWith('image/') ? (
              <Image key={e.id} src={file} alt={e.title} fit="contain" mah="70vh" />
            ) : e.type === 'file' ? (
              <Anchor href={`${file}?download=1`} size="sm">
                {t('workspace.preview.download', { name: e.fileName ?? e.title })}
              </Anchor>
            ) : e.type === 'text' ? (
              <Box mah="70vh" style={{ overflowY: 'auto' }} data-testid="preview-text">
                <TypographyStylesProvider>
                  {/* sanitized when saved (models/evidence/records.server.ts sanitizeEvidenceHtml) */}
                  <div dangerouslySetInnerHTML={{ __html: e.html ?? '' }} />
                </TypographyStylesProvider>
              </Box>
            ) : (
              <Stack gap={4} data-testid="preview-link">
                <Text size="sm" style={{ wordBreak: 'break-all' }}>
                  {e.url}
                </Text>
                {e.snapshot ? (
                  <Anchor href={`/evidence/${e.id}/snapshot/${e.snapshot.index}`} size="sm">
                    {t('workspace.preview.snapshot')} ·{' '}
                    {formatDate(e.snapshot.fetchedAt, locale, { style: 'datetime' })}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    {t('workspace.preview.noSnapshot', { url: e.url ?? '' })}
                  </Text>
                )}
              </Stack>
            )}
          </>
        )}
      </Stack>
    </Card>
  )
}

/**
 * The assessor's keys on the item page (not while typing in a field): J/K next and previous evidence, N next
 * element, X tick the current element, A approve, R return.
 */
export function useReviewKeys(handlers: {
  next: () => void
  previous: () => void
  nextElement: () => void
  tick: () => void
  approve: () => void
  giveBack: () => void
}) {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const el = event.target as HTMLElement | null
      if (event.altKey || event.ctrlKey || event.metaKey) return
      if (el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))) {
        // a tick box is an input, but typing there means nothing: keys still work
        if (!(el.tagName === 'INPUT' && (el as HTMLInputElement).type === 'checkbox')) return
      }
      const action = {
        j: handlers.next,
        k: handlers.previous,
        n: handlers.nextElement,
        x: handlers.tick,
        a: handlers.approve,
        r: handlers.giveBack,
      }[event.key.toLowerCase()]
      if (!action) return
      event.preventDefault()
      action()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [handlers])
}
