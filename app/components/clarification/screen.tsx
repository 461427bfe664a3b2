import { Form } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Stack, Text, Textarea, Title } from '@mantine/core'
import { useCatalogLabel, usePick } from '#app/components/catalog/badges'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { DecisionButtons } from '#app/components/review/decision'
import { ItemPageLayout } from '#app/components/review/item-header'
import { ClarificationStatusBadge, ClarificationWindowNote, ResultBadge } from '#app/components/review/clarification'
import { DoneNote, EvidenceLink, NoteField, NoteText } from '#app/components/ui/fields'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import type { getClarification } from '#models/work/clarification.server'

/** What the clarification page's loader gives: one criterion's result and clarification, and who may act. */
export interface ClarificationPageData {
  screen: NonNullable<Awaited<ReturnType<typeof getClarification>>>
  canDraft: boolean
  canDecide: boolean
}
type Screen = SerializeFrom<ClarificationPageData>['screen']

/** One criterion's preliminary result and its clarification: coordinators draft, assessors decide. */
export function ClarificationPage({ screen, canDraft, canDecide }: SerializeFrom<ClarificationPageData>) {
  const { data, formError, error, idle } = useActionForm<{ done?: 'draft' | 'approve' | 'return' }>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  const catalogLabel = useCatalogLabel()
  const when = (iso: string | null) => (iso ? formatDate(iso, locale, { style: 'datetime' }) : '')
  const done = data?.done && idle ? data.done : null
  const c = screen.clarification
  const owners = screen.owners.length ? screen.owners.map((o) => pick(o.th, o.en)).join(', ') : t('clar.unassigned')

  return (
    <ItemPageLayout
      back={{ to: `/clarifications?catalog=${screen.catalog.id}`, label: t('clar.back') }}
      title={`${screen.itemCode} ${pick(screen.titleTh, screen.titleEn)}`}
      lines={[catalogLabel(screen.catalog), t('clar.owners', { units: owners })]}
      status={screen.result?.result === 'not-passed' ? <ClarificationStatusBadge status={c?.status ?? null} /> : null}
    >
      <Card withBorder>
        {screen.result ? (
          <Stack gap={4}>
            <Group gap="xs">
              <Text fw={600}>{t('clar.col.result')}:</Text>
              <ResultBadge result={screen.result.result} />
            </Group>
            {screen.result.comment ? (
              <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="assessor-comment">
                {screen.result.comment}
              </Text>
            ) : null}
            <Text size="xs" c="dimmed">
              {t('clar.recordedBy', { name: screen.result.recordedByName, at: when(screen.result.recordedAt) })}
            </Text>
          </Stack>
        ) : (
          <Text c="dimmed">{t('clar.noResult')}</Text>
        )}
      </Card>

      {screen.result?.result === 'passed' ? <Text c="dimmed">{t('clar.passedNote')}</Text> : null}
      {screen.result?.result === 'not-passed' ? (
        <>
          <ClarificationWindowNote window={screen.window} />
          <FormError message={formError} />
          <DoneNote>{done && t(`clar.done.${done}`)}</DoneNote>
          {c?.status === 'returned' && c.decisionComment ? (
            <Alert color="orange" role="status" data-testid="clarification-returned">
              {t('clar.returnedBanner', { comment: c.decisionComment })}
            </Alert>
          ) : null}
          <Title order={3}>{t('clar.section')}</Title>
          {c && c.text ? <ClarificationText c={c} when={when} /> : <Text c="dimmed">{t('clar.none')}</Text>}
          {canDraft ? <DraftForm screen={screen} when={when} /> : null}
          {canDecide ? (
            <Card withBorder>
              <Form method="post">
                <Stack gap="xs">
                  <Title order={4}>{t('clar.decision')}</Title>
                  <NoteField name="comment" label={t('clar.comment')} minRows={2} error={error('comment')} />
                  <DecisionButtons messages="clar" code={screen.itemCode} />
                </Stack>
              </Form>
            </Card>
          ) : null}
        </>
      ) : null}
    </ItemPageLayout>
  )
}

/** The clarification as drafted: its text, who drafted and decided it, and the snapshots it points to. */
function ClarificationText({
  c,
  when,
}: {
  c: NonNullable<Screen['clarification']>
  when: (iso: string | null) => string
}) {
  const t = useT()
  return (
    <Card withBorder data-testid="clarification">
      <Stack gap="xs">
        <Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Text>
        <Text size="xs" c="dimmed">
          {t('clar.draftedBy', { name: c.draftedByName, at: when(c.draftedAt) })}
        </Text>
        {c.decidedAt && c.status !== 'draft' ? (
          <Text size="xs" c="dimmed" data-testid="clarification-decided">
            {t('clar.decidedBy', {
              status: t(`clar.status.${c.status}`),
              name: c.decidedByName,
              at: when(c.decidedAt),
            })}
            {c.decisionComment && c.status === 'approved' ? ` · ${c.decisionComment}` : ''}
          </Text>
        ) : null}
        <Text fw={600} size="sm">
          {t('clar.references')}
        </Text>
        <Stack component="ul" gap={2} pl="md" m={0}>
          {c.references.map((r) => (
            <li key={r.evidenceId} data-testid="clarification-reference">
              <Group gap="xs">
                <EvidenceLink id={r.evidenceId} size="sm">
                  {r.title}
                </EvidenceLink>
                <Anchor href={r.url} target="_blank" rel="noopener noreferrer" size="xs">
                  {r.url}
                </Anchor>
                <Anchor href={`/evidence/${r.evidenceId}/snapshot/${r.snapshotIndex}`} size="xs">
                  {t('clar.snapshot', { at: when(r.fetchedAt) })}
                </Anchor>
              </Group>
            </li>
          ))}
        </Stack>
      </Stack>
    </Card>
  )
}

/** The coordinator's draft: the text and the published links (with their snapshots) it refers to. */
function DraftForm({ screen, when }: { screen: Screen; when: (iso: string | null) => string }) {
  const { error, busy } = useActionForm()
  const t = useT()
  const c = screen.clarification
  const referenced = new Set(c?.references.map((r) => r.evidenceId) ?? [])
  return (
    <Card withBorder>
      <IntentForm intent="draft">
        <Stack gap="sm">
          <Textarea
            name="text"
            label={t('clar.text')}
            defaultValue={c?.text ?? ''}
            autosize
            minRows={4}
            maxLength={8000}
            required
            error={error('text')}
          />
          <Text size="sm" fw={600} id="clar-pick">
            {t('clar.pick')}
          </Text>
          <NoteText alert>{error('evidenceIds')}</NoteText>
          <NoteText>{screen.links.length === 0 ? t('clar.noLinks') : null}</NoteText>
          <Stack gap="xs" role="group" aria-labelledby="clar-pick">
            {screen.links.map((x) => (
              <Checkbox
                key={x.id}
                name="evidenceId"
                value={x.id}
                defaultChecked={referenced.has(x.id)}
                label={
                  <>
                    {x.title}{' '}
                    {x.linkedHere ? (
                      <Badge size="xs" variant="light">
                        {t('clar.linkedHere')}
                      </Badge>
                    ) : null}
                  </>
                }
                description={`${x.url} · ${t('clar.snapshots', {
                  times: x.snapshots
                    .slice(-5)
                    .reverse()
                    .map((s) => when(s.fetchedAt))
                    .join(', '),
                })}`}
              />
            ))}
          </Stack>
          <Button type="submit" w="fit-content" loading={busy('draft')}>
            {t('clar.save')}
          </Button>
        </Stack>
      </IntentForm>
    </Card>
  )
}
