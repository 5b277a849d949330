import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ApiError } from '@/lib/api/problem';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import type { Enterprise } from '../api/enterprises';
import { EnterpriseForm } from './EnterpriseForm';

const enterprise: Enterprise = {
  id: 'e1',
  tax_code: '0100047516',
  name: 'HTX Sơn mài Tương Bình Hiệp',
  kind: 'cooperative',
  size: 'small',
  sector_code: '32',
  admin_unit_code: '25747',
  address: null,
  established_on: '2010-05-01',
  employees: 40,
  is_rural_industrial: true,
  craft_village_id: null,
  owner_gender: null,
  owner_ethnic_minority: false,
  phone: null,
  email: null,
  status: 'active',
  created_at: '2024-01-01T00:00:00+07:00',
  updated_at: '2024-01-01T00:00:00+07:00',
};

describe('EnterpriseForm', () => {
  beforeEach(() => {
    stubFetch((req) => (req.url.includes('/admin-units') || req.url.includes('/sectors') ? { body: [] } : undefined));
  });
  afterEach(() => vi.unstubAllGlobals());

  it('validates the tax code check digit before sending', async () => {
    const onSubmit = vi.fn();
    renderWithProviders(<EnterpriseForm initial={enterprise} onSubmit={onSubmit} />, { user: makeUser('program_officer') });
    const tax = screen.getByLabelText(/Mã số thuế/);
    await userEvent.clear(tax);
    await userEvent.type(tax, '0100047517');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    expect(await screen.findByText(/Mã số thuế không hợp lệ/)).toBeInTheDocument();
    expect(onSubmit).not.toHaveBeenCalled();
  });

  it('shows a server 422 error next to the right field', async () => {
    const onSubmit = vi.fn().mockRejectedValue(
      new ApiError(422, {
        status: 422,
        code: 'registry.duplicate_tax_code',
        title: 'Unprocessable',
        errors: [
          { field: 'body.tax_code', message: 'Mã số thuế đã được đăng ký' },
          { field: 'owner_name', message: 'Không xác định' },
        ],
      }),
    );
    renderWithProviders(<EnterpriseForm initial={enterprise} onSubmit={onSubmit} />, { user: makeUser('program_officer') });
    await userEvent.type(screen.getByLabelText(/^Tên/), ' 2');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ name: 'HTX Sơn mài Tương Bình Hiệp 2' }));
    const tax = screen.getByLabelText(/Mã số thuế/);
    const message = await screen.findByText('Mã số thuế đã được đăng ký');
    expect(tax).toHaveAttribute('aria-invalid', 'true');
    expect(tax.getAttribute('aria-describedby') ?? '').toContain(message.id);
    // An error for an unknown field is listed in the alert above the form.
    expect(screen.getByTestId('server-error')).toHaveTextContent('owner_name: Không xác định');
  });

  it('lets an enterprise user change only its contact details', async () => {
    const onSubmit = vi.fn().mockResolvedValue(undefined);
    renderWithProviders(<EnterpriseForm initial={enterprise} onSubmit={onSubmit} canEditStatus={false} contactOnly />, {
      user: makeUser('enterprise'),
    });
    expect(screen.getByTestId('enterprise-contact-only')).toBeInTheDocument();
    for (const label of [/Mã số thuế/, /^Tên/, /Số lao động/]) expect(screen.getByLabelText(label)).toBeDisabled();
    const phone = screen.getByLabelText(/Điện thoại/);
    expect(phone).toBeEnabled();
    await userEvent.type(phone, '0274 3822 111');
    await userEvent.click(screen.getByRole('button', { name: 'Lưu' }));
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith({ phone: '0274 3822 111' }));
  });
});
