import { SegmentedControl } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { CARDS_QUERY } from '@/components/DataTable';
import { PERIODS, type Period } from '../api/reports';
/** The six periods; on a phone stacked one under another (in a row they are 530 px wide and
 * pushed the whole page sideways, 'Cả năm' off the screen). */
export function PeriodControl({ value, onChange }: { value: Period; onChange: (p: Period) => void }) {
  const { t } = useTranslation();
  const narrow = useMediaQuery(CARDS_QUERY) ?? false;
  return (
    <SegmentedControl
      aria-labelledby="report-period-label"
      data-testid="report-period"
      orientation={narrow ? 'vertical' : 'horizontal'}
      fullWidth={narrow}
      value={value}
      onChange={(v) => onChange(v as Period)}
      data={PERIODS.map((p) => ({ value: p, label: t(`reports.periods.${p}`) }))}
    />
  );
}
