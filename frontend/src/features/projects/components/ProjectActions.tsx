import { Button, Group } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '@/lib/auth/context';
import { can } from '@/lib/auth/permissions';
import { byTransitionOrder, type Transition } from '@/lib/domain';
import type { Project } from '../api/projects';
import { TransitionDialog } from './TransitionDialog';

export function ProjectActions({ project }: { project: Project }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [open, setOpen] = useState<Transition | null>(null);
  // The server says which transitions this caller may post now (status, role, ownership).
  const actions = [...project.allowed_actions].sort(byTransitionOrder);
  const canEdit = project.status === 'draft' && can(user, 'project.edit', user?.role === 'enterprise' ? (project.beneficiary_enterprise_id ?? null) : undefined);
  // A step taken removes its own button, and the focus a dialog hands back to it fell to the
  // page's body (a keyboard user started over from the top): it goes to the next step instead,
  // or to this group when there is none. Not on the first render: loading a page moves nothing.
  // The same when the dialog closes with its step still offered (a re-appraisal): the dialog,
  // unmounted at once, gives focus back to nothing.
  const group = useRef<HTMLDivElement>(null);
  const refocus = (preferred?: Transition) => {
    const lost = !document.activeElement || document.activeElement === document.body;
    if (!lost) return;
    const again = preferred && group.current?.querySelector<HTMLElement>(`[data-testid="action-${preferred}"]`);
    (again || group.current?.querySelector<HTMLElement>('button, a') || group.current)?.focus();
  };
  const shown = actions.join(',');
  const before = useRef(shown);
  useEffect(() => {
    if (before.current === shown) return;
    before.current = shown;
    refocus();
  }, [shown]);
  const close = () => {
    const taken = open ?? undefined;
    setOpen(null);
    setTimeout(() => refocus(taken), 0);
  };
  return (
    <Group gap="xs" data-testid="project-actions" ref={group} tabIndex={-1} aria-label={t('projects.actions')} role="group">
      {canEdit && (
        <Button variant="default" component={Link} to={`/projects/${project.id}/edit`} leftSection={<IconEdit size={16} aria-hidden />} data-testid="project-edit">
          {t('common.edit')}
        </Button>
      )}
      {actions.map((a) => (
        <Button
          key={a}
          variant={a === 'rejection' || a === 'cancellation' ? 'light' : 'filled'}
          color={a === 'rejection' || a === 'cancellation' ? 'red' : undefined}
          onClick={() => setOpen(a)}
          data-testid={`action-${a}`}
        >
          {t(`projects.transition.${a}`)}
        </Button>
      ))}
      {open && <TransitionDialog project={project} transition={open} onClose={close} />}
    </Group>
  );
}
