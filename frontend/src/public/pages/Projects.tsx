import { useState, type FormEvent } from 'react';
import { getJson, type PublicProject, type PublicProjectPage } from '../api';
import { formatNumber } from '../format';
import { BASE, Link, navigate, useLocation } from '../router';
import { CATEGORY, KIND, STATUS, label } from '../texts';
import { useFetch } from '../useFetch';

const PAGE_SIZE = 20;

export function beneficiaryText(p: PublicProject): string {
  const b = p.beneficiary;
  if (!b) return '—';
  if (b.name) return b.name;
  // a household business: its kind and trade, never its owner's name
  return [label(KIND, b.kind), b.trade_name].filter(Boolean).join(' – ');
}

export function Projects() {
  const { search } = useLocation();
  const params = new URLSearchParams(search);
  const q = params.get('q') ?? '';
  const year = params.get('nam') ?? '';
  const category = params.get('nhom') ?? '';
  const page = Math.max(1, Number(params.get('trang') ?? '1') || 1);
  const [draft, setDraft] = useState({ q, year, category });

  const result = useFetch(search, () =>
    getJson<PublicProjectPage>('/projects', {
      q: q || undefined,
      fiscal_year: year || undefined,
      category: category || undefined,
      page,
      page_size: PAGE_SIZE,
    }),
  );

  const go = (next: Record<string, string>) => {
    const query = new URLSearchParams(Object.entries(next).filter(([, v]) => v !== '' && v !== '1'));
    navigate(`${BASE}/de-an${query.size ? `?${query}` : ''}`);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    go({ q: draft.q.trim(), nam: draft.year, nhom: draft.category });
  };
  const total = result.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));

  return (
    <section>
      <h1>Đề án khuyến công được phê duyệt</h1>
      <form className="filters" onSubmit={submit} role="search">
        <label>
          Tìm theo mã hoặc tên đề án
          <input type="search" value={draft.q} maxLength={100} onChange={(e) => setDraft({ ...draft, q: e.target.value })} />
        </label>
        <label>
          Năm
          <input type="number" inputMode="numeric" min={2000} max={2100} value={draft.year} onChange={(e) => setDraft({ ...draft, year: e.target.value })} />
        </label>
        <label>
          Nhóm nội dung
          <select value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })}>
            <option value="">Tất cả</option>
            {Object.entries(CATEGORY).map(([code, name]) => (
              <option key={code} value={code}>
                {name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">Tìm kiếm</button>
      </form>

      {result.error ? <p className="error">Không tải được danh sách đề án. Vui lòng thử lại sau.</p> : null}
      {result.loading ? <p className="muted">Đang tải…</p> : null}
      {result.data ? (
        <>
          <p className="muted" data-testid="project-count">
            {formatNumber(total)} đề án
          </p>
          <ul className="cards">
            {result.data.items.map((p) => (
              <li key={p.code} className="card">
                <div className="card-head">
                  <span className="code">{p.code}</span>
                  <span className={`status st-${p.status}`}>{label(STATUS, p.status)}</span>
                </div>
                <Link to={`${BASE}/de-an/${encodeURIComponent(p.code)}`} className="card-title">
                  {p.title}
                </Link>
                <div className="muted">
                  {label(CATEGORY, p.category)} · Năm {p.fiscal_year}
                  {p.commune?.current_name || p.commune?.name ? ` · ${p.commune.current_name ?? p.commune.name}` : ''}
                </div>
                <div>Đơn vị thụ hưởng: {beneficiaryText(p)}</div>
                <div className="money">
                  <span>
                    Được duyệt: <strong>{formatNumber(p.approved_support_vnd)} đ</strong>
                  </span>
                  <span>
                    Đã giải ngân: <strong>{formatNumber(p.disbursed_vnd)} đ</strong>
                  </span>
                </div>
              </li>
            ))}
          </ul>
          {result.data.items.length === 0 ? <p>Không có đề án nào phù hợp.</p> : null}
          {pages > 1 ? (
            <nav className="pager" aria-label="Phân trang">
              <button type="button" disabled={page <= 1} onClick={() => go({ q, nam: year, nhom: category, trang: String(page - 1) })}>
                ‹ Trước
              </button>
              <span>
                Trang {page}/{pages}
              </span>
              <button type="button" disabled={page >= pages} onClick={() => go({ q, nam: year, nhom: category, trang: String(page + 1) })}>
                Sau ›
              </button>
            </nav>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
