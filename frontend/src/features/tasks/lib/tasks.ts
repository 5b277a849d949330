// Work-list helpers: the server already sorts; the UI sorts again after filtering and links each
// task to where it is done.

export interface TaskLike {
  kind: string;
  project_id?: string | null;
  plan_id?: string | null;
  title: string;
  due_on: string;
  overdue: boolean;
  fiscal_year?: number | null;
  level?: string | null;
}

/** Overdue first, then the nearest due day, then the title (a stable order). */
export function sortTasks<T extends TaskLike>(tasks: readonly T[]): T[] {
  return [...tasks].sort(
    (a, b) =>
      Number(b.overdue) - Number(a.overdue) || a.due_on.localeCompare(b.due_on) || a.title.localeCompare(b.title, 'vi'),
  );
}

/** Where a task is done: its project, its plan, or the plan list to start next year's plan. */
export function taskLink(task: TaskLike): string {
  if (task.project_id) return `/projects/${task.project_id}`;
  if (task.plan_id) return `/plans/${task.plan_id}`;
  const query = new URLSearchParams();
  if (task.fiscal_year) query.set('fiscal_year', String(task.fiscal_year));
  if (task.level) query.set('level', task.level);
  const qs = query.toString();
  return qs ? `/plans?${qs}` : '/plans';
}

export function countOverdue(tasks: readonly TaskLike[]): number {
  return tasks.filter((t) => t.overdue).length;
}
