import { Form, Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { Alert, Anchor, Button, Card, Checkbox, Grid, Stack, Text, Title } from '@mantine/core'
import { useMemo, useState } from 'react'
import { usePick } from '#app/components/catalog/badges'
import { ElementList } from '#app/components/items/elements'
import { PreviewPanel, useReviewKeys, type PreviewTarget } from '#app/components/items/preview'
import { CommentThread } from '#app/components/items/thread'
import { ControlError } from '#app/components/evidence/control-error'
import { IntentForm, useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { AnswerPanel } from '#app/components/review/answer'
import { DecisionButtons } from '#app/components/review/decision'
import { ItemPageLayout } from '#app/components/review/item-header'
import { ReviewStatusBadge } from '#app/components/review/status'
import { DoneNote, NoteField } from '#app/components/ui/fields'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate, formatFiscalYear } from '#models/dates'
import type { Role } from '#models/tenancy/permissions'
import type { ItemReview } from '#models/work/review.server'
import type { CoverageGrid } from '#models/evidence/coverage'

/** What the item page's loader gives: the item under review and what the person may do with it. */
export interface ItemPageData {
  item: ItemReview
  canWork: boolean
  canDecide: boolean
  canLead: boolean
  canSetLead: boolean
  /** A coordinator of an assigned unit while the answer is open: evidence is added inside each element. */
  canAdd: boolean
  grids: Record<string, CoverageGrid>
  maxUploadBytes: number
  typesLabel: string
  myUnits: ItemReview['units']
  library: { id: string; title: string }[]
  role: Role
}

type Done =
  | 'submit'
  | 'return'
  | 'approve'
  | 'contribute'
  | 'choose'
  | 'reset-answer'
  | 'lead'
  | 'comment'
  | 'link-existing'
  | 'add-link'
  | 'add-text'
  | 'unlink'
  | 'move'
type InlineDone = 'link-existing' | 'add-link' | 'add-text' | 'unlink' | 'move'
const INLINE: readonly string[] = ['link-existing', 'add-link', 'add-text', 'unlink', 'move']
const doneKey = (done: Done) =>
  INLINE.includes(done)
    ? (`workspace.done.${done as InlineDone}` as const)
    : (`review.done.${done as Exclude<Done, InlineDone>}` as const)

/** One item: its elements and evidence, the answer of several units, the decision, the submission and the thread. */
export function ItemPage({
  item,
  canWork,
  canDecide,
  canLead,
  canSetLead,
  canAdd,
  grids,
  maxUploadBytes,
  typesLabel,
  myUnits,
  library,
  role,
}: SerializeFrom<ItemPageData>) {
  const { data, formError, error, busy, idle } = useActionForm<{ done?: Done | null }>()
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  const deciding = canDecide && item.status === 'submitted'
  const submittable = canWork && ['not-started', 'in-progress', 'returned'].includes(item.status)
  const when = (iso: string | null) => (iso ? formatDate(iso, locale, { style: 'datetime' }) : '')
  const done = data?.done && idle ? data.done : null
  // the answer matters where several units contribute, or once the lead has chosen
  const showAnswer = item.units.length > 1 || item.selectionMade
  const answerOpen = !['submitted', 'approved'].includes(item.status)
  const review = useReviewInPlace(item, deciding)
  const gapCount = Object.values(grids).reduce((n, g) => n + g.gaps.length, 0)
  const elements = (
    <ElementList
      item={item}
      deciding={deciding}
      showAnswer={showAnswer}
      canChoose={canLead && answerOpen && !deciding}
      grids={grids}
      workspace={canAdd && !deciding ? { maxUploadBytes, typesLabel } : null}
      preview={deciding ? review : null}
    />
  )
  // back to the list this role came from: /my-work is the coordinators' own
  const back =
    role === 'assessor'
      ? { to: '/review', label: t('review.backToList') }
      : role === 'coordinator'
        ? { to: '/my-work', label: t('review.back') }
        : { to: '/completeness', label: t('nav.completeness') }

  return (
    <ItemPageLayout
      back={back}
      title={`${item.itemCode} ${pick(item.titleTh, item.titleEn)}`}
      lines={[
        <>
          {pick(item.catalogNameTh, item.catalogNameEn)} · {formatFiscalYear(item.fiscalYear, locale)}
          {item.assignment?.dueDate
            ? ` · ${t('review.due')} ${formatDate(item.assignment.dueDate, locale, { style: 'long' })}`
            : ''}
        </>,
      ]}
      status={<ReviewStatusBadge size="lg" variant="filled" status={item.status} data-testid="review-status" />}
    >
      <StateBanners item={item} canWork={canWork} when={when} />
      <FormError message={formError} />
      <DoneNote>{done && t(doneKey(done))}</DoneNote>
      {showAnswer && !deciding ? (
        <AnswerPanel
          item={item}
          canLead={canLead}
          canSetLead={canSetLead}
          library={answerOpen ? library : []}
          myUnits={answerOpen ? myUnits : []}
        />
      ) : null}

      <Title order={3}>{t('review.elements')}</Title>
      {canWork && !canAdd && !deciding ? (
        <Text size="sm" c="dimmed">
          {t('review.linkHint')}{' '}
          <Anchor component={Link} to="/evidence">
            {t('review.library')}
          </Anchor>
        </Text>
      ) : null}
      {deciding ? (
        <Grid>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <Form method="post">
              <Stack>
                <Text size="xs" c="dimmed">
                  {t('workspace.keys')}
                </Text>
                {elements}
                <Card withBorder>
                  <Stack gap="xs">
                    <Title order={4}>{t('review.decision')}</Title>
                    <NoteField name="comment" label={t('review.comment')} minRows={2} error={error('comment')} />
                    <NoteField name="reason" label={t('review.reason')} minRows={1} error={error('reason')} />
                    <ControlError name="decision" />
                    <DecisionButtons messages="review" code={item.itemCode} />
                  </Stack>
                </Card>
              </Stack>
            </Form>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 6 }}>
            <PreviewPanel target={review.target} position={review.position} />
          </Grid.Col>
        </Grid>
      ) : (
        elements
      )}

      {submittable ? (
        <Card withBorder>
          <IntentForm intent="submit">
            <Stack gap="xs">
              <NoteField name="comment" label={t('review.submitComment')} minRows={1} error={error('comment')} />
              {gapCount > 0 ? (
                <Checkbox name="confirmGaps" label={t('workspace.confirmGaps', { count: gapCount })} />
              ) : null}
              <Button type="submit" w="fit-content" loading={busy('submit')}>
                {t('review.submit')}
              </Button>
              <ControlError name="submit" />
            </Stack>
          </IntentForm>
        </Card>
      ) : null}

      <CommentThread comments={item.comments} canComment={canWork || canDecide} when={when} />
    </ItemPageLayout>
  )
}

