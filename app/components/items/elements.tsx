import { Link, useFormAction } from '@remix-run/react'
import { Checkbox, Group, Stack, TextInput, UnstyledButton } from '@mantine/core'
import type { SerializeFrom } from '@remix-run/node'
import { CoverageGridView } from '#app/components/items/coverage-grid'
import { ElementWorkspace, EvidenceControls, type WorkspaceProps } from '#app/components/items/workspace'
import type { CoverageGrid } from '#models/evidence/coverage'
import { usePick } from '#app/components/catalog/badges'
import { ControlError } from '#app/components/evidence/control-error'
import { ContributionLine } from '#app/components/review/answer'
import { plain, PlainBadge, plainStyle, RowAnchor, RowLink, RowsForm, useRowForms } from '#app/components/ui/rows'
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
  // an element's evidence, one row each
  const listOf = (e: Props['item']['elements'][number]) => (
    <ul style={plainStyle.list} className={`rows-list ${plain.stack}`}>
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
              <EvidenceControls evidenceId={x.id} title={x.title} first={i === 0} last={i === e.evidenceTotal - 1} />
            ) : null}
          </div>
          {showAnswer ? <ContributionLine evidence={x} units={item.units} canChoose={canChoose} /> : null}
        </li>
      ))}
    </ul>
  )
  return (
    <Stack gap="sm" onSubmit={onRowSubmit}>
      {item.elements.map((e) => (
        <RenderTurn key={e.id}>
          {/* a Card, Stacks, Groups and Texts as Mantine writes them (rows.tsx): one card per element */}
          <div
            className={plain.card}
            data-with-border="true"
            data-testid="element-row"
            data-element={e.id}
            id={`element-${e.id}`}
          >
            <div style={plainStyle.stack4} className={plain.stack}>
              <div style={plainStyle.spread} className={plain.group}>
                <p style={plainStyle.bold} className={plain.text}>
                  {e.id} · {pick(e.textTh, e.textEn ?? e.textTh)}
                </p>
                {!deciding && e.ticked ? (
                  <PlainBadge color="teal" variant="light">
                    ✓ {t('review.ticked')}
                  </PlainBadge>
                ) : null}
              </div>
              <p style={e.short ? plainStyle.smRed8 : plainStyle.smDimmed} className={plain.text} data-size="sm">
                {t('review.element.kind', { kind: t(`review.kind.${e.evidenceKind}`) })} ·{' '}
                {t('review.element.count', { count: e.evidenceTotal, min: e.minCount })}
                {item.selectionMade
                  ? ` · ${t('review.answer.count', { count: e.answerCount, total: e.evidenceTotal })}`
                  : ''}
                {e.short ? ` · ${t('review.element.short')}` : ''}
              </p>
              <ControlError name={`element.${e.id}`} />
              {e.evidence.length === 0 ? (
                <p style={plainStyle.smDimmed} className={plain.text} data-size="sm">
                  {t('review.element.noEvidence')}
                </p>
              ) : null}
              {/* the rows' buttons (move, unlink, choose) post through one form for the element's list */}
              {workspace || (showAnswer && canChoose) ? (
                <RowsForm action={action} fields={{ elementId: e.id }}>
                  {listOf(e)}
                </RowsForm>
              ) : (
                listOf(e)
              )}
              {e.evidence.length < e.evidenceTotal ? (
                <Link
                  to={`?all=${encodeURIComponent(e.id)}#element-${e.id}`}
                  preventScrollReset
                  style={plainStyle.sm}
                  className={plain.anchor}
                  data-size="sm"
                  data-underline="always"
                  data-testid="show-all-evidence"
                >
                  {t('review.element.showAll', { count: e.evidenceTotal })}
                </Link>
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
                <p style={plainStyle.smItalic} className={plain.text} data-size="sm">
                  {e.note}
                </p>
              ) : null}
            </div>
          </div>
        </RenderTurn>
      ))}
    </Stack>
  )
}
