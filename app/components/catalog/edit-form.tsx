/**
 * Building blocks of the catalog authoring screen: small plain forms (they work without
 * JavaScript), each posting one edit. When the server refuses an edit, the refused form (and only
 * it) opens again with what was typed, its field errors and the message, so a page with many
 * forms still says which one failed and why.
 */
import {
  Button,
  Card,
  Checkbox,
  Group,
  Input,
  List,
  NativeSelect,
  SimpleGrid,
  Text,
  TextInput,
  Textarea,
  type ButtonProps,
  type MantineSpacing,
} from '@mantine/core'
import { createContext, useContext, type ReactNode } from 'react'
import { usePick } from '#app/components/catalog/badges'
import { ConfirmButton } from '#app/components/confirm-button'
import { IntentForm } from '#app/components/forms'
import { FormError, useLocalize } from '#app/components/messages'
import { useT } from '#app/utils/i18n'
import { PERIOD_RULES, type RequirementElement } from '#models/catalog/schema'
import { ELEMENT_EVIDENCE_KINDS } from '#models/evidence/kinds'

/** What the route's action answers when an edit is refused. */
export interface EditFailure {
  formError?: string
  fieldErrors?: Record<string, string>
  /** Which form was posted (its hidden `formKey`). */
  formKey?: string
  /** What was typed, to put back into that form. */
  values?: Record<string, string | string[]>
}

const FailureContext = createContext<EditFailure | undefined>(undefined)
export const EditFailureProvider = FailureContext.Provider
const KeyContext = createContext<string | null>(null)

/** The last refusal, when it was this form's. */
function useMine(): EditFailure | undefined {
  const key = useContext(KeyContext)
  const failure = useContext(FailureContext)
  return key !== null && failure?.formKey === key ? failure : undefined
}

/** A field's error and typed value after its form was refused. */
export function useFieldState(name: string): { error?: string; value?: string | string[] } {
  const mine = useMine()
  const l = useLocalize()
  return { error: l(mine?.fieldErrors?.[name]), value: mine?.values?.[name] }
}

const keyOf = (intent: string, hidden: Record<string, string>) => `${intent}|${Object.values(hidden).join('|')}`

/** A form posting one intent with fixed hidden fields; shows its own refusal. */
export function Op({
  intent,
  hidden,
  inline = true,
  children,
}: {
  intent: string
  hidden: Record<string, string>
  inline?: boolean
  children: ReactNode
}) {
  const key = keyOf(intent, hidden)
  return (
    <KeyContext.Provider value={key}>
      <IntentForm intent={intent} style={inline ? { display: 'inline' } : undefined}>
        <input type="hidden" name="formKey" value={key} />
        {Object.entries(hidden).map(([k, v]) => (
          <input key={k} type="hidden" name={k} value={v} />
        ))}
        <OpError />
        {children}
      </IntentForm>
    </KeyContext.Provider>
  )
}

function OpError() {
  const mine = useMine()
  return mine?.formError ? <FormError message={mine.formError} /> : null
}

/** A disclosed form (native <details>: keyboard and no-JS friendly), open again when it was refused. */
export function EditForm({
  summary,
  intent,
  hidden,
  submit,
  children,
}: {
  summary: string
  intent: string
  hidden: Record<string, string>
  submit: string
  children: ReactNode
}) {
  const failure = useContext(FailureContext)
  const open = failure?.formKey === keyOf(intent, hidden)
  return (
    <details open={open || undefined}>
      <summary style={{ cursor: 'pointer', color: 'var(--mantine-color-teal-8)' }}>{summary}</summary>
      <Card withBorder mt="xs">
        <Op intent={intent} hidden={hidden} inline={false}>
          {children}
          <Button type="submit" mt="sm" size="xs">
            {submit}
          </Button>
        </Op>
      </Card>
    </details>
  )
}

const MOVES = [
  { direction: 'up', name: 'catalogs.moveUp', arrow: '↑' },
  { direction: 'down', name: 'catalogs.moveDown', arrow: '↓' },
] as const

