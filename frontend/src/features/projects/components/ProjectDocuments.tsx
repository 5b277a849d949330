import { Badge, Button, Card, Code, Group, Modal, Progress, Select, Stack, Table, Tabs, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload, IconEye, IconFileTypeDocx, IconFileTypePdf, IconUpload } from '@tabler/icons-react';
import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '@/components/QueryState';
import { API_PREFIX, download } from '@/lib/api/client';
import { useCan } from '@/lib/auth/Can';
import { useAuth } from '@/lib/auth/context';
import { formatBytes, formatDateTime } from '@/lib/format';
import type { Project } from '../api/projects';
import {
  DOCUMENT_KINDS,
  ENTERPRISE_DOCUMENT_KINDS,
  FORMS,
  MAX_UPLOAD_BYTES,
  documentObjectUrl,
  uploadDocument,
  useDocuments,
  useInvalidateDocuments,
  type DocumentKind,
  type ProjectDocument,
} from '../api/documents';

const FORMATS = [
  { format: 'pdf', Icon: IconFileTypePdf },
  { format: 'docx', Icon: IconFileTypeDocx },
] as const;

const PREVIEWABLE = ['application/pdf', 'image/png', 'image/jpeg'];

const UPLOAD_NOTICE = 'document-upload';

function Uploader({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const { user } = useAuth();
  const kinds = user?.role === 'enterprise' ? ENTERPRISE_DOCUMENT_KINDS : DOCUMENT_KINDS;
  const [kind, setKind] = useState<DocumentKind>('dossier');
  const [progress, setProgress] = useState<{ name: string; fraction: number } | null>(null);
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const invalidate = useInvalidateDocuments(projectId);

  const upload = async (file: File) => {
    // one message about the latest upload: a refusal of the one before does not linger beside it
    notifications.hide(UPLOAD_NOTICE);
    if (file.size > MAX_UPLOAD_BYTES) {
      notifications.show({ id: UPLOAD_NOTICE, color: 'red', message: t('documents.tooLarge', { name: file.name }) });
      return;
    }
    setProgress({ name: file.name, fraction: 0 });
    try {
      await uploadDocument(projectId, kind, file, (fraction) => setProgress({ name: file.name, fraction }));
      notifications.show({ id: UPLOAD_NOTICE, color: 'green', message: t('documents.uploaded', { name: file.name }) });
      invalidate();
    } catch (e) {
      notifications.show({ id: UPLOAD_NOTICE, color: 'red', title: t('errors.title'), message: errorMessage(e, t) });
    } finally {
      setProgress(null);
    }
  };
  const onDrop = (e: DragEvent<HTMLDivElement>) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) void upload(file);
  };

  return (
    <Stack gap="xs" className="no-print">
      <Select
        label={t('documents.kind')}
        data={kinds.map((k) => ({ value: k, label: t(`documents.kinds.${k}`) }))}
        value={kind}
        onChange={(v) => v && setKind(v as DocumentKind)}
        allowDeselect={false}
        w={280}
      />
      <Card
        withBorder
        data-testid="document-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        style={{ borderStyle: 'dashed', background: over ? 'var(--mantine-color-blue-light)' : undefined }}
      >
        <Group justify="space-between" wrap="nowrap">
          <div>
            <Text>{t('documents.drop')}</Text>
            <Text size="xs" c="dimmed">
              {t('documents.dropHint')}
            </Text>
          </div>
          <Button leftSection={<IconUpload size={16} />} onClick={() => input.current?.click()} disabled={!!progress}>
            {t('documents.choose')}
          </Button>
        </Group>
        <input
          ref={input}
          type="file"
          hidden
          data-testid="document-file"
          accept=".pdf,.docx,.xlsx,.jpg,.jpeg,.png"
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = '';
            if (file) void upload(file);
          }}
        />
        {progress && (
          <Stack gap={4} mt="sm" data-testid="document-progress">
            <Text size="sm">{t('documents.uploading', { name: progress.name })}</Text>
            <Progress value={Math.round(progress.fraction * 100)} animated />
          </Stack>
        )}
      </Card>
    </Stack>
  );
}

function Preview({ doc, onClose }: { doc: ProjectDocument | null; onClose: () => void }) {
  const { t } = useTranslation();
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!doc) return;
    let made: string | null = null;
    documentObjectUrl(doc.id)
      .then((u) => {
        made = u;
        setUrl(u);
      })
      .catch((e: unknown) => notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(e, t) }));
    return () => {
      if (made) URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [doc, t]);
  return (
    <Modal opened={!!doc} onClose={onClose} size="80%" title={doc ? t('documents.previewTitle', { name: doc.filename }) : ''}>
      {doc && url && doc.content_type === 'application/pdf' && (
        <iframe src={url} title={doc.filename} style={{ width: '100%', height: '75vh', border: 0 }} />
      )}
      {doc && url && doc.content_type.startsWith('image/') && <img src={url} alt={doc.filename} style={{ maxWidth: '100%' }} />}
    </Modal>
  );
}

