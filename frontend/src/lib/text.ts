/** 'Cán bộ Trung tâm' → 'can bo trung tam': for searching without diacritics (the server folds the same way). */
export function fold(value: string): string {
  return value.replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFD').replace(/\p{Mn}/gu, '').toLocaleLowerCase('vi').replace(/\s+/g, ' ').trim();
}

/** A Mantine Select/Autocomplete filter that ignores case and diacritics. */
export function foldFilter<T extends { label: string }>({ options, search }: { options: T[]; search: string }): T[] {
  const needle = fold(search);
  return needle ? options.filter((o) => 'label' in o && fold(o.label).includes(needle)) : options;
}
