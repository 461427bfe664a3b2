import { Link, useFormAction } from '@remix-run/react'
import { Anchor, Badge, Card, Checkbox, Group, Stack, Text, TextInput, UnstyledButton } from '@mantine/core'
import type { SerializeFrom } from '@remix-run/node'
import { CoverageGridView } from '#app/components/items/coverage-grid'
import { ElementWorkspace, EvidenceControls, type WorkspaceProps } from '#app/components/items/workspace'
import type { CoverageGrid } from '#models/evidence/coverage'
import { usePick } from '#app/components/catalog/badges'
import { ControlError } from '#app/components/evidence/control-error'
import { ContributionLine } from '#app/components/review/answer'
import { RowAnchor, RowLink, useRowForms } from '#app/components/ui/rows'
import { useT } from '#app/utils/i18n'
import type { ItemReview } from '#models/work/review.server'
import { RenderTurn } from '#app/components/ui/render-turns'

interface Props {
  item: Pick<ItemReview, 'elements' | 'units' | 'selectionMade' | 'fiscalYear' | 'catalogId' | 'itemCode'>
  /** An assessor deciding: each element gets its tick box and note. */
  deciding: boolean
  showAnswer: boolean
  canChoose: boolean
  /** Each element whose period rule asks for months or quarters: its coverage grid. */
  grids: SerializeFrom<Record<string, CoverageGrid>>
  /** A coordinator adding evidence inline: the uploader's settings (absent: no inline controls). */
  workspace?: Omit<WorkspaceProps, 'elementId' | 'catalogId' | 'itemCode'> | null
  /** Reviewing in place: the evidence shown in the panel, and how to show another. */
  preview?: { selectedId: string | null; select: (elementId: string, evidenceId: string) => void } | null
}

/** The item's required elements, each with its evidence (and who contributed it) and the assessor's tick and note. */
export function ElementList({ item, deciding, showAnswer, canChoose, grids, workspace, preview }: Props) {
  const t = useT()
  const pick = usePick()
  // the rows' forms post where Remix's Form would (this page), sent by one handler
  const action = useFormAction()
  const onRowSubmit = useRowForms()
  return (
    <Stack gap="sm" onSubmit={onRowSubmit}>
      {item.elements.map((e) => (
        <RenderTurn key={e.id}>
          <Card withBorder data-testid="element-row" data-element={e.id} id={`element-${e.id}`}>
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
                {t('review.element.count', { count: e.evidenceTotal, min: e.minCount })}
                {item.selectionMade
                  ? ` · ${t('review.answer.count', { count: e.answerCount, total: e.evidenceTotal })}`
                  : ''}
                {e.short ? ` · ${t('review.element.short')}` : ''}
              </Text>
              <ControlError name={`element.${e.id}`} />
              {e.evidence.length === 0 ? (
                <Text size="sm" c="dimmed">
                  {t('review.element.noEvidence')}
                </Text>
              ) : null}
              <Stack component="ul" gap={2} pl="md" m={0} className="rows-list">
                {e.evidence.map((x, i) => (
                  <li
                    key={x.id}
                    style={x.inAnswer ? undefined : { opacity: 0.6 }}
                    data-testid="element-evidence"
                    data-selected={preview?.selectedId === x.id}
                  >
                    <div className="rows-line">
                      {preview ? (
                        <button
                          type="button"
                          className={`mantine-focus-auto ${UnstyledButton.classes.root} rows-pick`}
                          onClick={() => preview.select(e.id, x.id)}
                          aria-pressed={preview.selectedId === x.id}
                          aria-label={`${t('workspace.preview')}: ${x.title}`}
                        >
                          {x.title}
                        </button>
                      ) : (
                        <RowLink to={`/evidence/${x.id}`}>{x.title}</RowLink>
                      )}
                      {x.type === 'file' && !preview ? (
                        <RowAnchor href={`/evidence/${x.id}/file`}>
                          {t('review.openFile')}
                          {x.fileName ? ` (${x.fileName})` : ''}
                        </RowAnchor>
                      ) : null}
                      {x.type === 'link' && x.url && !preview ? (
                        <RowAnchor href={x.url} target="_blank" rel="noopener noreferrer">
                          {t('review.openLink')}
                        </RowAnchor>
                      ) : null}
                      {workspace ? (
                        <EvidenceControls
                          action={action}
                          elementId={e.id}
                          evidenceId={x.id}
                          title={x.title}
                          first={i === 0}
                          last={i === e.evidenceTotal - 1}
                        />
                      ) : null}
                    </div>
                    {showAnswer ? (
                      <ContributionLine evidence={x} units={item.units} canChoose={canChoose} action={action} />
                    ) : null}
                  </li>
                ))}
              </Stack>
              {e.evidence.length < e.evidenceTotal ? (
                <Anchor
                  component={Link}
                  to={`?all=${encodeURIComponent(e.id)}#element-${e.id}`}
                  preventScrollReset
                  size="sm"
                  data-testid="show-all-evidence"
                >
                  {t('review.element.showAll', { count: e.evidenceTotal })}
                </Anchor>
              ) : null}
              {grids[e.id] ? (
                <CoverageGridView
                  grid={grids[e.id] as CoverageGrid}
                  fiscalYear={item.fiscalYear}
                  titles={Object.fromEntries(e.evidence.map((x) => [x.id, x.title]))}
                />
              ) : null}
              {workspace ? (
                <ElementWorkspace {...workspace} catalogId={item.catalogId} itemCode={item.itemCode} elementId={e.id} />
              ) : null}
              {deciding ? (
                <Group align="flex-end" wrap="nowrap">
                  <Checkbox
                    name={`tick.${e.id}`}
                    defaultChecked={e.ticked}
                    label={t('review.tick', { element: e.id })}
                  />
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
        </RenderTurn>
      ))}
    </Stack>
  )
}
