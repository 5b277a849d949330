import { useState } from 'react';
import { BarList, ColumnChart, type Series } from '../charts';
import { CommuneMap } from '../CommuneMap';
import { getJson, API, type CommuneSupportList, type PublicYearPage } from '../api';
import { formatNumber, formatShortVnd, formatVnd, percent } from '../format';
import { Link, BASE } from '../router';
import { CATEGORY, label } from '../texts';
import { useFetch } from '../useFetch';

const MONEY: Series[] = [
  { key: 'allocated_vnd', label: 'Kinh phí đã phân bổ', className: 's1' },
  { key: 'disbursed_vnd', label: 'Đã giải ngân', className: 's2' },
];
const SUPPORT: Series[] = [
  { key: 'approved_support_vnd', label: 'Kinh phí hỗ trợ được duyệt', className: 's1' },
  { key: 'disbursed_vnd', label: 'Đã giải ngân', className: 's2' },
];

export function Overview() {
  const years = useFetch('years', () => getJson<PublicYearPage>('/budget/years', { page_size: 20 }));
  const [chosen, setChosen] = useState<number | null>(null);
  const items = years.data?.items ?? [];
  // the latest year with money committed or paid (a new year may have its budget only)
  const active = items.find((y) => y.committed_vnd > 0 || y.disbursed_vnd > 0) ?? items[0];
  const year = chosen ?? active?.year ?? null;
  const current = items.find((y) => y.year === year);

  return (
    <>
      <section className="hero">
        <h1>Công khai chương trình khuyến công</h1>
        <p>
          Kinh phí khuyến công được giao và giải ngân qua các năm, các đề án đã được phê duyệt và đơn vị thụ hưởng.
          Dữ liệu mở, không cần đăng nhập, không có thông tin cá nhân.
        </p>
        <Link to={`${BASE}/de-an`} className="button">
          Tra cứu đề án
        </Link>
      </section>

      {years.error ? <p className="error">Không tải được số liệu kinh phí. Vui lòng thử lại sau.</p> : null}
      {years.loading ? <p className="muted">Đang tải…</p> : null}

      {current ? (
        <section>
          <div className="section-head">
            <h2>Năm {current.year}</h2>
            <label>
              Năm{' '}
              <select value={year ?? ''} onChange={(e) => setChosen(Number(e.target.value))}>
                {items.map((y) => (
                  <option key={y.year} value={y.year}>
                    {y.year}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {current.program_name ? <p className="muted">{current.program_name}</p> : null}
          <div className="figures" data-testid="year-figures">
            <Figure label="Dự toán được giao" value={current.appropriated_vnd} />
            <Figure label="Đã phân bổ" value={current.allocated_vnd} />
            <Figure label="Đã cam kết cho đề án" value={current.committed_vnd} />
            <Figure
              label="Đã giải ngân"
              value={current.disbursed_vnd}
              note={`${percent(current.disbursed_vnd, current.allocated_vnd)} kinh phí phân bổ`}
            />
          </div>

          <h3>Theo nhóm nội dung</h3>
          <BarList
            series={MONEY}
            rows={aggregateByCategory(current.lines).map(({ category, ...values }) => ({ label: label(CATEGORY, category), values }))}
          />
          <Communes year={current.year} />
        </section>
      ) : null}

      {items.length > 0 ? (
        <section>
          <h2>Thực hiện qua các năm</h2>
          <ColumnChart
            title="Kinh phí đã phân bổ và đã giải ngân qua các năm"
            series={MONEY}
            groups={[...items].reverse().map((y) => ({
              label: String(y.year),
              values: { allocated_vnd: y.allocated_vnd, disbursed_vnd: y.disbursed_vnd },
            }))}
          />
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Năm</th>
                  <th className="num">Đã phân bổ (đồng)</th>
                  <th className="num">Đã giải ngân (đồng)</th>
                  <th className="num">Tỷ lệ</th>
                </tr>
              </thead>
              <tbody>
                {items.map((y) => (
                  <tr key={y.year}>
                    <td>{y.year}</td>
                    <td className="num">{formatNumber(y.allocated_vnd)}</td>
                    <td className="num">{formatNumber(y.disbursed_vnd)}</td>
                    <td className="num">{percent(y.disbursed_vnd, y.allocated_vnd)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <Downloads years={items.map((y) => y.year)} />
    </>
  );
}

type Line = { category: string; allocated_vnd: number; committed_vnd: number; disbursed_vnd: number };

function aggregateByCategory(lines: Line[]) {
  const sums = new Map<string, Line>();
  for (const l of lines) {
    const s = sums.get(l.category) ?? { category: l.category, allocated_vnd: 0, committed_vnd: 0, disbursed_vnd: 0 };
    s.allocated_vnd += l.allocated_vnd;
    s.committed_vnd += l.committed_vnd;
    s.disbursed_vnd += l.disbursed_vnd;
    sums.set(l.category, s);
  }
  return [...sums.values()];
}

function Figure({ label, value, note }: { label: string; value: number; note?: string }) {
  return (
    <div className="figure">
      <div className="figure-label">{label}</div>
      <div className="figure-value" title={formatVnd(value)}>
        {formatShortVnd(value)}
      </div>
      <div className="figure-exact">{formatVnd(value)}</div>
      {note ? <div className="muted">{note}</div> : null}
    </div>
  );
}

function Communes({ year }: { year: number }) {
  const communes = useFetch(`communes-${year}`, () =>
    getJson<CommuneSupportList>('/projects/by-commune', { fiscal_year: year }),
  );
  const items = communes.data?.items ?? [];
  if (communes.loading || items.length === 0) return null;
  const name = (c: (typeof items)[number]['commune']) => c.current_name ?? c.name ?? c.code;
  return (
    <>
      <h3>Hỗ trợ theo xã, phường</h3>
      {communes.data?.geojson_url ? (
        <CommuneMap
          url={communes.data.geojson_url}
          support={Object.fromEntries(items.map((i) => [i.commune.code, i.approved_support_vnd]))}
        />
      ) : null}
      <BarList
        series={SUPPORT}
        rows={items.slice(0, 10).map((i) => ({
          label: name(i.commune),
          values: { approved_support_vnd: i.approved_support_vnd, disbursed_vnd: i.disbursed_vnd },
        }))}
      />
      <div className="table-wrap">
        <table data-testid="commune-table">
          <thead>
            <tr>
              <th>Xã, phường</th>
              <th className="num">Số đề án</th>
              <th className="num">Được duyệt (đồng)</th>
              <th className="num">Đã giải ngân (đồng)</th>
            </tr>
          </thead>
          <tbody>
            {items.map((i) => (
              <tr key={i.commune.code}>
                <td>{name(i.commune)}</td>
                <td className="num">{formatNumber(i.projects)}</td>
                <td className="num">{formatNumber(i.approved_support_vnd)}</td>
                <td className="num">{formatNumber(i.disbursed_vnd)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Downloads({ years }: { years: number[] }) {
  return (
    <section>
      <h2>Tải dữ liệu</h2>
      <p className="muted">Dữ liệu mở, được tự do sử dụng lại; không có thông tin cá nhân.</p>
      <ul className="downloads">
        <li>
          <a href={`${API}/projects/export?format=csv`} download>
            Danh sách đề án được phê duyệt (CSV)
          </a>
        </li>
        <li>
          <a href={`${API}/budget/years`}>Thực hiện kinh phí theo năm (JSON)</a>
        </li>
        {years.map((y) => (
          <li key={y}>
            <a href={`${API}/ocds?year=${y}`}>Dữ liệu hợp đồng mở OCDS 1.1 năm {y} (JSON)</a>
          </li>
        ))}
        <li>
          <a href={`${API}/catalog.json`}>Danh mục dữ liệu mở (DCAT)</a>
        </li>
      </ul>
    </section>
  );
}
