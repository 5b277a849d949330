import { getJson, HttpError, type PublicProjectDetail } from '../api';
import { formatDate, formatNumber } from '../format';
import { BASE, Link } from '../router';
import { CATEGORY, CHANGE, DISBURSEMENT, KIND, SOURCE, STATUS, label } from '../texts';
import { useFetch } from '../useFetch';
import { beneficiaryText } from './Projects';

export function Project({ code }: { code: string }) {
  const project = useFetch(code, () => getJson<PublicProjectDetail>(`/projects/${encodeURIComponent(code)}`));
  if (project.loading) return <p className="muted">Đang tải…</p>;
  if (project.error || !project.data) {
    const missing = project.error instanceof HttpError && project.error.status === 404;
    return (
      <section>
        <p className="error">{missing ? `Không có đề án được công khai với mã ${code}.` : 'Không tải được đề án. Vui lòng thử lại sau.'}</p>
        <Link to={`${BASE}/de-an`}>‹ Danh sách đề án</Link>
      </section>
    );
  }
  const p = project.data;
  const commune = p.commune ? (p.commune.name ?? p.commune.code) : '—';
  const current = p.commune?.current_name && p.commune.current_name !== p.commune.name ? ` (nay là ${p.commune.current_name})` : '';
  const rows: [string, string][] = [
    ['Mã đề án', p.code],
    ['Trạng thái', label(STATUS, p.status)],
    ['Năm kế hoạch', String(p.fiscal_year)],
    ['Nhóm nội dung', label(CATEGORY, p.category)],
    ['Xã, phường', commune + current],
    ['Đơn vị thụ hưởng', beneficiaryText(p)],
    ['Loại đơn vị', label(KIND, p.beneficiary?.kind)],
    ['Quyết định phê duyệt', p.decision_number ? `Số ${p.decision_number} ngày ${formatDate(p.decision_date)}` : '—'],
    ['Nguồn kinh phí', label(SOURCE, p.funding_source)],
    ['Thời gian thực hiện', `${formatDate(p.start_on)} – ${formatDate(p.end_on)}`],
    [p.changes?.some((c) => c.kind === 'budget') ? 'Kinh phí hỗ trợ được duyệt (sau điều chỉnh)' : 'Kinh phí hỗ trợ được duyệt', `${formatNumber(p.approved_support_vnd)} đ`],
    ['Đã giải ngân', `${formatNumber(p.disbursed_vnd)} đ`],
    ['Kinh phí nghiệm thu', p.accepted_support_vnd == null ? '—' : `${formatNumber(p.accepted_support_vnd)} đ`],
    ['Ngày nghiệm thu', formatDate(p.accepted_on)],
  ];
  return (
    <section>
      <Link to={`${BASE}/de-an`}>‹ Danh sách đề án</Link>
      <h1>{p.title}</h1>
      <dl className="facts">
        {rows.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      {p.changes && p.changes.length > 0 && (
        <>
          <h2>Điều chỉnh đề án</h2>
          <ul data-testid="public-changes">
            {p.changes.map((c, i) => (
              <li key={i}>
                {label(CHANGE, c.kind)}
                {c.decision_number ? ` theo Quyết định số ${c.decision_number} ngày ${formatDate(c.decision_date)}` : ''}
                {c.approved_support_after_vnd != null
                  ? `: kinh phí hỗ trợ ${formatNumber(c.approved_support_before_vnd ?? 0)} đ → ${formatNumber(c.approved_support_after_vnd)} đ`
                  : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Giải ngân</h2>
      {p.disbursements.length === 0 ? (
        <p className="muted">Chưa có khoản giải ngân nào.</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Ngày</th>
                <th>Loại</th>
                <th className="num">Số tiền (đồng)</th>
              </tr>
            </thead>
            <tbody>
              {p.disbursements.map((d, i) => (
                <tr key={i}>
                  <td>{formatDate(d.date)}</td>
                  <td>{label(DISBURSEMENT, d.kind)}</td>
                  <td className="num">{formatNumber(d.amount_vnd)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
