import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '@/lib/domain';
import { computeFit, defaultSource, fitFromServer, fitTotals, rankCandidates } from './fit';

const lines = [
  { category: 'technology_transfer', funding_source: 'local', allocated_vnd: 1_000_000_000, available_vnd: 700_000_000 },
  { category: 'training', funding_source: 'local', allocated_vnd: 200_000_000, available_vnd: null },
  { category: 'training', funding_source: 'national', allocated_vnd: 900_000_000, available_vnd: 900_000_000 },
];

describe('computeFit', () => {
  it('sums what the plan asks per category against what is left on the line of the source', () => {
    const rows = computeFit(
      [
        { category: 'technology_transfer', recommended_support_vnd: 300_000_000 },
        { category: 'training', recommended_support_vnd: 150_000_000 },
        { category: 'technology_transfer', recommended_support_vnd: 500_000_000 },
      ],
      lines,
      'local',
      ['training', 'technology_transfer'],
    );
    expect(rows.map((r) => [r.category, r.planned_vnd, r.available_vnd, r.remaining_vnd, r.fits])).toEqual([
      ['training', 150_000_000, 200_000_000, 50_000_000, true], // no committed figure: the whole allocation
      ['technology_transfer', 800_000_000, 700_000_000, -100_000_000, false],
    ]);
    expect(fitTotals(rows)).toMatchObject({ planned_vnd: 950_000_000, remaining_vnd: -50_000_000, fits: false });
  });

  it('a category with no line on the source has nothing to spend', () => {
    const [row] = computeFit([{ category: 'consulting', recommended_support_vnd: 1 }], lines, 'local');
    expect(row).toMatchObject({ allocated_vnd: 0, available_vnd: 0, fits: false });
  });

  it('excluding a project frees its money at once', () => {
    const items = [
      { category: 'technology_transfer', recommended_support_vnd: 400_000_000 },
      { category: 'technology_transfer', recommended_support_vnd: 400_000_000 },
    ];
    expect(computeFit(items, lines, 'local')[0]?.fits).toBe(false);
    expect(computeFit(items.slice(1), lines, 'local')[0]?.fits).toBe(true);
    expect(computeFit([], lines, 'local')).toEqual([]);
    expect(fitTotals([]).fits).toBe(true);
  });
});

describe('rankCandidates and defaultSource', () => {
  it('ranks by score, highest first, then by code; unscored last', () => {
    const ranked = rankCandidates([
      { code: 'KC-2017-0003', appraisal_score: 80 },
      { code: 'KC-2017-0001', appraisal_score: null },
      { code: 'KC-2017-0002', appraisal_score: 92 },
      { code: 'KC-2017-0000', appraisal_score: 80 },
    ]);
    expect(ranked.map((r) => r.code)).toEqual(['KC-2017-0002', 'KC-2017-0000', 'KC-2017-0003', 'KC-2017-0001']);
  });
  it('a plan draws on its level’s money', () => {
    expect(defaultSource('national')).toBe('national');
    expect(defaultSource('local')).toBe('local');
  });
});

describe('fitFromServer', () => {
  it('takes what is still to commit on the plan’s source, or gives up when budget could not say', () => {
    const lines = [
      { category: 'training', funding_source: 'local', planned_vnd: 300, to_commit_vnd: 100, allocated_vnd: 500, available_vnd: 80, fits: false },
      { category: 'training', funding_source: 'national', planned_vnd: 9, to_commit_vnd: 9, allocated_vnd: 9, available_vnd: 9, fits: true },
    ];
    expect(fitFromServer(lines, 'local')).toEqual([
      { category: 'training', funding_source: 'local', planned_vnd: 100, allocated_vnd: 500, available_vnd: 80, remaining_vnd: -20, fits: false },
    ]);
    expect(fitFromServer([{ ...lines[0]!, available_vnd: null, fits: null }], 'local')).toBeNull();
    expect(fitFromServer(undefined, 'local')).toBeNull();
  });

  it('lists the categories in the Decree’s order, not the server’s order by code', () => {
    const line = (category: string) => ({ category, funding_source: 'local', planned_vnd: 1, to_commit_vnd: 1, allocated_vnd: 5, available_vnd: 5, fits: true });
    const lines = ['capacity_building', 'clusters_and_environment', 'information', 'technology_transfer', 'training'].map(line);
    expect(fitFromServer(lines, 'local', CATEGORIES)?.map((r) => r.category)).toEqual([
      'training',
      'capacity_building',
      'technology_transfer',
      'information',
      'clusters_and_environment',
    ]);
  });
});