/** Up, down and delete (confirmed) buttons of one item of a list. */
export function ItemControls({
  intent,
  hidden,
  first,
  last,
  label,
  removeMessage,
  variant = 'subtle',
}: {
  intent: string
  hidden: Record<string, string>
  first: boolean
  last: boolean
  /** Names the item in the buttons' accessible names. */
  label: string
  removeMessage: string
  variant?: ButtonProps['variant']
}) {
  const t = useT()
  return (
    <>
      {MOVES.map(({ direction, name, arrow }) => (
        <Op key={direction} intent={`${intent}.move`} hidden={{ ...hidden, direction }}>
          <Button
            type="submit"
            size="compact-xs"
            variant={variant}
            disabled={direction === 'up' ? first : last}
            aria-label={`${t(name)} ${label}`}
          >
            {arrow}
          </Button>
        </Op>
      ))}
      <Op intent={`${intent}.delete`} hidden={hidden}>
        <ConfirmButton
          size="compact-xs"
          variant={variant}
          color="red"
          message={removeMessage}
          aria-label={`${t('catalogs.remove')} ${label}`}
        >
          {t('catalogs.remove')}
        </ConfirmButton>
      </Op>
    </>
  )
}

/**
 * An item's move and delete buttons beside its edit form: `intent="kpi"` posts kpi.move, kpi.delete
 * and kpi.update, each with the same hidden fields naming the item.
 */
export function ItemEditor({
  summary,
  mt,
  align = 'flex-start',
  children,
  ...controls
}: Parameters<typeof ItemControls>[0] & {
  summary: string
  mt?: MantineSpacing
  align?: 'flex-start' | 'center'
  children: ReactNode
}) {
  const t = useT()
  return (
    <Group gap={4} mt={mt} align={align}>
      <ItemControls {...controls} />
      <EditForm
        summary={summary}
        intent={`${controls.intent}.update`}
        hidden={controls.hidden}
        submit={t('catalogs.save')}
      >
        {children}
      </EditForm>
    </Group>
  )
}

const str = (v: string | string[] | undefined) => (typeof v === 'string' ? v : undefined)

export function TextField({
  name,
  label,
  defaultValue,
  required,
  type,
  description,
}: {
  name: string
  label: string
  defaultValue?: string | number
  required?: boolean
  type?: string
  description?: string
}) {
  const s = useFieldState(name)
  return (
    <TextInput
      name={name}
      label={label}
      type={type}
      step={type === 'number' ? 'any' : undefined}
      defaultValue={str(s.value) ?? defaultValue}
      error={s.error}
      required={required}
      description={description}
    />
  )
}

/** One entry per line. */
export function LinesField({
  name,
  label,
  defaultValue,
  description,
  required,
}: {
  name: string
  label: string
  defaultValue?: string[]
  description?: string
  required?: boolean
}) {
  const s = useFieldState(name)
  return (
    <Textarea
      name={name}
      label={label}
      description={description}
      autosize
      minRows={2}
      defaultValue={str(s.value) ?? defaultValue?.join('\n')}
      error={s.error}
      required={required}
    />
  )
}

export function SelectField({
  name,
  label,
  data,
  defaultValue,
}: {
  name: string
  label: string
  data: { value: string; label: string }[]
  defaultValue?: string
}) {
  const s = useFieldState(name)
  return (
    <NativeSelect name={name} label={label} data={data} defaultValue={str(s.value) ?? defaultValue} error={s.error} />
  )
}

/** A group of native checkboxes posting `name` once per ticked box. */
export function ChecksField({
  name,
  label,
  options,
  defaultValues,
  required,
}: {
  name: string
  label: string
  options: { value: string; label: string }[]
  defaultValues: string[]
  required?: boolean
}) {
  const s = useFieldState(name)
  const typed = s.value === undefined ? undefined : Array.isArray(s.value) ? s.value : [s.value]
  const checked = new Set(typed ?? defaultValues)
  return (
    <Input.Wrapper label={label} error={s.error} withAsterisk={required}>
      <Group gap="md" mt={4} role="group" aria-label={label}>
        {options.map((o) => (
          <Checkbox key={o.value} name={name} value={o.value} label={o.label} defaultChecked={checked.has(o.value)} />
        ))}
      </Group>
    </Input.Wrapper>
  )
}

