import { Link } from '@remix-run/react'
import { Anchor, Badge, Card, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core'
import { usePick } from '#app/components/catalog/badges'
import { ControlError } from '#app/components/evidence/control-error'
import { ContributionLine } from '#app/components/review/answer'
import { useT } from '#app/utils/i18n'
import type { ItemReview } from '#models/work/review.server'

interface Props {
  item: Pick<ItemReview, 'elements' | 'units' | 'selectionMade'>
  /** An assessor deciding: each element gets its tick box and note. */
  deciding: boolean
  showAnswer: boolean
  canChoose: boolean
}

/** The item's required elements, each with its evidence (and who contributed it) and the assessor's tick and note. */
export function ElementList({ item, deciding, showAnswer, canChoose }: Props) {
  const t = useT()
  const pick = usePick()
  return (
    <Stack gap="sm">
      {item.elements.map((e) => (
        <Card withBorder key={e.id} data-testid="element-row" data-element={e.id}>
          <Stack gap={4}>
            <Group justify="space-between" wrap="nowrap" align="flex-start">
              <Text fw={600}>
                {e.id} · {pick(e.textTh, e.textEn ?? e.textTh)}
              </Text>
              {!deciding && e.ticked ? (
                <Badge color="teal" variant="light">
                  ✓ {t('review.ticked')}
                </Badge>
              ) : null}
            </Group>
            <Text size="sm" c={e.short ? 'red.8' : 'dimmed'}>
              {t('review.element.kind', { kind: t(`review.kind.${e.evidenceKind}`) })} ·{' '}
              {t('review.element.count', { count: e.evidence.length, min: e.minCount })}
              {item.selectionMade
                ? ` · ${t('review.answer.count', { count: e.answerCount, total: e.evidence.length })}`
                : ''}
              {e.short ? ` · ${t('review.element.short')}` : ''}
            </Text>
            <ControlError name={`element.${e.id}`} />
            {e.evidence.length === 0 ? (
              <Text size="sm" c="dimmed">
                {t('review.element.noEvidence')}
              </Text>
            ) : null}
            <Stack component="ul" gap={2} pl="md" m={0}>
              {e.evidence.map((x) => (
                <li key={x.id} style={x.inAnswer ? undefined : { opacity: 0.6 }}>
                  <Group gap="xs">
                    <Anchor component={Link} to={`/evidence/${x.id}`} size="sm">
                      {x.title}
                    </Anchor>
                    {x.type === 'file' ? (
                      <Anchor href={`/evidence/${x.id}/file`} target="_blank" rel="noopener" size="xs">
                        {t('review.openFile')}
                        {x.fileName ? ` (${x.fileName})` : ''}
                      </Anchor>
                    ) : null}
                    {x.type === 'link' && x.url ? (
                      <Anchor href={x.url} target="_blank" rel="noopener noreferrer" size="xs">
                        {t('review.openLink')}
                      </Anchor>
                    ) : null}
                  </Group>
                  {showAnswer ? <ContributionLine evidence={x} units={item.units} canChoose={canChoose} /> : null}
                </li>
              ))}
            </Stack>
            {deciding ? (
              <Group align="flex-end" wrap="nowrap">
                <Checkbox name={`tick.${e.id}`} defaultChecked={e.ticked} label={t('review.tick', { element: e.id })} />
                <TextInput
                  name={`note.${e.id}`}
                  defaultValue={e.note}
                  label={t('review.note', { element: e.id })}
                  maxLength={4000}
                  style={{ flex: 1 }}
                  size="xs"
                />
              </Group>
            ) : e.note ? (
              <Text size="sm" fs="italic">
                {e.note}
              </Text>
            ) : null}
          </Stack>
        </Card>
      ))}
    </Stack>
  )
}
