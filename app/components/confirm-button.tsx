import { Button, Group, Modal, Text, type ButtonProps } from '@mantine/core'
import { useDisclosure } from '@mantine/hooks'
import { useRef } from 'react'
import { useT } from '#app/utils/i18n'

/**
 * A submit button that asks first. Without JavaScript it submits directly (the server still
 * validates); with it, a modal names what will happen and the form submits on confirmation.
 */
export function ConfirmButton({
  message,
  children,
  ...props
}: ButtonProps & { message: string; name?: string; value?: string; children: React.ReactNode }) {
  const t = useT()
  const [opened, { open, close }] = useDisclosure(false)
  const ref = useRef<HTMLButtonElement>(null)
  const confirmed = useRef(false)
  return (
    <>
      <Button
        {...props}
        ref={ref}
        type="submit"
        onClick={(e) => {
          if (confirmed.current) {
            confirmed.current = false
            return
          }
          e.preventDefault()
          open()
        }}
      >
        {children}
      </Button>
      <Modal opened={opened} onClose={close} title={t('common.confirm')} centered>
        <Text mb="md">{message}</Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button
            color={props.color ?? 'red'}
            data-autofocus
            onClick={() => {
              close()
              confirmed.current = true
              ref.current?.click()
            }}
          >
            {t('common.confirm')}
          </Button>
        </Group>
      </Modal>
    </>
  )
}