/** The evidence shown in the assessor's panel, and the keys that move through it, tick and decide. */
function useReviewInPlace(item: SerializeFrom<ItemReview>, deciding: boolean) {
  const t = useT()
  const flat = useMemo(
    () => item.elements.flatMap((e) => e.evidence.map((evidence) => ({ elementId: e.id, evidence }))),
    [item.elements],
  )
  const [index, setIndex] = useState(flat.length ? 0 : -1)
  const [elementIndex, setElementIndex] = useState(0)
  const target: PreviewTarget | null = flat[index] ?? null
  const currentElement = target?.elementId ?? item.elements[elementIndex]?.id
  const show = (i: number) => {
    if (!flat[i]) return
    setIndex(i)
    setElementIndex(item.elements.findIndex((e) => e.id === flat[i].elementId))
    document.getElementById(`element-${flat[i].elementId}`)?.scrollIntoView({ block: 'nearest' })
  }
  const click = (selector: string) => document.querySelector<HTMLElement>(selector)?.click()
  const keys = useMemo(
    () => ({
      next: () => show(Math.min(flat.length - 1, index + 1)),
      previous: () => show(Math.max(0, index - 1)),
      nextElement: () => {
        const from = item.elements.findIndex((e) => e.id === currentElement)
        const next = (from + 1) % Math.max(1, item.elements.length)
        const first = flat.findIndex((x) => x.elementId === item.elements[next]?.id)
        if (first >= 0) show(first)
        else {
          setIndex(-1)
          setElementIndex(next)
        }
        document.getElementById(`element-${item.elements[next]?.id}`)?.scrollIntoView({ block: 'nearest' })
      },
      tick: () => currentElement && click(`input[name="tick.${CSS.escape(currentElement)}"]`),
      approve: () => click('button[name="intent"][value="approve"]'),
      giveBack: () => click('button[name="intent"][value="return"]'),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [flat, index, currentElement, item.elements],
  )
  useReviewKeys(deciding ? keys : NO_KEYS)
  return {
    target,
    selectedId: target?.evidence.id ?? null,
    select: (_elementId: string, evidenceId: string) => show(flat.findIndex((x) => x.evidence.id === evidenceId)),
    position: target
      ? t('workspace.preview.position', { n: index + 1, total: flat.length, element: target.elementId })
      : '',
  }
}
const noop = () => undefined
const NO_KEYS = { next: noop, previous: noop, nextElement: noop, tick: noop, approve: noop, giveBack: noop }

/** Returned with the assessor's comment, approved with the reason, submitted, archived or carried over. */
function StateBanners({
  item,
  canWork,
  when,
}: {
  item: SerializeFrom<ItemReview>
  canWork: boolean
  when: (iso: string | null) => string
}) {
  const t = useT()
  return (
    <>
      {item.returnComment ? (
        <Alert color="orange" title={t('review.returnedBanner')} role="status" data-testid="returned-banner">
          <Text style={{ whiteSpace: 'pre-wrap' }}>{item.returnComment.text}</Text>
          <Text size="xs" c="dimmed" mt={4}>
            {t('review.returnedBy', { name: item.returnComment.authorName, at: when(item.returnComment.at) })}
          </Text>
        </Alert>
      ) : null}
      {item.status === 'approved' && item.approvedAt ? (
        <Alert color="teal" role="status" data-testid="approved-banner">
          <Text>{t('review.approvedBy', { name: item.approvedByName, at: when(item.approvedAt) })}</Text>
          {item.approvalReason ? (
            <Text size="sm">{t('review.approvalReason', { reason: item.approvalReason })}</Text>
          ) : null}
        </Alert>
      ) : null}
      {item.status === 'submitted' && item.submittedAt ? (
        <Text size="sm" c="dimmed">
          {t('review.submittedBy', { name: item.submittedByName, at: when(item.submittedAt) })}
        </Text>
      ) : null}
      {item.catalogArchived ? <Alert color="gray">{t('review.archived')}</Alert> : null}
      {item.status === 'carried' && canWork ? <Alert color="orange">{t('review.carriedNote')}</Alert> : null}
    </>
  )
}
