import type { LegendPayload } from 'recharts';

/** A chart legend lists its series in the order they are drawn: recharts sorts legend items
 * alphabetically by label unless told otherwise ("Cam kết, Giải ngân, Phân bổ" beside bars
 * drawn as Phân bổ, Cam kết, Giải ngân). */
export function legendInSeriesOrder(series: { name: string }[]) {
  const names = series.map((s) => s.name);
  return { itemSorter: (item: LegendPayload) => names.indexOf(String(item.value)) };
}
