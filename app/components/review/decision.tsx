import { Button, Group } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { useActionForm } from '#app/components/forms'
import { useT } from '#app/utils/i18n'

/**
 * An assessor's two answers in one form: approve, or return after confirming (the form sends the intent).
 * The labels are `<messages>.approve`, `<messages>.return` and `<messages>.returnConfirm` naming the item's code.
 */
export function DecisionButtons({ messages, code }: { messages: 'review' | 'clar'; code: string }) {
  const { busy } = useActionForm()
  const t = useT()
  const approveLabel = t(`${messages}.approve`)
  const returnLabel = t(`${messages}.return`)
  const returnConfirm = t(`${messages}.returnConfirm`, { code })
  return (
    <Group>
      <Button type="submit" name="intent" value="approve" color="teal" loading={busy('approve')}>
        {approveLabel}
      </Button>
      <ConfirmButton
        name="intent"
        value="return"
        color="orange"
        variant="light"
        message={returnConfirm}
        loading={busy('return')}
      >
        {returnLabel}
      </ConfirmButton>
    </Group>
  )
}
