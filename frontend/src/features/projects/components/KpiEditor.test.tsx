import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import i18n from 'i18next';
import { renderWithProviders, stubFetch } from '@/test/render';
import type { Kpi } from '../api/kpis';
import { KpiEditor, kpiError, kpiObject, kpiRows, type KpiRow } from './KpiEditor';

const CATALOGUE: Kpi[] = [
  { code: 'trainees', name_vi: 'Số học viên được đào tạo', name_en: 'Trainees', unit: 'người', rollup: 'sum', kind: 'value', max_value: null, activity_types: ['vocational_training'] },
  { code: 'waste_reduction_percent', name_vi: 'Giảm chất thải', name_en: 'Waste reduction', unit: '%', rollup: 'mean', kind: 'value', max_value: 100, activity_types: ['pollution_treatment'] },
  {
    code: 'cp_energy_kwh',
    name_vi: 'Sản xuất sạch hơn: tiêu thụ năng lượng',
    name_en: 'Cleaner production: energy use',
    unit: 'kWh/năm',
    rollup: 'sum',
    kind: 'baseline_result',
    max_value: null,
    activity_types: ['cleaner_production_pilot'],
  },
];

const seen: { rows: KpiRow[] } = { rows: [] };

function Harness({ initial = [] as KpiRow[], activityType = 'cleaner_production_pilot' }) {
  const [rows, setRows] = useState<KpiRow[]>(initial);
  const change = (next: KpiRow[]) => {
    seen.rows = next;
    setRows(next);
  };
  return <KpiEditor label="Chỉ tiêu kế hoạch" activityType={activityType} value={rows} onChange={change} />;
}

// jsdom runs no CSS transitions, so the open dropdown's options count as hidden: query with `hidden`.
describe('KpiEditor (KPI picker)', () => {
  beforeEach(() => {
    void i18n.changeLanguage('vi');
    stubFetch((req) => (new URL(req.url).pathname === '/api/v1/kpis' ? { body: { items: CATALOGUE } } : undefined));
  });

  it('chooses an indicator by typing without diacritics and takes a number with its unit', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Thêm chỉ tiêu' }));
    const picker = screen.getByRole('combobox', { name: 'Chỉ tiêu' });
    await waitFor(() => expect(screen.getAllByRole('option', { hidden: true }).length).toBeGreaterThan(0));
    await user.click(picker);
    await user.type(picker, 'giam chat');
    expect(await screen.findByRole('option', { name: 'Giảm chất thải (%)', hidden: true })).toBeInTheDocument();
    expect(screen.queryByRole('option', { name: /Số học viên/, hidden: true })).not.toBeInTheDocument();
    await user.keyboard('{Enter}');
    expect(await screen.findByTestId('kpi-unit-0')).toHaveTextContent('%');
    const value = screen.getByRole('textbox', { name: 'Giảm chất thải: Giá trị (%)' });
    await user.type(value, '120');
    await user.tab();
    // Not clamped to 100: the number stays as typed and the error says why it cannot be saved.
    expect(value).toHaveValue('120');
    expect(screen.getByRole('alert')).toHaveTextContent('Tỷ lệ phần trăm không quá 100');
    expect(kpiObject(seen.rows)).toEqual({ waste_reduction_percent: 120 });
    expect(kpiError(seen.rows, CATALOGUE, i18n.t)).toBe('Tỷ lệ phần trăm không quá 100');
  }, 20_000);

  it('offers indicators that suit the activity type first and takes baseline and result for cleaner production', async () => {
    const user = userEvent.setup();
    renderWithProviders(<Harness />);
    await user.click(screen.getByRole('button', { name: 'Thêm chỉ tiêu' }));
    const picker = screen.getByRole('combobox', { name: 'Chỉ tiêu' });
    await waitFor(() => expect(screen.getAllByRole('option', { hidden: true }).length).toBeGreaterThan(0));
    await user.click(picker);
    const options = await screen.findAllByRole('option', { hidden: true });
    expect(options[0]).toHaveTextContent('Sản xuất sạch hơn: tiêu thụ năng lượng (kWh/năm)');
    expect(screen.getByText('Phù hợp với loại hoạt động')).toBeInTheDocument();
    await user.click(options[0]!);
    await user.type(screen.getByRole('textbox', { name: /Trước khi thực hiện/ }), '240000');
    await user.type(screen.getByRole('textbox', { name: /Sau khi thực hiện/ }), '198000');
    expect(screen.getByTestId('kpi-saving-0')).toHaveTextContent('Tiết kiệm: 42.000 kWh/năm');
    expect(kpiObject(seen.rows)).toEqual({ cp_energy_kwh: { baseline: 240_000, result: 198_000 } });
  }, 20_000);

  it('flags a free-text key left from before the catalogue', async () => {
    renderWithProviders(<Harness initial={kpiRows({ 'Giảm chất thải (%)': 60 })} />);
    expect(await screen.findByRole('alert')).toHaveTextContent('không có trong danh mục');
  });

  it('round-trips stored KPIs and asks for missing values', () => {
    const stored = { trainees: 30, cp_energy_kwh: { baseline: 10, result: 8 } };
    expect(kpiObject(kpiRows(stored))).toEqual(stored);
    const rows: KpiRow[] = [{ code: 'trainees', kind: 'value', value: '', baseline: '', result: '' }];
    expect(kpiError(rows, CATALOGUE, i18n.t)).toBe('Nhập giá trị');
    expect(kpiObject([{ code: '', kind: 'value', value: 3, baseline: '', result: '' }])).toEqual({});
  });
});
