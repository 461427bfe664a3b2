import { Form, Link } from '@remix-run/react'
import type { SerializeFrom } from '@remix-run/node'
import { Alert, Anchor, Button, Card, Stack, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ElementList } from '#app/components/items/elements'
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

/** What the item page's loader gives: the item under review and what the person may do with it. */
export interface ItemPageData {
  item: ItemReview
  canWork: boolean
  canDecide: boolean
  canLead: boolean
  canSetLead: boolean
  myUnits: ItemReview['units']
  library: { id: string; title: string }[]
  role: Role
}

type Done = 'submit' | 'return' | 'approve' | 'contribute' | 'choose' | 'reset-answer' | 'lead' | 'comment'

/** One item: its elements and evidence, the answer of several units, the decision, the submission and the thread. */
export function ItemPage({
  item,
  canWork,
  canDecide,
  canLead,
  canSetLead,
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
  const elements = (
    <ElementList
      item={item}
      deciding={deciding}
      showAnswer={showAnswer}
      canChoose={canLead && answerOpen && !deciding}
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
      <DoneNote>{done && t(`review.done.${done}`)}</DoneNote>
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
      {canWork && !deciding ? (
        <Text size="sm" c="dimmed">
          {t('review.linkHint')}{' '}
          <Anchor component={Link} to="/evidence">
            {t('review.library')}
          </Anchor>
        </Text>
      ) : null}
      {deciding ? (
        <Form method="post">
          <Stack>
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
      ) : (
        elements
      )}

      {submittable ? (
        <Card withBorder>
          <IntentForm intent="submit">
            <Stack gap="xs">
              <NoteField name="comment" label={t('review.submitComment')} minRows={1} error={error('comment')} />
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
