import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Whether the product's recognition is still in force (the registry's `recognized`). */
export function RecognizedBadge({ recognized }: { recognized: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge variant="light" color={recognized ? 'green' : 'gray'}>
      {recognized ? t('typicalProducts.recognized') : t('typicalProducts.expired')}
    </Badge>
  );
}
