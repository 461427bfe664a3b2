import type { ActionFunctionArgs } from '@remix-run/node'
import { Form } from '@remix-run/react'
import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core'
import { useActionForm } from '#app/components/forms'
import { FormError } from '#app/components/messages'
import { ensureDatabase } from '#app/services.server'
import { answer, attempt } from '#app/utils/forms.server'
import { useT } from '#app/utils/i18n'
import { confirmSignup } from '#models/tenancy/signup.server'

export { RouteErrorBoundary as ErrorBoundary } from '#app/components/ui/error-boundary'

/**
 * Confirmation takes a press, not the GET of the link: mail scanners open links, and must not
 * confirm a request on the owner's behalf.
 */
export async function action({ request, params, context }: ActionFunctionArgs) {
  await ensureDatabase()
  const who = { ip: context.ip ?? '', userAgent: request.headers.get('User-Agent') ?? '' }
  const result = await attempt(() => confirmSignup(params.token ?? '', who))
  if (!result.ok) return result.response
  return answer.ok({ confirmed: result.value.nameTh })
}

export default function ConfirmSignup() {
  const t = useT()
  const { data, formError, idle } = useActionForm<typeof action>()
  const confirmed = data && 'confirmed' in data ? data.confirmed : null
  return (
    <Stack maw={520} mx="auto" mt="xl">
      <Title order={2}>{t('signup.confirmTitle')}</Title>
      {confirmed ? (
        <Alert color="teal" role="status">
          {t('signup.confirmed', { name: confirmed })}
        </Alert>
      ) : (
        <Paper withBorder p="lg">
          <Form method="post">
            <Stack>
              <FormError message={formError} />
              <Text size="sm">{t('signup.confirmIntro')}</Text>
              <Button type="submit" loading={!idle}>
                {t('signup.confirm')}
              </Button>
            </Stack>
          </Form>
        </Paper>
      )}
    </Stack>
  )
}
