import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { Alert, Anchor, Badge, Button, Card, Checkbox, Group, Stack, Text, Textarea, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ConfirmButton } from '#app/components/confirm-button'
import { FormError, useLocalize } from '#app/components/messages'
import { ClarificationStatusBadge, ClarificationWindowNote, ResultBadge } from '#app/components/review/clarification'
import { attempt, fields } from '#app/utils/forms.server'
import { useLocale, useT } from '#app/utils/i18n'
import { actorOf, requirePermission } from '#app/utils/session.server'
import { approveClarification, draftClarification, getClarification, returnClarification } from '#models/work/clarification.server'
import { formatDate, formatFiscalYear } from '#models/dates'
import { forbidden } from '#models/errors'
import { can } from '#models/tenancy/permissions'

const NOT_FOUND = 'ไม่พบรายการ / not found'

/** One criterion's preliminary result and its clarification: coordinators draft, assessors decide. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  const organizationId = member.organization.id
  const screen = await getClarification(organizationId, params.catalogId!, params.itemCode!)
  if (!screen) throw new Response(NOT_FOUND, { status: 404 })
  const status = screen.clarification?.status ?? null
  const disputed = !screen.catalog.archived && screen.result?.result === 'not-passed'
  const canDraft =
    disputed && screen.unitIds.length > 0 && can(member.membership, 'evidence.upload', { organizationId, unitIds: screen.unitIds }) && !screen.window.overdue && status !== 'approved'
  const canDecide = disputed && can(member.membership, 'review.decide') && status === 'draft'
  return json({ screen, canDraft, canDecide })
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const member = await requirePermission(request, 'evidence.read')
  // another organization's ids are "not found" whatever the form says
  const screen = await getClarification(member.organization.id, params.catalogId!, params.itemCode!)
  if (!screen) throw new Response(NOT_FOUND, { status: 404 })
  const form = await request.formData()
  const f = fields(form, ['intent', 'text', 'comment'])
  const actor = actorOf(member, request, context)
  const { catalog, itemCode } = screen
  // the model checks who may do what (unit scope, assessors); this only turns its refusals into answers
  const result = await attempt(async () => {
    switch (f.intent) {
      case 'draft':
        await draftClarification(actor, member.membership, catalog.id, itemCode, { text: f.text, evidenceIds: form.getAll('evidenceId').map(String) })
        return 'draft' as const
      case 'approve':
        await approveClarification(actor, member.membership, catalog.id, itemCode, { comment: f.comment })
        return 'approve' as const
      case 'return':
        await returnClarification(actor, member.membership, catalog.id, itemCode, { comment: f.comment })
        return 'return' as const
      default:
        throw new Response(forbidden().message, { status: 403 })
    }
  })
  if (!result.ok) return result.response
  return json({ done: result.value, formError: null, fieldErrors: {} as Record<string, string> })
}

export default function ClarificationPage() {
  const { screen, canDraft, canDecide } = useLoaderData<typeof loader>()
  const data = useActionData<typeof action>()
  const nav = useNavigation()
  const t = useT()
  const l = useLocalize()
  const locale = useLocale()
  const pick = usePick()
  const errors = (data?.fieldErrors ?? {}) as Record<string, string>
  const busy = (intent: string) => nav.formData?.get('intent') === intent
  const when = (iso: string | null) => (iso ? formatDate(iso, locale, { style: 'datetime' }) : '')
  const done = data && 'done' in data && nav.state === 'idle' ? data.done : null
  const c = screen.clarification
  const referenced = new Set(c?.references.map((r) => r.evidenceId) ?? [])

  return (
    <Stack maw={1000} mx="auto">
      <Anchor component={Link} to={`/clarifications?catalog=${screen.catalog.id}`} size="sm">← {t('clar.back')}</Anchor>
      <Group justify="space-between" align="flex-start">
        <div>
          <Title order={2}>
            {screen.itemCode} {pick(screen.titleTh, screen.titleEn)}
          </Title>
          <Text size="sm" c="dimmed">
            {pick(screen.catalog.nameTh, screen.catalog.nameEn)} · {formatFiscalYear(screen.catalog.fiscalYear, locale)}
          </Text>
          <Text size="sm" c="dimmed">{t('clar.owners', { units: screen.owners.length ? screen.owners.map((o) => pick(o.th, o.en)).join(', ') : t('clar.unassigned') })}</Text>
        </div>
        {screen.result?.result === 'not-passed' ? <ClarificationStatusBadge status={c?.status ?? null} /> : null}
      </Group>

      <Card withBorder>
        {screen.result ? (
          <Stack gap={4}>
            <Group gap="xs">
              <Text fw={600}>{t('clar.col.result')}:</Text>
              <ResultBadge result={screen.result.result} />
            </Group>
            {screen.result.comment ? <Text style={{ whiteSpace: 'pre-wrap' }} data-testid="assessor-comment">{screen.result.comment}</Text> : null}
            <Text size="xs" c="dimmed">{t('clar.recordedBy', { name: screen.result.recordedByName, at: when(screen.result.recordedAt) })}</Text>
          </Stack>
        ) : (
          <Text c="dimmed">{t('clar.noResult')}</Text>
        )}
      </Card>

      {screen.result?.result === 'passed' ? <Text c="dimmed">{t('clar.passedNote')}</Text> : null}
      {screen.result?.result === 'not-passed' ? (
        <>
          <ClarificationWindowNote window={screen.window} />
          <FormError message={data?.formError} />
          {done ? <Text c="teal" role="status">{t(`clar.done.${done}`)}</Text> : null}
          {c?.status === 'returned' && c.decisionComment ? (
            <Alert color="orange" role="status" data-testid="clarification-returned">{t('clar.returnedBanner', { comment: c.decisionComment })}</Alert>
          ) : null}

          <Title order={3}>{t('clar.section')}</Title>
          {c && c.text ? (
            <Card withBorder data-testid="clarification">
              <Stack gap="xs">
                <Text style={{ whiteSpace: 'pre-wrap' }}>{c.text}</Text>
                <Text size="xs" c="dimmed">{t('clar.draftedBy', { name: c.draftedByName, at: when(c.draftedAt) })}</Text>
                {c.decidedAt && c.status !== 'draft' ? (
                  <Text size="xs" c="dimmed" data-testid="clarification-decided">
                    {t('clar.decidedBy', { status: t(`clar.status.${c.status}`), name: c.decidedByName, at: when(c.decidedAt) })}
                    {c.decisionComment && c.status === 'approved' ? ` · ${c.decisionComment}` : ''}
                  </Text>
                ) : null}
                <Text fw={600} size="sm">{t('clar.references')}</Text>
                <Stack component="ul" gap={2} pl="md" m={0}>
                  {c.references.map((r) => (
                    <li key={r.evidenceId} data-testid="clarification-reference">
                      <Group gap="xs">
                        <Anchor component={Link} to={`/evidence/${r.evidenceId}`} size="sm">{r.title}</Anchor>
                        <Anchor href={r.url} target="_blank" rel="noopener noreferrer" size="xs">{r.url}</Anchor>
                        <Anchor href={`/evidence/${r.evidenceId}/snapshot/${r.snapshotIndex}`} size="xs">{t('clar.snapshot', { at: when(r.fetchedAt) })}</Anchor>
                      </Group>
                    </li>
                  ))}
                </Stack>
              </Stack>
            </Card>
          ) : (
            <Text c="dimmed">{t('clar.none')}</Text>
          )}

          {canDraft ? (
            <Card withBorder>
              <Form method="post">
                <input type="hidden" name="intent" value="draft" />
                <Stack gap="sm">
                  <Textarea name="text" label={t('clar.text')} defaultValue={c?.text ?? ''} autosize minRows={4} maxLength={8000} required error={l(errors.text)} />
                  <Text size="sm" fw={600} id="clar-pick">{t('clar.pick')}</Text>
                  {errors.evidenceIds ? <Text size="sm" c="red" role="alert">{l(errors.evidenceIds)}</Text> : null}
                  {screen.links.length === 0 ? <Text size="sm" c="dimmed">{t('clar.noLinks')}</Text> : null}
                  <Stack gap="xs" role="group" aria-labelledby="clar-pick">
                    {screen.links.map((x) => (
                      <Checkbox
                        key={x.id}
                        name="evidenceId"
                        value={x.id}
                        defaultChecked={referenced.has(x.id)}
                        label={
                          <>
                            {x.title} {x.linkedHere ? <Badge size="xs" variant="light">{t('clar.linkedHere')}</Badge> : null}
                          </>
                        }
                        description={`${x.url} · ${t('clar.snapshots', { times: x.snapshots.slice(-5).reverse().map((s) => when(s.fetchedAt)).join(', ') })}`}
                      />
                    ))}
                  </Stack>
                  <Button type="submit" w="fit-content" loading={busy('draft')}>{t('clar.save')}</Button>
                </Stack>
              </Form>
            </Card>
          ) : null}

          {canDecide ? (
            <Card withBorder>
              <Form method="post">
                <Stack gap="xs">
                  <Title order={4}>{t('clar.decision')}</Title>
                  <Textarea name="comment" label={t('clar.comment')} autosize minRows={2} maxLength={4000} error={l(errors.comment)} />
                  <Group>
                    <Button type="submit" name="intent" value="approve" color="teal" loading={busy('approve')}>{t('clar.approve')}</Button>
                    <ConfirmButton name="intent" value="return" color="orange" variant="light" message={t('clar.returnConfirm', { code: screen.itemCode })} loading={busy('return')}>
                      {t('clar.return')}
                    </ConfirmButton>
                  </Group>
                </Stack>
              </Form>
            </Card>
          ) : null}
        </>
      ) : null}
    </Stack>
  )
}
