import { screen } from '@testing-library/react';
import { makeUser, renderWithProviders, stubFetch } from '@/test/render';
import { draftProject } from '../testing';
import { ProjectForm } from './ProjectForm';

const CATALOG = {
  items: [
    {
      code: 'technology_transfer',
      position: 1,
      name: 'Ứng dụng, chuyển giao công nghệ',
      name_en: 'Technology transfer',
      activity_types: [
        {
          code: 'machinery_application',
          name: 'Ứng dụng máy móc tiên tiến',
          name_en: 'Advanced machinery',
          support_rules: [
            { program_code: null, max_percent: 50, max_vnd: 300_000_000, advance_cap_percent: 70, advance_min_percent_complete: null, legal_basis: 'TT 28/2018/TT-BTC', note: null, effective_from: '2014-01-01', effective_to: null, rule: 'x' },
          ],
        },
      ],
    },
  ],
};
const MARK = { id: 'a1', program_code: null, admin_unit_code: '25840', uplift_percent: 150, legal_basis: 'QĐ 12/2016', effective_from: '2016-01-01', effective_to: null };

function stub(marks: object[]) {
  return stubFetch((req) => {
    const path = new URL(req.url).pathname;
    if (path.endsWith('/activity-types')) return { body: CATALOG };
    if (path.endsWith('/priority-areas')) return { body: { items: marks, total: marks.length, page: 1, page_size: 20 } };
    return undefined;
  });
}

describe('the project form’s support hint', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('gives the raised level in a priority commune, and names it', async () => {
    stub([MARK]);
    renderWithProviders(<ProjectForm initial={{ ...draftProject, beneficiary_enterprise_id: null, admin_unit_code: '25840' }} onSubmit={async () => {}} />, { user: makeUser('program_officer') });
    expect(await screen.findByText('Hỗ trợ tối đa 75% tổng kinh phí, không quá 450.000.000 ₫ (TT 28/2018/TT-BTC); địa bàn ưu tiên: 150% mức thông thường', { normalizer: (s) => s.replace(/\u00a0/g, ' ') }, { timeout: 5000 })).toBeInTheDocument();
  });

  it('gives the normal level elsewhere', async () => {
    stub([]);
    renderWithProviders(<ProjectForm initial={{ ...draftProject, beneficiary_enterprise_id: null, admin_unit_code: '25747' }} onSubmit={async () => {}} />, { user: makeUser('program_officer') });
    expect(await screen.findByText('Hỗ trợ tối đa 50% tổng kinh phí, không quá 300.000.000 ₫ (TT 28/2018/TT-BTC)', { normalizer: (s) => s.replace(/\u00a0/g, ' ') }, { timeout: 5000 })).toBeInTheDocument();
  });
});
