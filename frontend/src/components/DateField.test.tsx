import { Button, NumberInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import { fireEvent, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useTranslation } from 'react-i18next';
import { dateRule, displayDate, parseDateText } from '@/lib/dates';
import { numberRule } from '@/lib/forms';
import { renderWithProviders } from '@/test/render';
import { DateField } from './DateField';
import { NumberField } from './NumberField';

describe('parseDateText', () => {
  it('reads day first, or ISO, and nothing else', () => {
    expect(parseDateText('01/02/2014')).toBe('2014-02-01');
    expect(parseDateText('10/01/2021')).toBe('2021-01-10');
    expect(parseDateText('15/12/2020')).toBe('2020-12-15');
    expect(parseDateText('1/2/2014')).toBe('2014-02-01');
    expect(parseDateText('01.02.2014')).toBe('2014-02-01');
    expect(parseDateText('01022014')).toBe('2014-02-01');
    expect(parseDateText('2014-02-01')).toBe('2014-02-01');
    expect(parseDateText('  ')).toBeNull();
    for (const bad of ['31/02/2020', '12/31/2020', '29/02/2021', '01/02/14', '2014/02/01', 'hôm qua', '00/01/2020'])
      expect(parseDateText(bad), bad).toBeUndefined();
    expect(parseDateText('29/02/2020')).toBe('2020-02-29');
    expect(displayDate('2014-02-01')).toBe('01/02/2014');
  });
});

function Harness({ onSubmit, required = false }: { onSubmit: (v: { on: string | null; score: number | string }) => void; required?: boolean }) {
  const { t } = useTranslation();
  const form = useForm<{ on: string | null; score: number | string }>({
    initialValues: { on: null, score: '' },
    validate: { on: dateRule(t, { required }), score: numberRule(t, { min: 0, max: 100 }) },
  });
  return (
    <form onSubmit={form.onSubmit(onSubmit)} noValidate>
      <DateField label="Ngày thành lập" {...form.getInputProps('on')} />
      <NumberField label="Điểm thẩm định" min={0} max={100} {...form.getInputProps('score')} />
      <Button type="submit">Lưu</Button>
    </form>
  );
}

describe('DateField', () => {
  it('typing 01/02/2014 gives 1 February 2014 (ISO), shown dd/mm/yyyy', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    const input = screen.getByRole('textbox', { name: 'Ngày thành lập' });
    await userEvent.type(input, '1/2/2014');
    await userEvent.tab();
    expect(input).toHaveValue('01/02/2014');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(onSubmit).toHaveBeenCalledTimes(1);
    expect(onSubmit.mock.calls[0]![0]).toMatchObject({ on: '2014-02-01' });
  });

  it('refuses 31/02/2020 with a message, keeps the text, and the form does not submit', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    const input = screen.getByRole('textbox', { name: 'Ngày thành lập' });
    await userEvent.type(input, '31/02/2020');
    await userEvent.tab();
    expect(await screen.findByText(/Ngày không hợp lệ/)).toBeInTheDocument();
    expect(input).toHaveValue('31/02/2020');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('Enter in the date field does not submit the form', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    const input = screen.getByRole('textbox', { name: 'Ngày thành lập' });
    await userEvent.type(input, '01/02/2014{Enter}');
    expect(onSubmit).not.toHaveBeenCalled();
    // And the default is really prevented (a browser would otherwise submit the form).
    expect(fireEvent.keyDown(input, { key: 'Enter' })).toBe(false);
    expect(input).toHaveValue('01/02/2014');
  });

  it('a value set from outside is shown day first', () => {
    renderWithProviders(<DateField label="Ngày" value="2021-01-10" onChange={() => {}} />);
    expect(screen.getByRole('textbox', { name: 'Ngày' })).toHaveValue('10/01/2021');
  });
});

describe('NumberField', () => {
  it('does not clamp 120 to 100: the error shows and nothing is saved', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<Harness onSubmit={onSubmit} />);
    const score = screen.getByRole('textbox', { name: 'Điểm thẩm định' });
    await userEvent.type(score, '120');
    await userEvent.tab();
    expect(score).toHaveValue('120');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText('Phải từ 0 đến 100')).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it("Mantine's default would have clamped (what the wrapper prevents)", async () => {
    renderWithProviders(<NumberInput label="Mặc định" min={0} max={100} />);
    const box = screen.getByRole('textbox', { name: 'Mặc định' });
    await userEvent.type(box, '120');
    await userEvent.tab();
    expect(box).toHaveValue('100');
  });
});
