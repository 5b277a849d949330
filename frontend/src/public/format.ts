// Vietnamese number and date formats (vi-VN: 1.234.567; dd/mm/yyyy).
const number = new Intl.NumberFormat('vi-VN');
const compact = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 1 });

export const formatNumber = (n: number) => number.format(n);
export const formatVnd = (n: number) => `${number.format(n)} đ`;

/** Short money for chart labels: 1,5 tỷ; 350 triệu. */
export function formatShortVnd(n: number): string {
  if (Math.abs(n) >= 1e9) return `${compact.format(n / 1e9)} tỷ`;
  if (Math.abs(n) >= 1e6) return `${compact.format(n / 1e6)} triệu`;
  return number.format(n);
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

export const percent = (part: number, whole: number) =>
  whole > 0 ? `${compact.format((part / whole) * 100)}%` : '—';
