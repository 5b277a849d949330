import { Button, Group } from '@mantine/core';
import { IconEdit } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useAuth } from '@/lib/auth/context';
import { can } from '@/lib/auth/permissions';
import { TRANSITION_FROM, type ProjectStatus, type Transition } from '@/lib/domain';
import type { Project } from '../api/projects';
import { TransitionDialog } from './TransitionDialog';

const ORDER: Transition[] = ['submit', 'appraisal', 'approval', 'start', 'progress-reports', 'advances', 'acceptance', 'settlement', 'rejection', 'cancellation'];

/** The transitions this user may post on this project now. */
export function availableTransitions(user: ReturnType<typeof useAuth>['user'], p: Pick<Project, 'status' | 'beneficiary_enterprise_id'>): Transition[] {
  return ORDER.filter((tr) => TRANSITION_FROM[tr].includes(p.status as ProjectStatus) && can(user, `project.${tr}`, user?.role === 'enterprise' ? (p.beneficiary_enterprise_id ?? null) : undefined));
}

export function ProjectActions({ project }: { project: Project }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [open, setOpen] = useState<Transition | null>(null);
  const actions = availableTransitions(user, project);
  const canEdit = project.status === 'draft' && can(user, 'project.edit', user?.role === 'enterprise' ? (project.beneficiary_enterprise_id ?? null) : undefined);
  return (
    <Group gap="xs" data-testid="project-actions">
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
      {open && <TransitionDialog project={project} transition={open} onClose={() => setOpen(null)} />}
    </Group>
  );
}
