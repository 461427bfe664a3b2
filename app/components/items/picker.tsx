import { Button, Checkbox, Group, NativeSelect, Stack, Text, TextInput } from '@mantine/core'
import { useEffect, useState } from 'react'
import { BeDateInput } from '#app/components/be-date-input'
import { IntentForm } from '#app/components/forms'
import type { PickerData } from '#app/components/items/picker.server'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import { EVIDENCE_TYPES } from '#models/evidence/kinds'

/**
 * Searches the library as it is typed and filtered (words, issuing unit, kind, date range) and links several chosen
 * evidence items to the element at once; a choice is kept while the search changes, so one batch may gather the
 * results of several searches. Each result shows its date and unit: monthly files often share a title.
 */
export function LibraryPicker({ picker, elementId }: { picker: string; elementId: string }) {
  const t = useT()
  const locale = useLocale()
  const [filter, setFilter] = useState({ q: '', unit: '', type: '', from: '', to: '' })
  const [chosen, setChosen] = useState<string[]>([])
  const set = (k: keyof typeof filter) => (value: string | null) => setFilter((f) => ({ ...f, [k]: value ?? '' }))
  const search = new URLSearchParams(Object.entries(filter).filter(([, v]) => v)).toString()
  const answer = usePickerSearch(`${picker}?${search}`)
  const data = answer.data
  const loading = answer.state === 'loading'
  const results = data?.results ?? []
  const hidden = chosen.filter((id) => !results.some((r) => r.id === id)).length
  return (
    <Stack gap={4} miw={300}>
      <Stack gap={4} role="search" aria-label={t('workspace.pick.filters', { element: elementId })}>
        <TextInput
          size="xs"
          type="search"
          label={t('workspace.search', { element: elementId })}
          description={t('workspace.searchHint')}
          value={filter.q}
          onChange={(e) => set('q')(e.currentTarget.value)}
        />
        <Group gap={4} align="flex-start" wrap="wrap">
          <NativeSelect
            size="xs"
            label={t('evidence.search.unit')}
            value={filter.unit}
            onChange={(e) => set('unit')(e.currentTarget.value)}
            data={[{ value: '', label: t('evidence.search.anyUnit') }, ...(data?.units ?? [])]}
            maw={200}
          />
          <NativeSelect
            size="xs"
            label={t('evidence.type')}
            value={filter.type}
            onChange={(e) => set('type')(e.currentTarget.value)}
            data={[
              { value: '', label: t('evidence.type.any') },
              ...EVIDENCE_TYPES.map((v) => ({ value: v, label: t(`evidence.type.${v}`) })),
            ]}
          />
          <BeDateInput size="xs" name="from" label={t('evidence.search.from')} onValueChange={set('from')} w={150} />
          <BeDateInput size="xs" name="to" label={t('evidence.search.to')} onValueChange={set('to')} w={150} />
        </Group>
      </Stack>
      <IntentForm intent="link-existing" onSubmit={() => setChosen([])}>
        <input type="hidden" name="elementId" value={elementId} />
        {chosen.map((id) => (
          <input key={id} type="hidden" name="evidenceId" value={id} />
        ))}
        <Stack
          gap={4}
          mah={260}
          style={{ overflowY: 'auto' }}
          role="group"
          aria-label={t('workspace.pick.results', { element: elementId })}
          aria-busy={loading}
          data-testid="picker-results"
        >
          {answer.state === 'failed' ? (
            <Text size="xs" c="red" role="alert">
              {t('workspace.pick.failed')}
            </Text>
          ) : results.length === 0 && !loading ? (
            <Text size="xs" c="dimmed">
              {t('workspace.noResults')}
            </Text>
          ) : null}
          {results.map((r) => (
            <Checkbox
              key={r.id}
              size="xs"
              checked={chosen.includes(r.id)}
              onChange={(e) => {
                const on = e.currentTarget.checked
                setChosen((list) => (on ? [...list, r.id] : list.filter((x) => x !== r.id)))
              }}
              label={r.title}
              description={[
                r.fileName && r.fileName !== r.title ? r.fileName : null,
                t(r.dated ? 'workspace.pick.dated' : 'workspace.pick.added', { date: formatDate(r.date, locale) }),
                r.unitName ?? t('workspace.pick.noUnit'),
              ]
                .filter(Boolean)
                .join(' · ')}
            />
          ))}
        </Stack>
        {hidden > 0 ? (
          <Text size="xs" c="dimmed" mt={4}>
            {t('workspace.pick.kept', { count: hidden })}
          </Text>
        ) : null}
        <Button type="submit" size="compact-sm" w="fit-content" mt={4} disabled={chosen.length === 0}>
          {t('workspace.linkSelected', { count: chosen.length })}
        </Button>
      </IntentForm>
    </Stack>
  )
}

type PickerAnswer = { state: 'loading' | 'done' | 'failed'; data: PickerData | null }

/**
 * The picker route's answer to the latest search only. A fetcher's load is not used: its route is discovered lazily on
 * the first load, and a load started during that discovery is not cancelled by the next one, so the answer to the
 * first (wordless) search could arrive last and stay shown. Here each new search aborts the one before; the results of
 * the previous search stay shown while the next loads.
 */
function usePickerSearch(url: string): PickerAnswer {
  const [answer, setAnswer] = useState<PickerAnswer>({ state: 'loading', data: null })
  useEffect(() => {
    const controller = new AbortController()
    setAnswer((a) => ({ state: 'loading', data: a.data }))
    fetch(url, { signal: controller.signal, headers: { Accept: 'application/json' } })
      .then(async (response) => {
        // a session that ended is sent to the sign-in page, as a fetcher's load would be
        if (response.redirected) return window.location.assign(response.url)
        if (!response.ok) throw new Error(`picker: ${response.status}`)
        const data = (await response.json()) as PickerData
        if (!controller.signal.aborted) setAnswer({ state: 'done', data })
      })
      .catch(() => {
        if (!controller.signal.aborted) setAnswer((a) => ({ state: 'failed', data: a.data }))
      })
    return () => controller.abort()
  }, [url])
  return answer
}
