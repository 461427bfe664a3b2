import { Button, Group, Stack, Text, TextInput, Textarea } from '@mantine/core'
import { useSearchParams } from '@remix-run/react'
import { useState } from 'react'
import { EvidenceUploader } from '#app/components/evidence/uploader'
import { ControlError } from '#app/components/evidence/control-error'
import { IntentForm } from '#app/components/forms'
import { LibraryPicker } from '#app/components/items/picker'
import { RowIcon, rowFields } from '#app/components/ui/rows'
import { useLocalize } from '#app/components/messages'
import { useT } from '#app/utils/i18n'

export interface WorkspaceProps {
  catalogId: string
  itemCode: string
  elementId: string
  maxUploadBytes: number
  typesLabel: string
}

const itemPath = (p: Pick<WorkspaceProps, 'catalogId' | 'itemCode'>) =>
  `/items/${p.catalogId}/${encodeURIComponent(p.itemCode)}`

/**
 * Adding evidence where it is needed, inside one required element: files dropped or chosen (each uploaded and linked
 * in one request, with its own progress and cancel), a link, a text, or evidence of the library picked by search.
 * Refusals appear under the controls (the action names the element). Without JavaScript the file and link forms are
 * plain posts.
 */
export function ElementWorkspace(props: WorkspaceProps) {
  const t = useT()
  const l = useLocalize()
  const [params] = useSearchParams()
  const { elementId } = props
  const upload = `${itemPath(props)}/upload?element=${encodeURIComponent(elementId)}`
  // a plain upload (no JavaScript) comes back with its refusal in the address
  const uploadError = params.get('element') === elementId ? params.get('uploadError') : null
  const [picking, setPicking] = useState(false)
  return (
    <Stack gap="xs" data-testid="element-workspace">
      <EvidenceUploader
        action={upload}
        maxBytes={props.maxUploadBytes}
        typesLabel={props.typesLabel}
        label={t('workspace.drop', { element: elementId })}
      />
      <noscript>
        <form method="post" encType="multipart/form-data" action={upload}>
          <Group gap="xs" align="flex-end">
            <label>
              {t('workspace.fileNoJs', { element: elementId })} <input type="file" name="file" required />
            </label>
            <button type="submit">{t('workspace.uploadNoJs')}</button>
          </Group>
        </form>
      </noscript>
      {uploadError ? (
        <Text size="sm" c="red" role="alert">
          {l(uploadError)}
        </Text>
      ) : null}
      <ControlError name={`element.${elementId}`} data-testid="element-refusal" />
      <Group gap="md" align="flex-start" wrap="wrap">
        <details>
          <summary>{t('workspace.link')}</summary>
          <IntentForm intent="add-link">
            <input type="hidden" name="elementId" value={elementId} />
            <Stack gap={4} miw={260}>
              <TextInput
                name="url"
                type="url"
                required
                size="xs"
                label={t('workspace.linkUrl', { element: elementId })}
              />
              <TextInput name="title" size="xs" label={t('workspace.linkTitle')} maxLength={200} />
              <Button type="submit" size="compact-sm" w="fit-content">
                {t('workspace.addLink')}
              </Button>
            </Stack>
          </IntentForm>
        </details>
        <details>
          <summary>{t('workspace.text')}</summary>
          <IntentForm intent="add-text">
            <input type="hidden" name="elementId" value={elementId} />
            <Stack gap={4} miw={260}>
              <TextInput name="title" required size="xs" label={t('workspace.textTitle')} maxLength={200} />
              <Textarea
                name="text"
                required
                size="xs"
                autosize
                minRows={2}
                label={t('workspace.textBody', { element: elementId })}
              />
              <Button type="submit" size="compact-sm" w="fit-content">
                {t('workspace.addText')}
              </Button>
            </Stack>
          </IntentForm>
        </details>
        {/* the library is searched only once the person opens the picker */}
        <details onToggle={(e) => setPicking(e.currentTarget.open)}>
          <summary>{t('workspace.library')}</summary>
          {picking ? <LibraryPicker picker={`${itemPath(props)}/picker`} elementId={elementId} /> : null}
        </details>
      </Group>
    </Stack>
  )
}

/** Unlink and move up or down, beside one evidence of an element (buttons of the list's `RowsForm`). */
export function EvidenceControls({
  evidenceId,
  title,
  first,
  last,
}: {
  evidenceId: string
  title: string
  first: boolean
  last: boolean
}) {
  const t = useT()
  return (
    <div className="rows-controls">
      {(['up', 'down'] as const).map((direction) => (
        <RowIcon
          key={direction}
          type="submit"
          {...rowFields({ intent: 'move', direction, evidenceId })}
          disabled={direction === 'up' ? first : last}
          aria-label={t(`workspace.${direction}`, { title })}
        >
          {direction === 'up' ? '↑' : '↓'}
        </RowIcon>
      ))}
      <RowIcon
        type="submit"
        {...rowFields({ intent: 'unlink', evidenceId })}
        danger
        aria-label={t('workspace.unlink', { title })}
      >
        ✕
      </RowIcon>
    </div>
  )
}
