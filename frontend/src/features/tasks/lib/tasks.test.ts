import { describe, expect, it } from 'vitest';
import { countOverdue, sortTasks, taskLink } from './tasks';

const t = (kind: string, title: string, due_on: string, overdue: boolean, extra: object = {}) => ({ kind, title, due_on, overdue, ...extra });

describe('sortTasks', () => {
  it('puts overdue first, then the nearest due day, then the title', () => {
    const sorted = sortTasks([
      t('settlement', 'B', '2021-01-22', false),
      t('acceptance', 'Z', '2020-11-30', true),
      t('progress_report', 'A', '2020-03-25', true),
      t('appraisal', 'Ă', '2021-01-22', false),
      t('appraisal', 'A', '2021-01-22', false),
    ]);
    expect(sorted.map((x) => `${x.title}:${x.due_on}`)).toEqual(['A:2020-03-25', 'Z:2020-11-30', 'A:2021-01-22', 'Ă:2021-01-22', 'B:2021-01-22']);
  });
  it('does not change its input', () => {
    const input = [t('a', 'B', '2021-01-02', false), t('a', 'A', '2021-01-01', true)];
    sortTasks(input);
    expect(input[0]?.title).toBe('B');
  });
});

describe('taskLink', () => {
  it('links a project, a plan, or the plan list for a plan still to make', () => {
    expect(taskLink(t('approval', 'x', '2020-01-01', false, { project_id: 'p1' }))).toBe('/projects/p1');
    expect(taskLink(t('plan_approval', 'x', '2020-01-01', false, { plan_id: 'k1' }))).toBe('/plans/k1');
    expect(taskLink(t('plan_due', '', '2020-05-20', true, { fiscal_year: 2021, level: 'national' }))).toBe('/plans?fiscal_year=2021&level=national');
  });
  it('counts the overdue ones', () => {
    expect(countOverdue([t('a', 'x', '2020-01-01', true), t('a', 'y', '2020-01-01', false)])).toBe(1);
  });
});
