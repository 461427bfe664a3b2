import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Stack, Text, TextInput, Textarea, Title } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { AnswerPanel, ContributionLine } from '#app/components/review/answer'
import { FormError, useLocalize } from '#app/components/messages'
import { usePick } from '#app/components/catalog/badges'
import { ReviewStatusBadge } from '#app/components/review/status'
import { attempt, fields } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { formatDate, formatFiscalYear } from '#models/dates'
import { AppError, forbidden } from '#models/errors'
import { contributeEvidence, setLeadUnit } from '#models/work/contribution.server'
import { listEvidence } from '#models/evidence/records.server'
import { can, ROLES, type Role } from '#models/tenancy/permissions'
import { approveItem, chooseAnswer, commentOnItem, getItemReview, resetAnswer, returnItem, submitItem } from '#models/work/review.server'

const NOT_FOUND = 'ไม่พบรายการ / item not found'

export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const item = await getItemReview(member.organization.id, params.catalogId!, params.itemCode!)
  if (!item) throw new Response(NOT_FOUND, { status: 404 })
  const open = !item.catalogArchived
  const canWork = open && Boolean(item.assignment) && can(member.membership, 'evidence.upload', { organizationId: member.organization.id, unitIds: item.assignment?.unitIds ?? [] })
  const canDecide = open && can(member.membership, 'review.decide')
  const organizationId = member.organization.id
  // several units, one answer: the lead unit's coordinators choose, every assigned coordinator contributes
  const canLead = canWork && Boolean(item.lead) && can(member.membership, 'evidence.upload', { organizationId, unitIds: [item.lead!.unitId] })
  const canSetLead = open && item.units.length > 1 && can(member.membership, 'assignment.manage')
  const myUnits = canWork ? item.units.filter((u) => member.membership.unitIds.includes(u.id)) : []
  const library = myUnits.length && (item.units.length > 1 || item.selectionMade)
    ? (await listEvidence(organizationId, {}, 200)).filter((e) => e.fiscalYear === null || e.fiscalYear === item.fiscalYear).map((e) => ({ id: e.id, title: e.title }))
    : []
  return json({ item, canWork, canDecide, canLead, canSetLead, myUnits, library, role: member.membership.role })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const organizationId = member.organization.id
  // another organization's ids are "not found" whatever the form says
  const item = await getItemReview(organizationId, params.catalogId!, params.itemCode!)
  if (!item) throw new Response(NOT_FOUND, { status: 404 })
  const form = await request.formData()
  const f = fields(form, ['intent', 'comment', 'reason', 'text', 'evidenceId', 'elementId', 'unitId', 'selected', 'leadUnitId'])
  const mayWork = can(member.membership, 'evidence.upload', { organizationId, unitIds: item.assignment?.unitIds ?? [] })
  const mayDecide = can(member.membership, 'review.decide')
  const need = (allowed: boolean) => {
    if (!allowed) throw forbidden()
  }
  // a refusal is shown next to the control that asked (status 403), the page and its menu intact
  const control = ({ submit: 'submit', return: 'decision', approve: 'decision', contribute: 'contribute', choose: `choose.${f.evidenceId}`, 'reset-answer': 'reset-answer', lead: 'leadUnitId', comment: 'text' } as Record<string, string>)[f.intent]
  const ticks = item.elements.map((e) => ({ elementId: e.id, ticked: form.get(`tick.${e.id}`) === 'on', note: String(form.get(`note.${e.id}`) ?? '') }))
  const actor = actorOf(member, request, context)
  const { catalogId, itemCode } = item
  const result = await attempt(async () => {
    try {
      return await run()
    } catch (error) {
      if (error instanceof AppError && error.status === 403) return { refused: error.message }
      throw error
    }
  })
  if (!result.ok) return result.response
  if (typeof result.value === 'object') {
    const message = result.value.refused
    return json({ done: null, formError: control ? null : message, fieldErrors: (control ? { [control]: message } : {}) as Record<string, string> }, { status: 403 })
  }
  return json({ done: result.value, formError: null, fieldErrors: {} as Record<string, string> })

  async function run() {
    switch (f.intent) {
      case 'submit':
        need(mayWork)
        await submitItem(actor, catalogId, itemCode, { comment: f.comment })
        return 'submit' as const
      case 'return':
        need(mayDecide)
        await returnItem(actor, catalogId, itemCode, { ticks, comment: f.comment })
        return 'return' as const
      case 'approve':
        need(mayDecide)
        await approveItem(actor, catalogId, itemCode, { ticks, reason: f.reason, comment: f.comment })
        return 'approve' as const
      case 'contribute':
        need(mayWork)
        await contributeEvidence(actor, member.membership, catalogId, itemCode, { evidenceId: f.evidenceId, elementId: f.elementId, unitId: f.unitId })
        return 'contribute' as const
      case 'choose':
        need(mayWork)
        await chooseAnswer(actor, member.membership, catalogId, itemCode, f.evidenceId, f.selected === '1')
        return 'choose' as const
      case 'reset-answer':
        need(mayWork)
        await resetAnswer(actor, member.membership, catalogId, itemCode)
        return 'reset-answer' as const
      case 'lead':
        need(can(member.membership, 'assignment.manage'))
        await setLeadUnit(actor, member.membership, catalogId, itemCode, f.leadUnitId)
        return 'lead' as const
      case 'comment':
        need(mayWork || mayDecide)
        await commentOnItem(actor, catalogId, itemCode, mayDecide ? 'assessor' : 'coordinator', { text: f.text })
        return 'comment' as const
      default:
        need(mayWork || mayDecide)
        throw new Response('คำสั่งไม่ถูกต้อง / unknown intent', { status: 400 })
    }
  }
}

