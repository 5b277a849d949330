import { describe, expect, it } from 'vitest';
import { projectDay } from './ProjectForm';

describe('projectDay', () => {
  it('reads a project year as the day whose administrative units it uses', () => {
    expect(projectDay(2018, '2026-03-05')).toBe('2018-01-01');
    expect(projectDay('2026', '2026-03-05')).toBe('2026-03-05');
    expect(projectDay('', '2026-03-05')).toBe('2026-03-05');
  });
});
