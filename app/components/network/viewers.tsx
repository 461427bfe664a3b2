/** On the organization's settings: who in the parent organizations sees this organization's figures (read-only). */
import { Card, List, Text, Title } from '@mantine/core'
import { useLocale, useT } from '#app/utils/i18n'

export interface Viewers {
  organization: { th: string; en: string }
  code: string
  people: { name: string; role: 'admin' | 'coordinator' | 'assessor' | 'executive' }[]
}

export function NetworkViewers({ viewers }: { viewers: Viewers[] }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Card withBorder data-testid="network-viewers">
      <Title order={4}>{t('net.viewers.title')}</Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('net.viewers.hint')}
      </Text>
      {viewers.length === 0 ? (
        <Text c="dimmed">{t('net.viewers.none')}</Text>
      ) : (
        viewers.map((v) => (
          <div key={v.code}>
            <Text fw={600}>{locale === 'en' ? v.organization.en : v.organization.th}</Text>
            {v.people.length === 0 ? (
              <Text c="dimmed" size="sm">
                {t('net.viewers.nobody')}
              </Text>
            ) : (
              <List size="sm">
                {v.people.map((p, i) => (
                  <List.Item key={i}>
                    {p.name} · {t(`role.${p.role}`)}
                  </List.Item>
                ))}
              </List>
            )}
          </div>
        ))
      )}
    </Card>
  )
}
