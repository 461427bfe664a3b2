import { Text, type TextProps } from '@mantine/core'
import { useActionForm } from '#app/components/forms'

/**
 * A refusal shown next to the control that asked (the action answers it as a field message named after the
 * control), in the reader's language; nothing when there is none.
 */
export function ControlError({ name, size = 'sm', ...props }: { name: string } & TextProps) {
  const { error } = useActionForm()
  const message = error(name)
  return message ? (
    <Text size={size} c="red" role="alert" {...props}>
      {message}
    </Text>
  ) : null
}
