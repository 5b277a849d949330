import i18n from 'i18next';
// Formatting helpers: money is integer VND, dates are shown dd/mm/yyyy whatever the UI language.
const vndFormatter = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND' });
const numberFormatter = new Intl.NumberFormat('vi-VN');
const pad = (n: number) => String(n).padStart(2, '0');

export function formatVnd(amount: number | null | undefined): string {
  if (amount === null || amount === undefined || Number.isNaN(amount)) return '—';
  return vndFormatter.format(amount);
}

/** Compact VND for chart axes: 4,5 tỷ / 300 tr (4,5 bn / 300 m in English). */
export function formatVndShort(amount: number, lang?: string): string {
  const en = (lang ?? i18n.language ?? 'vi').startsWith('en');
  const abs = Math.abs(amount);
  if (abs >= 1e9) return `${numberFormatter.format(Math.round(amount / 1e8) / 10)} ${en ? 'bn' : 'tỷ'}`;
  if (abs >= 1e6) return `${numberFormatter.format(Math.round(amount / 1e5) / 10)} ${en ? 'm' : 'tr'}`;
  return numberFormatter.format(amount);
}

export function formatNumber(n: number | null | undefined): string {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return numberFormatter.format(n);
}

/** A file's size: bytes under a kilobyte as they are, then KB (whole) and MB (one decimal). */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${numberFormatter.format(bytes)} byte`;
  if (bytes < 1024 * 1024) return `${numberFormatter.format(Math.ceil(bytes / 1024))} KB`;
  return `${numberFormatter.format(Math.round((bytes / 1024 / 1024) * 10) / 10)} MB`;
}

/** `YYYY-MM-DD` (no time zone shift) or an ISO timestamp → `dd/mm/yyyy`. */
export function formatDate(value: string | Date | null | undefined): string {
  if (!value) return '—';
  if (typeof value === 'string') {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (m) return `${m[3]}/${m[2]}/${m[1]}`;
  }
  const d = typeof value === 'string' ? new Date(value) : value;
  if (Number.isNaN(d.getTime())) return '—';
  return `${pad(d.getDate())}/${pad(d.getMonth() + 1)}/${d.getFullYear()}`;
}

/** ISO timestamp → `dd/mm/yyyy HH:mm` in local time. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '—';
  return `${formatDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** Today's date as `YYYY-MM-DD` in local time (for date inputs). */
export function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
