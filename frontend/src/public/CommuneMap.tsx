// Support by commune on a map, only when the province supplies its own commune boundaries
// (a GeoJSON file named by the server's `geojson_url`, features keyed by `properties.code`).
// No boundaries ship with the system: none could be had under an open licence here, and shapes
// are never made up. Without them the commune table and chart stand alone.
import { useFetch } from './useFetch';
import { formatVnd } from './format';

type Ring = [number, number][];
type Geometry = { type: 'Polygon'; coordinates: Ring[] } | { type: 'MultiPolygon'; coordinates: Ring[][] };
type Feature = { properties: { code?: string; name?: string }; geometry: Geometry | null };

function polygons(g: Geometry | null): Ring[][] {
  if (!g) return [];
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

export function CommuneMap({ url, support }: { url: string; support: Record<string, number> }) {
  const boundaries = useFetch(url, async () => {
    const r = await fetch(url);
    if (!r.ok) throw new Error(String(r.status));
    return ((await r.json()) as { features: Feature[] }).features;
  });
  if (!boundaries.data) return null;
  const features = boundaries.data;
  const points = features.flatMap((f) => polygons(f.geometry).flat(2) as unknown as number[]);
  const xs = points.filter((_, i) => i % 2 === 0);
  const ys = points.filter((_, i) => i % 2 === 1);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = 600 / Math.max(x1 - x0, y1 - y0, 1e-9);
  const max = Math.max(1, ...Object.values(support));
  const path = (rings: Ring[]) =>
    rings.map((ring) => 'M' + ring.map(([x, y]) => `${((x - x0) * scale).toFixed(1)},${((y1 - y) * scale).toFixed(1)}`).join('L') + 'Z').join('');
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${((x1 - x0) * scale).toFixed(0)} ${((y1 - y0) * scale).toFixed(0)}`} role="img" aria-label="Bản đồ hỗ trợ theo xã, phường">
        {features.map((f, i) => {
          const value = support[f.properties.code ?? ''] ?? 0;
          return (
            <path key={f.properties.code ?? i} d={polygons(f.geometry).map(path).join('')} className="commune" fillOpacity={0.1 + 0.9 * (value / max)}>
              <title>{`${f.properties.name ?? f.properties.code}: ${formatVnd(value)}`}</title>
            </path>
          );
        })}
      </svg>
    </figure>
  );
}
