import { SegmentedControl } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { setLanguage, type Language } from '@/lib/i18n';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <SegmentedControl
      size="xs"
      aria-label={t('common.language')}
      data-testid="language-switch"
      styles={{ label: { color: 'var(--mantine-color-gray-8)' } }}
      value={i18n.language.startsWith('en') ? 'en' : 'vi'}
      onChange={(v) => void setLanguage(v as Language)}
      data={[
        { value: 'vi', label: 'VI' },
        { value: 'en', label: 'EN' },
      ]}
    />
  );
}
