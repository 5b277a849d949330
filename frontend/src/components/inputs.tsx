// Shared form inputs: enumeration and fiscal-year selects, integer VND amounts.
import { Select, type NumberInputProps, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '@/lib/format';
import { NumberField } from './NumberField';

/** A Select over an enumeration, labelled through `enum.<ns>.<value>`. */
export function EnumSelect({ ns, values, ...rest }: { ns: string; values: readonly string[] } & Omit<SelectProps, 'data'>) {
  const { t } = useTranslation();
  return <Select data={values.map((v) => ({ value: v, label: t(`enum.${ns}.${v}`, { defaultValue: v }) }))} {...rest} />;
}

/** What is wrong with a money field's value as it stands, if anything. Mantine hands over a
 * value past `Number.MAX_SAFE_INTEGER` as its digits in a string. */
export function moneyProblem(value: unknown): 'negativeMoney' | 'moneyTooLarge' | undefined {
  const digits = typeof value === 'string' && /^-?\d+$/.test(value) ? value : null;
  const n = typeof value === 'number' ? value : digits !== null ? Number(digits) : null;
  if (n === null || Number.isNaN(n)) return undefined;
  if (n < 0) return 'negativeMoney';
  return Number.isSafeInteger(n) ? undefined : 'moneyTooLarge';
}

/** An amount of a million or more in words of its scale: `{ unit: 'billions', n: '4,5' }`. */
export function moneyScale(value: unknown): { unit: 'billions' | 'millions'; n: string } | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1_000_000) return undefined;
  const [unit, size] = value >= 1_000_000_000 ? (['billions', 1e9] as const) : (['millions', 1e6] as const);
  return { unit, n: formatNumber(Math.round((value / size) * 100) / 100) };
}

/** Integer VND input shown with Vietnamese thousands separators. A minus sign typed stays and
 * is named beside the field (dropping it silently turned "-5000000" into a 5.000.000 ₫ payment),
 * and so is an amount past what a JavaScript number holds exactly (its last digits would change). */
export function MoneyInput(props: Omit<NumberInputProps, 'thousandSeparator' | 'decimalSeparator' | 'allowDecimal'>) {
  const { t } = useTranslation();
  const problem = moneyProblem(props.value);
  const scale = problem ? undefined : moneyScale(props.value);
  return (
    <NumberField
      thousandSeparator="."
      decimalSeparator=","
      allowDecimal={false}
      suffix=" ₫"
      min={0}
      {...props}
      error={props.error ?? (problem && t(`validation.${problem}`))}
      // an extra or missing zero shows at a glance: "khoảng 4,5 tỷ đồng"
      description={props.description ?? (scale && t(`money.${scale.unit}`, { n: scale.n }))}
    />
  );
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
