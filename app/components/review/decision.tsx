import { Button, Group } from '@mantine/core'
import { ConfirmButton } from '#app/components/confirm-button'
import { useActionForm } from '#app/components/forms'

/** An assessor's two answers in one form: approve, or return after confirming (the form sends the intent). */
export function DecisionButtons({
  approveLabel,
  returnLabel,
  returnConfirm,
}: {
  approveLabel: string
  returnLabel: string
  returnConfirm: string
}) {
  const { busy } = useActionForm()
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