export function CheckField({ name, label, defaultChecked }: { name: string; label: string; defaultChecked?: boolean }) {
  const s = useFieldState(name)
  return (
    <Checkbox
      name={name}
      label={label}
      defaultChecked={s.value !== undefined ? s.value === 'on' : defaultChecked}
      error={s.error}
    />
  )
}

/** The fields of one required element (the evidence that proves it). */
export function ElementFields({ element }: { element?: RequirementElement }) {
  const t = useT()
  return (
    <SimpleGrid cols={{ base: 1, sm: 3 }}>
      <TextField name="id" label={t('catalogs.elementId')} defaultValue={element?.id} required />
      <TextField name="textTh" label={t('catalogs.textTh')} defaultValue={element?.text.th} required />
      <TextField name="textEn" label={t('catalogs.textEn')} defaultValue={element?.text.en} />
      <SelectField
        name="evidenceKind"
        label={t('catalogs.evidenceKind')}
        defaultValue={element?.evidenceKind ?? 'file'}
        data={ELEMENT_EVIDENCE_KINDS.map((k) => ({ value: k, label: t(`catalogs.evidence.${k}`) }))}
      />
      <TextField
        name="minCount"
        type="number"
        label={t('catalogs.minCount')}
        defaultValue={element?.minCount ?? 1}
        required
      />
      <SelectField
        name="period"
        label={t('catalogs.period')}
        defaultValue={element?.period ?? 'current-fy'}
        data={PERIOD_RULES.map((p) => ({ value: p, label: t(`catalogs.periodRule.${p}`) }))}
      />
      <TextField
        name="fileTypes"
        label={t('catalogs.fileTypes')}
        defaultValue={element ? (element.fileTypes?.join(', ') ?? '') : 'pdf'}
      />
      <TextField name="noteTh" label={t('catalogs.noteTh')} defaultValue={element?.note?.th ?? ''} />
      <CheckField name="optional" label={t('catalogs.optionalCheck')} defaultChecked={element?.optional ?? false} />
    </SimpleGrid>
  )
}

/**
 * The required elements of one owner (a criterion, a KPI, or an activity as "area/measure/activity"),
 * with their editing controls in a draft.
 */
export function ElementList({
  owner,
  elements,
  editable,
  label,
}: {
  owner: string
  elements: RequirementElement[]
  editable: boolean
  label: string
}) {
  const t = useT()
  const pick = usePick()
  return (
    <>
      {elements.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('catalogs.noElements')}
        </Text>
      ) : null}
      <List size="sm" mt={4}>
        {elements.map((el, i) => (
          <List.Item key={el.id}>
            <Text size="sm" span>
              {pick(el.text.th, el.text.en)}
            </Text>{' '}
            <Text size="xs" c="dimmed" span>
              ({el.id} · {t(`catalogs.evidence.${el.evidenceKind}`)} ≥ {el.minCount} ·{' '}
              {t(`catalogs.periodRule.${el.period}`)}
              {el.fileTypes ? ` · ${el.fileTypes.join(', ')}` : ''}
              {el.optional ? ` · ${t('catalogs.optional')}` : ''})
            </Text>
            {el.note ? (
              <Text size="xs" c="dimmed">
                {pick(el.note.th, el.note.en)}
              </Text>
            ) : null}
            {editable ? (
              <ItemEditor
                intent="element"
                hidden={{ code: owner, elementId: el.id }}
                first={i === 0}
                last={i === elements.length - 1}
                label={`${label} ${el.id}`}
                removeMessage={t('catalogs.removeElementConfirm', { id: el.id, code: label })}
                summary={`${t('catalogs.edit')} ${el.id}`}
                mt={2}
                align="center"
              >
                <ElementFields element={el} />
              </ItemEditor>
            ) : null}
          </List.Item>
        ))}
      </List>
      {editable ? (
        <EditForm
          summary={`${t('catalogs.addElement')} (${label})`}
          intent="element.add"
          hidden={{ code: owner }}
          submit={t('catalogs.addElement')}
        >
          <ElementFields />
        </EditForm>
      ) : null}
    </>
  )
}