export default function ItemPage() {
  const { item, canWork, canDecide, canLead, canSetLead, myUnits, library, role } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const nav = useNavigation()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const errors = (data?.fieldErrors ?? {}) as Record<string, string>
  const busy = (intent: string) => nav.formData?.get('intent') === intent
  const deciding = canDecide && item.status === 'submitted'
  const submittable = canWork && ['not-started', 'in-progress', 'returned'].includes(item.status)
  const when = (iso: string | null) => (iso ? formatDate(iso, locale, { style: 'datetime' }) : '')
  const done = data && 'done' in data && nav.state === 'idle' ? data.done : null
  // the answer matters where several units contribute, or once the lead has chosen
  const showAnswer = item.units.length > 1 || item.selectionMade
  const answerOpen = !['submitted', 'approved'].includes(item.status)

  const elements = (
    <Stack gap="sm">
      {item.elements.map((e) => (
        <Card withBorder key={e.id} data-testid="element-row" data-element={e.id}>
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text fw={600}>
                {e.id} · {pick(e.textTh, e.textEn ?? e.textTh)}
              </Text>
              {!deciding && e.ticked ? <Badge color="teal" variant="light">✓ {t('review.ticked')}</Badge> : null}
            </Group>
            <Text size="sm" c={e.short ? 'red.8' : 'dimmed'}>
              {t('review.element.kind', { kind: t(`review.kind.${e.evidenceKind}`) })} · {t('review.element.count', { count: e.evidence.length, min: e.minCount })}
              {item.selectionMade ? ` · ${t('review.answer.count', { count: e.answerCount, total: e.evidence.length })}` : ''}
              {e.short ? ` · ${t('review.element.short')}` : ''}
            </Text>
            {errors[`element.${e.id}`] ? <Text size="sm" c="red" role="alert">{l(errors[`element.${e.id}`])}</Text> : null}
            {e.evidence.length === 0 ? <Text size="sm" c="dimmed">{t('review.element.noEvidence')}</Text> : null}
            <Stack component="ul" gap={2} pl="md" m={0}>
              {e.evidence.map((x) => (
                <li key={x.id} style={x.inAnswer ? undefined : { opacity: 0.6 }}>
                  <Group gap="xs">
                    <Anchor component={Link} to={`/evidence/${x.id}`} size="sm">{x.title}</Anchor>
                    {x.type === 'file' ? <Anchor href={`/evidence/${x.id}/file`} target="_blank" rel="noopener" size="xs">{t('review.openFile')}{x.fileName ? ` (${x.fileName})` : ''}</Anchor> : null}
                    {x.type === 'link' && x.url ? <Anchor href={x.url} target="_blank" rel="noopener noreferrer" size="xs">{t('review.openLink')}</Anchor> : null}
                  </Group>
                  {showAnswer ? <ContributionLine evidence={x} units={item.units} canChoose={canLead && answerOpen && !deciding} error={errors[`choose.${x.id}`]} /> : null}
                </li>
              ))}
            </Stack>
            {deciding ? (
              <Group align="flex-end" wrap="nowrap">
                <Checkbox name={`tick.${e.id}`} defaultChecked={e.ticked} label={t('review.tick', { element: e.id })} />
                <TextInput name={`note.${e.id}`} defaultValue={e.note} label={t('review.note', { element: e.id })} maxLength={4000} style={{ flex: 1 }} size="xs" />
              </Group>
            ) : e.note ? (
              <Text size="sm" fs="italic">{e.note}</Text>
            ) : null}
          </Stack>
        </Card>
      ))}
    </Stack>
  )

  return (
    <Stack maw={1000} mx="auto">
      {/* back to the list this role came from: /my-work is the coordinators' own */}
      <Anchor component={Link} to={role === 'assessor' ? '/review' : role === 'coordinator' ? '/my-work' : '/completeness'} size="sm">
        ← {role === 'assessor' ? t('review.backToList') : role === 'coordinator' ? t('review.back') : t('nav.completeness')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>
            {item.itemCode} {pick(item.titleTh, item.titleEn)}
          </Title>
          <Text size="sm" c="dimmed">
            {pick(item.catalogNameTh, item.catalogNameEn)} · {formatFiscalYear(item.fiscalYear, locale)}
            {item.assignment?.dueDate ? ` · ${t('review.due')} ${formatDate(item.assignment.dueDate, locale, { style: 'long' })}` : ''}
          </Text>
        </div>
        <ReviewStatusBadge size="lg" variant="filled" status={item.status} data-testid="review-status" />
      </Group>

      {item.returnComment ? (
        <Alert color="orange" title={t('review.returnedBanner')} role="status" data-testid="returned-banner">
          <Text style={{ whiteSpace: 'pre-wrap' }}>{item.returnComment.text}</Text>
          <Text size="xs" c="dimmed" mt={4}>{t('review.returnedBy', { name: item.returnComment.authorName, at: when(item.returnComment.at) })}</Text>
        </Alert>
      ) : null}
      {item.status === 'approved' && item.approvedAt ? (
        <Alert color="teal" role="status" data-testid="approved-banner">
          <Text>{t('review.approvedBy', { name: item.approvedByName, at: when(item.approvedAt) })}</Text>
          {item.approvalReason ? <Text size="sm">{t('review.approvalReason', { reason: item.approvalReason })}</Text> : null}
        </Alert>
      ) : null}
      {item.status === 'submitted' && item.submittedAt ? <Text size="sm" c="dimmed">{t('review.submittedBy', { name: item.submittedByName, at: when(item.submittedAt) })}</Text> : null}
      {item.catalogArchived ? <Alert color="gray">{t('review.archived')}</Alert> : null}
      {item.status === 'carried' && canWork ? <Alert color="orange">{t('review.carriedNote')}</Alert> : null}

      <FormError message={data?.formError} />
      {done ? <Text c="teal" role="status">{t(`review.done.${done}`)}</Text> : null}

      {showAnswer && !deciding ? <AnswerPanel item={item} canLead={canLead} canSetLead={canSetLead} library={answerOpen ? library : []} myUnits={answerOpen ? myUnits : []} errors={errors} busy={busy} /> : null}

      <Title order={3}>{t('review.elements')}</Title>
      {canWork && !deciding ? (
        <Text size="sm" c="dimmed">
          {t('review.linkHint')} <Anchor component={Link} to="/evidence">{t('review.library')}</Anchor>
        </Text>
      ) : null}
      {deciding ? (
        <Form method="post">
          <Stack>
            {elements}
            <Card withBorder>
              <Stack gap="xs">
                <Title order={4}>{t('review.decision')}</Title>
                <Textarea name="comment" label={t('review.comment')} autosize minRows={2} maxLength={4000} error={l(errors.comment)} />
                <Textarea name="reason" label={t('review.reason')} autosize minRows={1} maxLength={4000} error={l(errors.reason)} />
                {errors.decision ? <Text size="sm" c="red" role="alert">{l(errors.decision)}</Text> : null}
                <Group>
                  <Button type="submit" name="intent" value="approve" color="teal" loading={busy('approve')}>{t('review.approve')}</Button>
                  <ConfirmButton name="intent" value="return" color="orange" variant="light" message={t('review.returnConfirm', { code: item.itemCode })} loading={busy('return')}>
                    {t('review.return')}
                  </ConfirmButton>
                </Group>
              </Stack>
            </Card>
          </Stack>
        </Form>
      ) : (
        elements
      )}

      {submittable ? (
        <Card withBorder>
          <Form method="post">
            <input type="hidden" name="intent" value="submit" />
            <Stack gap="xs">
              <Textarea name="comment" label={t('review.submitComment')} autosize minRows={1} maxLength={4000} error={l(errors.comment)} />
              <Button type="submit" w="fit-content" loading={busy('submit')}>{t('review.submit')}</Button>
              {errors.submit ? <Text size="sm" c="red" role="alert">{l(errors.submit)}</Text> : null}
            </Stack>
          </Form>
        </Card>
      ) : null}

      <Card withBorder>
        <Stack gap="sm">
          <Title order={4}>{t('review.thread')}</Title>
          {item.comments.length === 0 ? <Text size="sm" c="dimmed">{t('review.thread.empty')}</Text> : null}
          <Stack component="ol" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
            {item.comments.map((c, i) => (
              <li key={i} data-testid="comment">
                <Group gap="xs">
                  <Text size="sm" fw={600}>{c.authorName}</Text>
                  <Text size="xs" c="dimmed">{c.role === 'assessor' || c.role === 'coordinator' ? t(`review.role.${c.role}`) : (ROLES as readonly string[]).includes(c.role) ? t(`role.${c.role as Role}`) : c.role} · {when(c.at)}</Text>
                  {c.kind !== 'comment' ? <Badge size="xs" variant="light">{t(`review.kindOf.${c.kind}`)}</Badge> : null}
                </Group>
                {c.text ? <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Text> : null}
              </li>
            ))}
          </Stack>
          {canWork || canDecide ? (
            <Form method="post" key={item.comments.length}>
              <input type="hidden" name="intent" value="comment" />
              <Group align="flex-end" wrap="nowrap">
                <Textarea name="text" label={t('review.thread.text')} autosize minRows={1} maxLength={4000} style={{ flex: 1 }} error={l(errors.text)} />
                <Button type="submit" variant="light" loading={busy('comment')}>{t('review.thread.send')}</Button>
              </Group>
            </Form>
          ) : null}
        </Stack>
      </Card>
    </Stack>
  )
}
