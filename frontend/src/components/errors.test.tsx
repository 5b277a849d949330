import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { api, unwrap } from '@/lib/api/client';
import { ApiError } from '@/lib/api/problem';
import i18n, { setLanguage } from '@/lib/i18n';
import { renderWithProviders, stubFetch } from '@/test/render';
import { theme } from '@/app/providers';
import { ErrorState } from './QueryState';
import { RouteError } from './RouteError';
import { ServerErrorAlert } from './ServerErrorAlert';

afterEach(async () => {
  vi.unstubAllGlobals();
  await setLanguage('vi');
});

describe('ServerErrorAlert', () => {
  it('words the code with its params in the UI language', async () => {
    const error = new ApiError(422, {
      status: 422,
      code: 'project.advance_above_cap',
      detail: 'server words',
      params: { cap_percent: 70, cap_vnd: 1_400_000, advanced_vnd: 0, amount_vnd: 2_000_000 },
      errors: [{ field: 'amount_vnd', message: 'server words', code: 'project.advance_above_cap', params: { cap_percent: 70, cap_vnd: 1_400_000, advanced_vnd: 0 } }],
    });
    const { unmount } = renderWithProviders(<ServerErrorAlert error={error} />);
    expect(screen.getByTestId('server-error')).toHaveTextContent('Tổng tạm ứng tối đa 70% kinh phí được duyệt (1.400.000 đ); đã tạm ứng 0 đ');
    // the code is labelled as a reference, not left bare under the message
    expect(screen.getByTestId('server-error-code')).toHaveTextContent('Mã lỗi (để báo bộ phận hỗ trợ): project.advance_above_cap');
    unmount();
    await setLanguage('en');
    renderWithProviders(<ServerErrorAlert error={error} />);
    expect(screen.getByTestId('server-error')).toHaveTextContent('Advances may total at most 70% of the approved support (1,400,000 VND)');
  });

  it('uses the field error words under a generic code, and the detail for an unknown code', () => {
    const noProgram = new ApiError(422, {
      code: 'validation.failed',
      detail: 'x',
      params: { year: 2027 },
      errors: [{ field: 'year', message: 'x', code: 'budget.no_program', params: { year: 2027 } }],
    });
    const { unmount } = renderWithProviders(<ServerErrorAlert error={noProgram} />);
    expect(screen.getByTestId('server-error')).toHaveTextContent('Chưa có chương trình khuyến công nào bao gồm năm 2027');
    unmount();
    renderWithProviders(<ServerErrorAlert error={new ApiError(409, { code: 'someone.new', detail: 'Lời của máy chủ' })} />);
    expect(screen.getByTestId('server-error')).toHaveTextContent('Lời của máy chủ');
  });
});

describe('ServerErrorAlert in a form', () => {
  const oneField = new ApiError(422, {
    code: 'validation.failed',
    detail: 'x',
    errors: [{ field: 'name', message: 'Tên quá dài', code: 'validation.string_too_long', params: { max_length: 255 } }],
  });

  it('points at the marked field instead of repeating its one error', () => {
    renderWithProviders(<ServerErrorAlert error={oneField} other={[]} />);
    expect(screen.getByTestId('server-error')).toHaveTextContent('Dữ liệu chưa hợp lệ, vui lòng kiểm tra các trường được đánh dấu.');
    expect(screen.getByTestId('server-error')).not.toHaveTextContent('255');
  });

  it('lists an error that has no field on the form', () => {
    renderWithProviders(<ServerErrorAlert error={oneField} other={['Tên: quá dài']} />);
    expect(screen.getByTestId('server-error')).toHaveTextContent('Tên: quá dài');
  });
});

describe('ErrorState', () => {
  it('says a 403 in Vietnamese with a way back and no retry', () => {
    renderWithProviders(<ErrorState error={new ApiError(403, { status: 403, code: 'auth.forbidden' })} onRetry={() => {}} />);
    expect(screen.getByText('Bạn không có quyền xem trang này. Nếu cần, hãy liên hệ quản trị viên để được cấp quyền.')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Thử lại' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Về trang chủ' })).toHaveAttribute('href', '/');
  });

  it('says a 404 with a way back and no retry, and keeps retry for a server failure', () => {
    const { unmount } = renderWithProviders(<ErrorState error={new ApiError(404, { status: 404, code: 'project.not_found' })} onRetry={() => {}} backTo="/de-an" />);
    expect(screen.getByText('Không tìm thấy')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Thử lại' })).toBeNull();
    expect(screen.getByRole('link', { name: 'Quay lại' })).toHaveAttribute('href', '/de-an');
    unmount();
    renderWithProviders(<ErrorState error={new ApiError(503, { status: 503, code: 'upstream.unavailable' })} onRetry={() => {}} />);
    expect(screen.getByRole('button', { name: 'Thử lại' })).toBeInTheDocument();
  });
});

function renderRouteError(thrown: unknown) {
  const router = createMemoryRouter(
    [
      {
        path: '/',
        loader: () => {
          throw thrown;
        },
        element: <div />,
        errorElement: <RouteError />,
      },
    ],
    { initialEntries: ['/'] },
  );
  return render(
    <MantineProvider theme={theme}>
      <RouterProvider router={router} />
    </MantineProvider>,
  );
}

describe('RouteError', () => {
  it('a 403 says so in Vietnamese, links home and does not offer a retry', async () => {
    renderRouteError(new ApiError(403, { status: 403, code: 'auth.forbidden' }));
    expect(await screen.findByText('Không có quyền truy cập')).toBeInTheDocument();
    expect(screen.getByText(/Bạn không có quyền xem trang này/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Về trang chủ' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Thử lại' })).toBeNull();
  });

  it('a 404 says what was not found, without a retry', async () => {
    renderRouteError(new Response('', { status: 404 }));
    expect(await screen.findByText('Không tìm thấy trang')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Thử lại' })).toBeNull();
  });

  it('a server failure keeps the retry', async () => {
    renderRouteError(new ApiError(500, { status: 500, code: 'internal' }));
    expect(await screen.findByText('Máy chủ gặp sự cố')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Thử lại' })).toBeInTheDocument();
  });
});

describe('api client', () => {
  it('sends the UI language as Accept-Language', async () => {
    const fetch = stubFetch(() => ({ body: { id: 'u', username: 'a', full_name: 'A', role: 'viewer', enterprise_id: null } }));
    await unwrap(api.GET('/api/v1/auth/me'));
    await setLanguage('en');
    await unwrap(api.GET('/api/v1/auth/me'));
    const langs = fetch.mock.calls.map(([req]) => (req as Request).headers.get('Accept-Language'));
    expect(langs).toEqual(['vi', 'en']);
    expect(i18n.language).toBe('en');
  });
});
