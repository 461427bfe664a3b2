import { Anchor, Badge, Button, Group, NativeSelect, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { Form, Link, useLocation } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { BeDateInput } from '#app/components/be-date-input'
import type { EvidenceLibraryData } from '#app/components/evidence/library.server'
import { DataTable } from '#app/components/ui/data-table'
import { EvidenceLink } from '#app/components/ui/fields'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import { EVIDENCE_TYPES } from '#models/evidence/kinds'

type Data = SerializeFrom<EvidenceLibraryData>

/** The search form: a GET form, so that a search is a link and works without JavaScript. */
export function LibrarySearchForm({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const { filter } = data
  const dayError = (k: 'from' | 'to') => filter.errors[k]?.[locale]
  return (
    <Form method="get" role="search">
      <Group align="flex-start" gap="sm">
        <TextInput
          label={t('evidence.search')}
          description={t('evidence.search.hint')}
          name="q"
          type="search"
          defaultValue={filter.q}
          maxLength={200}
          w={{ base: '100%', md: 360 }}
        />
        <NativeSelect
          label={t('evidence.search.unit')}
          name="unit"
          defaultValue={filter.unit}
          data={[{ value: '', label: t('evidence.search.anyUnit') }, ...data.units]}
          maw={240}
        />
        <NativeSelect
          label={t('evidence.type')}
          name="type"
          defaultValue={filter.type}
          data={[
            { value: '', label: t('evidence.type.any') },
            ...EVIDENCE_TYPES.map((v) => ({ value: v, label: t(`evidence.type.${v}`) })),
          ]}
        />
        <BeDateInput
          label={t('evidence.search.from')}
          name="from"
          defaultValue={filter.from || null}
          error={dayError('from')}
          w={170}
        />
        <BeDateInput
          label={t('evidence.search.to')}
          name="to"
          defaultValue={filter.to || null}
          error={dayError('to')}
          w={170}
        />
        <NativeSelect
          label={t('evidence.search.item')}
          name="item"
          defaultValue={filter.item}
          data={[{ group: '', items: [{ value: '', label: t('evidence.search.anyItem') }] }, ...data.itemOptions]}
          maw={320}
        />
      </Group>
      <Group mt="sm">
        <Button type="submit">{t('evidence.filter')}</Button>
        <Anchor component={Link} to="/evidence" size="sm">
          {t('evidence.search.clear')}
        </Anchor>
      </Group>
    </Form>
  )
}

/** Why a file's content cannot be searched (or not yet): a badge, with the longer reason on hover and for readers. */
function TextStateBadge({ state }: { state: string | null }) {
  const t = useT()
  if (state !== 'pending' && state !== 'empty' && state !== 'failed' && state !== 'skipped') return null
  const color = state === 'pending' ? 'blue' : state === 'failed' ? 'red' : 'orange'
  return (
    <Tooltip label={t(`evidence.text.${state}.long`)} multiline w={280}>
      <Badge variant="light" color={color} size="sm" aria-label={t(`evidence.text.${state}.long`)}>
        {t(`evidence.text.${state}`)}
      </Badge>
    </Tooltip>
  )
}

/** The words found in the text, marked. */
function Snippet({ parts }: { parts: { text: string; hit: boolean }[] }) {
  return (
    <Text size="sm" maw={640} data-testid="snippet">
      {parts.map((p, i) => (p.hit ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}
    </Text>
  )
}

/** The evidence found (or listed), with what matched, and links to the next and previous pages. */
export function LibraryResults({ data }: { data: Data }) {
  const t = useT()
  const locale = useLocale()
  const location = useLocation()
  const { items, search, filter } = data
  const quoted = search.words.map((w) => `"${w}"`).join(' ')
  const filtered = Boolean(filter.q || filter.type || filter.unit || filter.from || filter.to || filter.item)
  const pageHref = (n: number) => {
    const params = new URLSearchParams(location.search)
    params.set('page', String(n))
    return `?${params}`
  }
  return (
    <>
      {search.words.length > 0 && search.total !== null && search.total > 0 ? (
        <Text size="sm" role="status">
          {t('evidence.search.found', { count: search.total.toLocaleString(), words: quoted })}
        </Text>
      ) : null}
      {search.capped ? (
        <Text size="sm" c="orange.9">
          {t('evidence.search.capped', { max: search.max.toLocaleString() })}
        </Text>
      ) : null}
      <DataTable
        columns={[t('evidence.field.title'), t('evidence.type'), t('evidence.links'), t('evidence.updated')]}
        empty={
          items.length === 0 &&
          (search.words.length > 0
            ? t('evidence.search.noMatch', { words: quoted })
            : filtered
              ? t('evidence.noMatch')
              : t('evidence.empty'))
        }
        striped
        highlightOnHover
      >
        {items.map((e) => (
          <Table.Tr key={e.id}>
            <Table.Td>
              <Group gap="xs" wrap="nowrap">
                <EvidenceLink id={e.id}>{e.title}</EvidenceLink>
                <TextStateBadge state={e.textState} />
              </Group>
              <Text size="xs" c="dimmed" truncate="end" maw={480}>
                {e.fileName}
              </Text>
              {e.snippet ? (
                <Snippet parts={e.snippet} />
              ) : search.words.length > 0 ? (
                <Text size="xs" c="dimmed">
                  {t('evidence.search.inName')}
                </Text>
              ) : null}
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
      {search.page > 1 || search.hasMore ? (
        <Group>
          {search.page > 1 ? (
            <Anchor component={Link} to={pageHref(search.page - 1)} rel="prev">
              {t('evidence.search.previous')}
            </Anchor>
          ) : null}
          <Text size="sm">{t('evidence.search.page', { page: search.page })}</Text>
          {search.hasMore ? (
            <Anchor component={Link} to={pageHref(search.page + 1)} rel="next">
              {t('evidence.search.next')}
            </Anchor>
          ) : null}
        </Group>
      ) : null}
    </>
  )
}
