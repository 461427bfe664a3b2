import { Button, Card, Group, NativeSelect, Stack, Text, Title } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ConfirmButton } from '#app/components/confirm-button'
import { ControlError } from '#app/components/evidence/control-error'
import { IntentForm, useActionForm } from '#app/components/forms'
import { RowBadge, RowButton, RowNote, rowFields } from '#app/components/ui/rows'
import { useLocale, useT } from '#app/utils/i18n'
import { formatDate } from '#models/dates'
import type { ElementEvidence, ItemReview } from '#models/work/review.server'

type Unit = ItemReview['units'][number]

/** Who contributed one evidence for which unit, whether it is in the answer, and (for the lead) the choice. */
export function ContributionLine({
  evidence: x,
  units,
  canChoose,
}: {
  evidence: ElementEvidence
  units: Unit[]
  /** Offer the choice: a button of the list's `RowsForm` (rows.tsx). */
  canChoose: boolean
}) {
  const t = useT()
  const locale = useLocale()
  const pick = usePick()
  const when = (iso: string | null) => (iso ? formatDate(iso, locale, { style: 'datetime' }) : '')
  const unit = units.find((u) => u.id === x.contribution.unitId)
  const c = x.contribution
  return (
    <div className="rows-line rows-wrap" data-testid="contribution" data-in-answer={x.inAnswer ? 'yes' : 'no'}>
      <RowBadge on={x.inAnswer}>{x.inAnswer ? t('review.answer.in') : t('review.answer.out')}</RowBadge>
      <RowNote>
        {t('review.answer.by', {
          unit: unit ? pick(unit.nameTh, unit.nameEn || unit.nameTh) : t('review.answer.unitUnknown'),
          name: c.byName || '—',
          at: when(c.at),
        })}
        {c.source === 'issuing-unit' ? ` ${t('review.answer.inferred')}` : ''}
      </RowNote>
      {c.choice ? (
        <RowNote>
          {t(c.choice.selected ? 'review.answer.chosenBy' : 'review.answer.leftOutBy', {
            name: c.choice.byName,
            at: when(c.choice.at),
          })}
        </RowNote>
      ) : null}
      {canChoose ? (
        <RowButton
          type="submit"
          {...rowFields({ intent: 'choose', evidenceId: x.id, selected: x.inAnswer ? '0' : '1' })}
          aria-label={t(x.inAnswer ? 'review.answer.deselect' : 'review.answer.select', { title: x.title })}
        >
          {t(x.inAnswer ? 'review.answer.deselectShort' : 'review.answer.selectShort')}
        </RowButton>
      ) : null}
      <ControlError name={`choose.${x.id}`} size="xs" />
    </div>
  )
}

interface PanelProps {
  item: ItemReview
  canLead: boolean
  canSetLead: boolean
  library: { id: string; title: string }[]
  myUnits: Unit[]
}

/** The lead unit, the state of the selection, and the forms to contribute evidence and to name the lead. */
export function AnswerPanel({ item, canLead, canSetLead, library, myUnits }: PanelProps) {
  const { error, busy } = useActionForm()
  const t = useT()
  const pick = usePick()
  const name = (u: Unit) => pick(u.nameTh, u.nameEn || u.nameTh)
  const lead = item.units.find((u) => u.id === item.lead?.unitId)
  return (
    <Card withBorder data-testid="answer-panel">
      <Stack gap="xs">
        <Title order={4}>{t('review.answer.title')}</Title>
        {lead ? (
          <Text size="sm" data-testid="lead-unit">
            {t('review.answer.lead', { unit: name(lead) })} (
            {item.lead?.explicit
              ? t('review.answer.leadSetBy', { name: item.lead.byName })
              : t('review.answer.leadFirst')}
            )
          </Text>
        ) : null}
        <Text size="sm" c="dimmed">
          {t('review.answer.units', { units: item.units.map(name).join(', ') })}
        </Text>
        <Group gap="xs">
          <Text size="sm" role="status" data-testid="answer-state">
            {t(item.selectionMade ? 'review.answer.selected' : 'review.answer.all')}
          </Text>
          {canLead && item.selectionMade ? (
            <IntentForm intent="reset-answer">
              <ConfirmButton
                size="compact-sm"
                variant="subtle"
                color="orange"
                message={t('review.answer.resetConfirm', { code: item.itemCode })}
                loading={busy('reset-answer')}
              >
                {t('review.answer.reset')}
              </ConfirmButton>
            </IntentForm>
          ) : null}
          <ControlError name="reset-answer" />
        </Group>
        {canSetLead ? (
          <IntentForm intent="lead">
            <Group align="flex-end">
              <NativeSelect
                name="leadUnitId"
                label={t('review.answer.setLead')}
                defaultValue={item.lead?.unitId}
                data={item.units.map((u) => ({ value: u.id, label: name(u) }))}
                error={error('leadUnitId')}
              />
              <Button type="submit" variant="light" loading={busy('lead')}>
                {t('review.answer.saveLead')}
              </Button>
            </Group>
          </IntentForm>
        ) : null}
        {myUnits.length ? (
          <IntentForm intent="contribute">
            <Stack gap={4}>
              <Text size="sm" fw={600}>
                {t('review.contribute.title')}
              </Text>
              {library.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('review.contribute.empty')}
                </Text>
              ) : (
                <Group align="flex-end" wrap="wrap">
                  <NativeSelect
                    name="elementId"
                    label={t('review.contribute.element')}
                    data={item.elements.map((e) => ({
                      value: e.id,
                      label: `${e.id} · ${pick(e.textTh, e.textEn ?? e.textTh)}`.slice(0, 80),
                    }))}
                    error={error('elementId')}
                  />
                  <NativeSelect
                    name="evidenceId"
                    label={t('review.contribute.evidence')}
                    data={library.map((e) => ({ value: e.id, label: e.title }))}
                    error={error('evidenceId')}
                    style={{ flex: 1, minWidth: 200 }}
                  />
                  {myUnits.length > 1 ? (
                    <NativeSelect
                      name="unitId"
                      label={t('review.contribute.unit')}
                      data={myUnits.map((u) => ({ value: u.id, label: name(u) }))}
                      error={error('unitId')}
                    />
                  ) : (
                    <input type="hidden" name="unitId" value={myUnits[0].id} />
                  )}
                  <Button type="submit" loading={busy('contribute')}>
                    {t('review.contribute.submit')}
                  </Button>
                </Group>
              )}
              <ControlError name="contribute" />
            </Stack>
          </IntentForm>
        ) : null}
      </Stack>
    </Card>
  )
}
