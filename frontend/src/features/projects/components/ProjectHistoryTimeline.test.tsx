import i18n from '@/lib/i18n';
import { payloadLines } from './ProjectHistoryTimeline';

const t = i18n.getFixedT('vi');

describe('payloadLines (project history)', () => {
  it('words a change request in Vietnamese: no ids, no English codes, no JSON', () => {
    const lines = payloadLines(
      t,
      {
        change_request_id: '44ea2b1a-5f57-419f-a88e-e42563d72a6c',
        number: 1,
        kind: 'budget',
        reason: 'Giá thiết bị tăng',
        changes: { approved_support_vnd: 130_000_000 },
      },
      {},
      'change_request',
    );
    const text = lines.map(([label, value]) => `${label}: ${value}`).join('\n');
    expect(lines).toEqual([
      ['Đề nghị số', '1'],
      ['Loại điều chỉnh', 'Kinh phí'],
      ['Lý do', 'Giá thiết bị tăng'],
      ['Nội dung thay đổi', expect.stringMatching(/^Kinh phí hỗ trợ mới: 130\.000\.000\s₫$/)],
    ]);
    expect(text).not.toMatch(/change_request_id|budget|approved_support_vnd|\{/);
    expect(t('projects.action.change_request')).toBe('Đề nghị điều chỉnh');
  });

  it('shows what an approved change replaced, with the fields’ names and dates as dd/mm/yyyy', () => {
    const lines = payloadLines(
      t,
      {
        kind: 'schedule',
        changes: { end_on: '2020-12-15' },
        previous: { end_on: '2020-11-30' },
        decision_number: '15/QĐ-SCT',
        plan_id: 'f0e1',
        plan_version: 2,
      },
      {},
      'change_approved',
    );
    expect(lines).toEqual([
      ['Loại điều chỉnh', 'Thời gian'],
      ['Nội dung thay đổi', 'Ngày kết thúc mới: 15/12/2020'],
      ['Trước điều chỉnh', 'Ngày kết thúc: 30/11/2020'],
      ['Số quyết định', '15/QĐ-SCT'],
    ]);
    expect(t('projects.action.change_approved')).toBe('Chấp thuận điều chỉnh');
    expect(t('projects.action.change_rejected')).toBe('Không chấp thuận điều chỉnh');
  });

  it('writes changed planned KPIs out by name, not as JSON', () => {
    const lines = payloadLines(
      t,
      {
        kind: 'budget',
        changes: { total_cost_vnd: 700_000_000, planned_kpis: { trainees: 40 } },
        previous: { planned_kpis: { trainees: 30 } },
      },
      { trainees: 'Số học viên' },
      'change_approved',
    );
    expect(lines[1]!.map((x) => x.replace(/\u00a0/g, ' '))).toEqual(['Nội dung thay đổi', 'Tổng kinh phí mới: 700.000.000 ₫; Chỉ tiêu kế hoạch mới: Số học viên: 40']);
    expect(lines[2]![1]).toBe('Chỉ tiêu kế hoạch: Số học viên: 30');
  });

  it('names an uploaded document’s kind, not the enterprise "Loại hình"', () => {
    const payload = { document_id: 'x', kind: 'dossier', filename: 'ho-so.pdf', version: 2, size_bytes: 45, sha256: 'ab'.repeat(32) };
    const lines = payloadLines(t, payload, {}, 'document_uploaded');
    expect(lines).toEqual([
      ['Loại tài liệu', 'Hồ sơ đề án'],
      ['Tên tệp', 'ho-so.pdf'],
      ['Phiên bản', '2'],
      ['Dung lượng', '45 byte'],
      ['Mã băm SHA-256', 'abababababab…'],
    ]);
  });
});
