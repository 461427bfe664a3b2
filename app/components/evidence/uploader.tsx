import { ActionIcon, Alert, Anchor, Badge, Button, Group, Progress, Stack, Text } from '@mantine/core'
import { Dropzone } from '@mantine/dropzone'
import { Link, useRevalidator } from '@remix-run/react'
import { useCallback, useEffect, useRef, useState } from 'react'
import { useLocalize } from '#app/components/messages'
import { useT } from '#app/utils/i18n'

/** The server's answer for one file (evidence/uploads/upload.server.ts UploadAnswer). */
type Answer =
  | {
      ok: true
      fileName: string
      evidence: { id: string; title: string; version: number }
      duplicates: { id: string; title: string }[]
    }
  | { ok: false; fileName: string; status: number; reason: string }

type Status = 'queued' | 'uploading' | 'done' | 'refused' | 'cancelled' | 'failed'
interface Item {
  id: number
  file: File
  loaded: number
  status: Status
  answer?: Answer
  message?: string
}

const PARALLEL = 3
const STATUS_COLOR: Record<Status, string> = {
  queued: 'gray',
  uploading: 'blue',
  done: 'teal',
  refused: 'red',
  cancelled: 'gray',
  failed: 'red',
}

/**
 * Drop many files at once: one XHR per file (so each has its own progress and can be
 * cancelled), three at a time, a progress bar per file and for the batch, and a clear result
 * per file. `action` answers one file per request (routes/evidence.upload.ts).
 */
