import { describe, expect, it } from 'vitest';
import { changesOf, sortRequests } from './kinds';

describe('changesOf', () => {
  it('keeps only the kind’s fields that were filled in, money as a number', () => {
    expect(changesOf('budget', { approved_support_vnd: '350000000', end_on: '2017-12-31' })).toEqual({ approved_support_vnd: 350_000_000 });
    expect(changesOf('schedule', { start_on: null, end_on: '2017-12-31' })).toEqual({ end_on: '2017-12-31' });
    expect(changesOf('content', { title: '  ', objectives: ' Mở rộng thị trường ' })).toEqual({ objectives: 'Mở rộng thị trường' });
  });
});

describe('sortRequests', () => {
  it('puts pending requests first, then the newest', () => {
    const rows = [
      { id: 'a', status: 'approved', requested_at: '2017-05-01T00:00:00+00:00' },
      { id: 'b', status: 'pending', requested_at: '2017-04-01T00:00:00+00:00' },
      { id: 'c', status: 'rejected', requested_at: '2017-06-01T00:00:00+00:00' },
    ];
    expect(sortRequests(rows).map((r) => r.id)).toEqual(['b', 'c', 'a']);
  });
});

