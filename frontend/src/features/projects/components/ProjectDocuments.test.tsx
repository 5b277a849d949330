import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import { ProjectDocuments } from './ProjectDocuments';

const HASH = 'a'.repeat(64);
const APPRAISED = { appraisal_score: 82, accepted_on: null, status: 'appraised' as const };
const doc = (id: string, version: number, current: boolean) => ({
  id,
  project_id: 'p1',
  kind: 'acceptance_minutes',
  filename: 'Biên bản nghiệm thu.pdf',
  content_type: 'application/pdf',
  size_bytes: 2048,
  sha256: HASH,
  version,
  current,
  uploaded_by: 'officer',
  uploaded_at: '2026-12-06T09:00:00+07:00',
});

describe('ProjectDocuments', () => {
  beforeEach(() => {
    stubFetch((req) => (req.url.includes('/documents') ? { body: { items: [doc('d2', 2, true), doc('d1', 1, false)] } } : undefined));
  });

  it('lists every version with its hash and marks the superseded one', async () => {
    renderWithProviders(<ProjectDocuments projectId="p1" owner="e1" steps={APPRAISED} />, { user: makeUser('viewer') });
    const [first, second, ...rest] = await screen.findAllByTestId('document-row');
    expect(rest).toHaveLength(0);
    if (!first || !second) throw new Error('two rows expected');
    expect(within(first).getByTestId('document-sha256')).toHaveTextContent(HASH);
    expect(within(first).queryByText('đã có bản mới')).toBeNull();
    expect(within(second).getByText('đã có bản mới')).toBeInTheDocument();
    expect(within(second).getByText('Biên bản nghiệm thu')).toBeInTheDocument();
    // a viewer reads but cannot upload
    expect(screen.queryByTestId('document-dropzone')).toBeNull();
  });

  it('offers the upload area to an enterprise on its own project only', async () => {
    const { unmount } = renderWithProviders(<ProjectDocuments projectId="p1" owner="e1" steps={APPRAISED} />, {
      user: makeUser('enterprise', { enterprise_id: 'e1' }),
    });
    expect(await screen.findByTestId('document-dropzone')).toBeInTheDocument();
    unmount();
    renderWithProviders(<ProjectDocuments projectId="p1" owner="e2" steps={APPRAISED} />, { user: makeUser('enterprise', { enterprise_id: 'e1' }) });
    await screen.findAllByTestId('document-row');
    expect(screen.queryByTestId('document-dropzone')).toBeNull();
  });

  it('offers no upload to the enterprise once its project is settled, and still to the staff', async () => {
    const settled = { ...APPRAISED, accepted_on: '2020-11-30', status: 'settled' as const };
    const { unmount } = renderWithProviders(<ProjectDocuments projectId="p1" owner="e1" steps={settled} />, {
      user: makeUser('enterprise', { enterprise_id: 'e1' }),
    });
    await screen.findAllByTestId('document-row');
    expect(screen.queryByTestId('document-dropzone')).toBeNull();
    unmount();
    renderWithProviders(<ProjectDocuments projectId="p1" owner="e1" steps={settled} />, { user: makeUser('program_officer') });
    expect(await screen.findByTestId('document-dropzone')).toBeInTheDocument();
  });

  it('names each form download by its form and format', async () => {
    renderWithProviders(<ProjectDocuments projectId="p1" owner="e1" steps={APPRAISED} />, { user: makeUser('viewer') });
    await userEvent.click(await screen.findByRole('tab', { name: 'Biểu mẫu' }));
    const forms = await screen.findByTestId('official-forms');
    expect(within(forms).getByRole('button', { name: 'Tải Mẫu 4a – Phiếu thẩm định (PDF)' })).toBeInTheDocument();
    expect(within(forms).getByRole('button', { name: 'Tải Mẫu 7 – Bảng chi tiết quyết toán (DOCX)' })).toBeInTheDocument();
    expect(within(forms).queryByRole('button', { name: 'PDF' })).toBeNull();
  });

  it('offers a form only once the project has the step it records, and says when', async () => {
    renderWithProviders(<ProjectDocuments projectId="p1" owner="e1" steps={APPRAISED} />, { user: makeUser('viewer') });
    await userEvent.click(await screen.findByRole('tab', { name: 'Biểu mẫu' }));
    const forms = await screen.findByTestId('official-forms');
    expect(within(forms).getByRole('button', { name: 'Tải Mẫu 1 – Dự toán chi tiết (PDF)' })).toBeEnabled();
    expect(within(forms).getByRole('button', { name: 'Tải Mẫu 4a – Phiếu thẩm định (DOCX)' })).toBeEnabled();
    const minutes = within(forms).getByRole('button', { name: 'Tải Mẫu 5a – Biên bản nghiệm thu (PDF)' });
    expect(minutes).toBeDisabled();
    expect(minutes).toHaveAccessibleDescription('Có sau khi đề án được nghiệm thu');
    expect(within(forms).getByRole('button', { name: 'Tải Mẫu 7 – Bảng chi tiết quyết toán (DOCX)' })).toBeDisabled();
  });
});