export function EvidenceUploader({
  action,
  maxBytes,
  typesLabel,
  replace = false,
  label,
}: {
  action: string
  maxBytes: number
  typesLabel: string
  replace?: boolean
  /** The drop zone's title, when the default ("drop files here") is not precise enough (the item page's elements). */
  label?: string
}) {
  const t = useT()
  const l = useLocalize()
  const revalidator = useRevalidator()
  const [items, setItems] = useState<Item[]>([])
  const xhrs = useRef(new Map<number, XMLHttpRequest>())
  const nextId = useRef(1)
  const maxMb = Math.floor(maxBytes / 1024 / 1024)

  const update = useCallback(
    (id: number, patch: Partial<Item>) => setItems((list) => list.map((i) => (i.id === id ? { ...i, ...patch } : i))),
    [],
  )

  const start = useCallback(
    (item: Item) => {
      const xhr = new XMLHttpRequest()
      xhrs.current.set(item.id, xhr)
      xhr.open('POST', action)
      xhr.responseType = 'json'
      xhr.upload.onprogress = (e) => update(item.id, { loaded: e.loaded })
      xhr.onload = () => {
        xhrs.current.delete(item.id)
        const answer = xhr.response as Answer | null
        if (answer && 'ok' in answer)
          update(item.id, { status: answer.ok ? 'done' : 'refused', answer, loaded: item.file.size })
        else update(item.id, { status: 'failed', message: t('evidence.upload.failed') })
        revalidator.revalidate()
      }
      xhr.onerror = () => {
        xhrs.current.delete(item.id)
        update(item.id, { status: 'failed', message: t('evidence.upload.failed') })
      }
      xhr.onabort = () => {
        xhrs.current.delete(item.id)
        update(item.id, { status: 'cancelled' })
      }
      const form = new FormData()
      form.append('file', item.file, item.file.name)
      xhr.send(form)
      update(item.id, { status: 'uploading' })
    },
    [action, revalidator, t, update],
  )

  // keep PARALLEL uploads running while files wait
  useEffect(() => {
    const running = items.filter((i) => i.status === 'uploading').length
    items
      .filter((i) => i.status === 'queued')
      .slice(0, Math.max(0, PARALLEL - running))
      .forEach(start)
  }, [items, start])

  const onDrop = (files: File[]) => {
    setItems((list) => [
      ...list,
      ...files.map((file): Item => {
        const id = nextId.current++
        // the server decides too; this only spares the wait for an obviously large file
        return file.size > maxBytes
          ? {
              id,
              file,
              loaded: 0,
              status: 'refused',
              message: t('evidence.upload.tooLarge', { name: file.name, max: maxMb }),
            }
          : { id, file, loaded: 0, status: 'queued' }
      }),
    ])
  }

  const cancel = (item: Item) => {
    const xhr = xhrs.current.get(item.id)
    if (xhr) xhr.abort()
    else update(item.id, { status: 'cancelled' })
  }

  const total = items.reduce((s, i) => s + (i.status === 'cancelled' ? 0 : i.file.size), 0)
  const loaded = items.reduce((s, i) => s + (i.status === 'cancelled' ? 0 : Math.min(i.loaded, i.file.size)), 0)
  const finished = items.filter((i) => !['queued', 'uploading'].includes(i.status)).length
  const busy = items.some((i) => i.status === 'queued' || i.status === 'uploading')

  return (
    <Stack gap="sm">
      <Dropzone
        onDrop={onDrop}
        multiple={!replace}
        maxSize={Number.MAX_SAFE_INTEGER}
        aria-label={label ?? t(replace ? 'evidence.drop.replace' : 'evidence.drop.title')}
        inputProps={{ 'aria-label': label ?? t(replace ? 'evidence.drop.replace' : 'evidence.drop.title') }}
      >
        <Stack align="center" gap={4} mih={replace ? 60 : 100} justify="center" style={{ pointerEvents: 'none' }}>
          <Text fw={600} ta="center">
            {label ?? t(replace ? 'evidence.drop.replace' : 'evidence.drop.title')}
          </Text>
          <Text size="sm" c="dimmed" ta="center">
            {t('evidence.drop.hint', { types: typesLabel, max: maxMb })}
          </Text>
        </Stack>
      </Dropzone>
      {items.length > 0 ? (
        <Stack gap="xs" aria-live="polite">
          <Group justify="space-between">
            <Text size="sm">
              {t('evidence.upload.batch', {
                done: items.filter((i) => i.status === 'done').length,
                total: items.length,
              })}
            </Text>
            {!busy ? (
              <Button size="compact-xs" variant="subtle" onClick={() => setItems([])}>
                {t('evidence.upload.clear')}
              </Button>
            ) : null}
          </Group>
          <Progress
            value={total ? (loaded / total) * 100 : 0}
            aria-label={t('evidence.upload.batch', { done: finished, total: items.length })}
            animated={busy}
          />
          {items.map((item) => (
            <Stack key={item.id} gap={2} data-testid="upload-item" data-status={item.status}>
              <Group justify="space-between" wrap="nowrap" gap="xs">
                <Text size="sm" truncate="end" title={item.file.name}>
                  {item.file.name}
                </Text>
                <Group gap={6} wrap="nowrap">
                  <Badge color={STATUS_COLOR[item.status]} variant="light">
                    {t(`evidence.upload.${item.status}`)}
                  </Badge>
                  {item.status === 'queued' || item.status === 'uploading' ? (
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      size="sm"
                      aria-label={t('evidence.upload.cancel', { name: item.file.name })}
                      onClick={() => cancel(item)}
                    >
                      ✕
                    </ActionIcon>
                  ) : null}
                  {item.answer?.ok ? (
                    <Anchor component={Link} to={`/evidence/${item.answer.evidence.id}`} size="sm">
                      {t('evidence.upload.open')}
                    </Anchor>
                  ) : null}
                </Group>
              </Group>
              {item.status === 'uploading' || item.status === 'queued' ? (
                <Progress
                  size="sm"
                  value={item.file.size ? (item.loaded / item.file.size) * 100 : 0}
                  aria-label={item.file.name}
                />
              ) : null}
              {item.answer && !item.answer.ok ? (
                <Text size="sm" c="red" role="alert">
                  {l(item.answer.reason)}
                </Text>
              ) : null}
              {item.message ? (
                <Text size="sm" c="red" role="alert">
                  {item.message}
                </Text>
              ) : null}
              {item.answer?.ok && item.answer.duplicates.length > 0 ? (
                <Alert color="yellow" variant="light" p="xs">
                  <Text size="sm">
                    {t('evidence.upload.duplicate')}{' '}
                    {item.answer.duplicates.map((d) => (
                      <Anchor key={d.id} component={Link} to={`/evidence/${d.id}`} mr="xs">
                        {d.title}
                      </Anchor>
                    ))}
                  </Text>
                </Alert>
              ) : null}
            </Stack>
          ))}
        </Stack>
      ) : null}
    </Stack>
  )
}
