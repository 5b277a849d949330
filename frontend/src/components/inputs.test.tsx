import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { renderWithProviders } from '@/test/render';
import { MoneyInput, moneyProblem, moneyScale } from './inputs';

function Amount({ seen }: { seen: (v: number | string) => void }) {
  const [value, setValue] = useState<number | string>('');
  return (
    <MoneyInput
      label="Số tiền"
      value={value}
      onChange={(v) => {
        setValue(v);
        seen(v);
      }}
    />
  );
}

describe('MoneyInput', () => {
  it('keeps a minus sign typed and names it beside the field, never flipping the amount', async () => {
    const values: (number | string)[] = [];
    renderWithProviders(<Amount seen={(v) => values.push(v)} />);
    await userEvent.type(screen.getByLabelText('Số tiền'), '-5000000');
    expect(values.at(-1)).toBe(-5000000);
    expect(screen.getByText('Số tiền không được âm')).toBeInTheDocument();
    expect(screen.getByLabelText('Số tiền')).toHaveAttribute('aria-invalid', 'true');
  });

  it('accepts an ordinary amount without a word', async () => {
    const values: (number | string)[] = [];
    renderWithProviders(<Amount seen={(v) => values.push(v)} />);
    await userEvent.type(screen.getByLabelText('Số tiền'), '120000000');
    expect(values.at(-1)).toBe(120000000);
    expect(screen.getByLabelText('Số tiền')).toHaveValue('120.000.000 ₫');
    expect(screen.getByText('khoảng 120 triệu đồng')).toBeInTheDocument();
    expect(screen.queryByText('Số tiền không được âm')).toBeNull();
    expect(screen.queryByText('Số tiền quá lớn')).toBeNull();
  });

  it('names an amount past what a number holds exactly', () => {
    expect(moneyProblem('9007199254740993')).toBe('moneyTooLarge');
    expect(moneyProblem(9007199254740991)).toBeUndefined();
    expect(moneyProblem(1e21)).toBe('moneyTooLarge');
    expect(moneyProblem(-1)).toBe('negativeMoney');
    expect(moneyProblem('')).toBeUndefined();
    expect(moneyProblem('-')).toBeUndefined();
  });

  it('says the scale of a large amount in words', () => {
    expect(moneyScale(4_500_000_000)).toEqual({ unit: 'billions', n: '4,5' });
    expect(moneyScale(999_999_999_999_999)).toEqual({ unit: 'billions', n: '1.000.000' });
    expect(moneyScale(350_000_000)).toEqual({ unit: 'millions', n: '350' });
    expect(moneyScale(999_999)).toBeUndefined();
  });
});
