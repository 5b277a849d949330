import { Alert, Card, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { PageHeader } from '@/components/PageHeader';
import { QueryState } from '@/components/QueryState';
import { useAuth } from '@/lib/auth/context';
import { useProject, useSaveProject } from '../api/projects';
import { ProjectForm } from '../components/ProjectForm';

export function ProjectCreatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { user } = useAuth();
  const save = useSaveProject();
  return (
    <Stack>
      <PageHeader title={t('projects.create')} />
      <Card withBorder>
        <ProjectForm
          fixedEnterpriseId={user?.role === 'enterprise' ? user.enterprise_id : undefined}
          onCancel={() => navigate(-1)}
          onSubmit={async (b) => {
            const p = await save.mutateAsync(b);
            notifications.show({ color: 'green', message: t('projects.created', { code: p.code }) });
            navigate(`/projects/${p.id}`);
          }}
        />
      </Card>
    </Stack>
  );
}

export function ProjectEditPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { user } = useAuth();
  const q = useProject(id);
  const save = useSaveProject(id);
  return (
    <QueryState query={q}>
      {(p) => (
        <Stack>
          <PageHeader title={t('projects.editTitle', { code: p.code })} />
          {p.status !== 'draft' ? (
            <Alert color="yellow">{t('projects.onlyDraftEditable')}</Alert>
          ) : (
            <Card withBorder>
              <ProjectForm
                initial={p}
                fixedEnterpriseId={user?.role === 'enterprise' ? user.enterprise_id : undefined}
                onCancel={() => navigate(-1)}
                onSubmit={async (b) => {
                  await save.mutateAsync(b);
                  notifications.show({ color: 'green', message: t('common.saved') });
                  navigate(`/projects/${id}`);
                }}
              />
            </Card>
          )}
        </Stack>
      )}
    </QueryState>
  );
}