function DocumentTable({ projectId }: { projectId: string }) {
  const { t } = useTranslation();
  const q = useDocuments(projectId);
  const [previewing, setPreviewing] = useState<ProjectDocument | null>(null);
  const items = q.data?.items ?? [];
  if (!q.isLoading && items.length === 0) return <Text c="dimmed">{t('documents.empty')}</Text>;
  return (
    <>
      <Table.ScrollContainer minWidth={900}>
        <Table data-testid="documents-table" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('documents.kind')}</Table.Th>
              <Table.Th scope="col">{t('documents.filename')}</Table.Th>
              <Table.Th scope="col">{t('documents.version')}</Table.Th>
              <Table.Th scope="col" ta="right">
                {t('documents.size')}
              </Table.Th>
              <Table.Th scope="col">{t('documents.sha256')}</Table.Th>
              <Table.Th scope="col">{t('documents.uploadedBy')}</Table.Th>
              <Table.Th scope="col">{t('documents.uploadedAt')}</Table.Th>
              <Table.Th scope="col" className="no-print" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((d) => (
              <Table.Tr key={d.id} data-testid="document-row">
                <Table.Td>{t(`documents.kinds.${d.kind}`)}</Table.Td>
                <Table.Td data-testid="document-filename">{d.filename}</Table.Td>
                <Table.Td>
                  <Group gap={4} wrap="nowrap">
                    v{d.version}
                    {!d.current && (
                      <Badge color="gray" variant="light" size="sm">
                        {t('documents.superseded')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td ta="right">{formatBytes(d.size_bytes)}</Table.Td>
                <Table.Td>
                  <Code data-testid="document-sha256" style={{ wordBreak: 'break-all', fontSize: 11 }}>
                    {d.sha256}
                  </Code>
                </Table.Td>
                <Table.Td>{d.uploaded_by}</Table.Td>
                <Table.Td>{formatDateTime(d.uploaded_at)}</Table.Td>
                <Table.Td className="no-print">
                  <Group gap={4} wrap="nowrap">
                    {PREVIEWABLE.includes(d.content_type) && (
                      <Button size="compact-sm" variant="subtle" leftSection={<IconEye size={14} />} onClick={() => setPreviewing(d)}>
                        {t('documents.preview')}
                      </Button>
                    )}
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      leftSection={<IconDownload size={14} />}
                      onClick={() =>
                        download(`${API_PREFIX}/documents/${d.id}/content`, d.filename).catch((e: unknown) =>
                          notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(e, t) }),
                        )
                      }
                    >
                      {t('documents.download')}
                    </Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Preview doc={previewing} onClose={() => setPreviewing(null)} />
    </>
  );
}

/** What each form records, so it exists only once the project has that step (the server answers
 * 409 `form.not_available` before it): the appraisal sheet after appraisal, acceptance minutes
 * and the settlement after acceptance. */
const FORM_NEEDS: Partial<Record<(typeof FORMS)[number], 'appraisal_score' | 'accepted_on'>> = {
  appraisal_sheet: 'appraisal_score',
  acceptance_minutes: 'accepted_on',
  settlement: 'accepted_on',
};

type FormSteps = Pick<Project, 'appraisal_score' | 'accepted_on' | 'status'>;

/** A project whose file is closed: its enterprise uploads nothing more (409 `document.project_closed`). */
const CLOSED = new Set(['settled', 'rejected', 'cancelled']);

function OfficialForms({ projectId, steps }: { projectId: string; steps: FormSteps }) {
  const { t } = useTranslation();
  const get = (form: string, format: 'pdf' | 'docx') =>
    download(`${API_PREFIX}/projects/${projectId}/forms/${form}?format=${format}`, `${form}.${format}`).catch((e: unknown) =>
      notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(e, t) }),
    );
  return (
    <Stack gap="xs" data-testid="official-forms">
      <Text size="sm" c="dimmed">
        {t('documents.forms.intro')}
      </Text>
      {FORMS.map((form) => {
        const needed = FORM_NEEDS[form];
        const ready = !needed || steps[needed] != null;
        const hintId = `form-${form}-hint`;
        return (
          <Group key={form} justify="space-between">
            <div>
              <Text>{t(`documents.forms.${form}`)}</Text>
              {!ready && (
                <Text id={hintId} size="xs" c="dimmed">
                  {t(`documents.forms.after.${needed}`)}
                </Text>
              )}
            </div>
            <Group gap="xs">
              {/* the visible "PDF" alone says nothing to a screen reader listing the buttons */}
              {FORMATS.map(({ format, Icon }) => (
                <Button
                  key={format}
                  size="compact-sm"
                  variant="light"
                  leftSection={<Icon size={14} aria-hidden />}
                  aria-label={t('documents.forms.download', { form: t(`documents.forms.${form}`), format: format.toUpperCase() })}
                  aria-describedby={ready ? undefined : hintId}
                  disabled={!ready}
                  onClick={() => void get(form, format)}
                >
                  {format.toUpperCase()}
                </Button>
              ))}
            </Group>
          </Group>
        );
      })}
    </Stack>
  );
}

/** The documents and official forms of a project, as tabs under its details. */
export function ProjectDocuments({
  projectId,
  owner,
  steps,
}: {
  projectId: string;
  owner: string | null;
  /** the project's appraisal and acceptance, which some forms record */
  steps: FormSteps;
}) {
  const { t } = useTranslation();
  const can = useCan();
  const { user } = useAuth();
  const mayUpload = can('document.upload', owner) && !(user?.role === 'enterprise' && CLOSED.has(steps.status));
  return (
    <Card withBorder component="section" aria-label={t('documents.title')}>
      <Tabs defaultValue="documents" keepMounted={false}>
        <Tabs.List className="no-print">
          <Tabs.Tab value="documents">{t('documents.tab')}</Tabs.Tab>
          <Tabs.Tab value="forms">{t('documents.formsTab')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="documents" pt="md">
          <Stack>
            {mayUpload && <Uploader projectId={projectId} />}
            <DocumentTable projectId={projectId} />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="forms" pt="md">
          <OfficialForms projectId={projectId} steps={steps} />
        </Tabs.Panel>
      </Tabs>
    </Card>
  );
}
