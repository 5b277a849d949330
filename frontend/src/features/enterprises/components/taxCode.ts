// Vietnamese tax code (mã số thuế): 10 digits with a check digit, optionally "-" + 3 digits for a
// dependent unit; since 1/7/2025 household businesses may use a 12-digit personal ID instead.
const WEIGHTS = [31, 29, 23, 19, 17, 13, 7, 5, 3];

export function isValidTaxCode(raw: string, allowPersonalId = false): boolean {
  const v = raw.trim();
  if (allowPersonalId && /^\d{12}$/.test(v)) return true;
  const m = /^(\d{10})(-\d{3})?$/.exec(v);
  if (!m) return false;
  const digits = m[1]!.split('').map(Number);
  const sum = WEIGHTS.reduce((acc, w, i) => acc + w * digits[i]!, 0);
  const check = 10 - (sum % 11);
  return check !== 10 && check === digits[9];
}
