// Shared form inputs: enumeration and fiscal-year selects, integer VND amounts.
import { Select, type NumberInputProps, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { NumberField } from './NumberField';

/** A Select over an enumeration, labelled through `enum.<ns>.<value>`. */
export function EnumSelect({ ns, values, ...rest }: { ns: string; values: readonly string[] } & Omit<SelectProps, 'data'>) {
  const { t } = useTranslation();
  return <Select data={values.map((v) => ({ value: v, label: t(`enum.${ns}.${v}`, { defaultValue: v }) }))} {...rest} />;
}

/** Integer VND input shown with Vietnamese thousands separators. */
export function MoneyInput(props: Omit<NumberInputProps, 'thousandSeparator' | 'decimalSeparator' | 'allowDecimal'>) {
  return <NumberField thousandSeparator="." decimalSeparator="," allowDecimal={false} allowNegative={false} suffix=" ₫" min={0} {...props} />;
}

/** Fiscal years offered by year pickers: next year back to 2014, newest first. */
export function yearOptions(): string[] {
  const years: string[] = [];
  for (let y = new Date().getFullYear() + 1; y >= 2014; y--) years.push(String(y));
  return years;
}

export function YearSelect({ value, onChange, label }: { value: number; onChange: (y: number) => void; label?: string }) {
  const { t } = useTranslation();
  return (
    <Select
      label={label ?? t('common.year')}
      data={yearOptions()}
      value={String(value)}
      onChange={(v) => v && onChange(Number(v))}
      allowDeselect={false}
      w={120}
      data-testid="year-select"
    />
  );
}
