import { Alert, Button, FileInput, Group, Modal, Progress, Stack, Table, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ServerErrorAlert } from '@/components/ServerErrorAlert';
import { localizeMessage } from '@/lib/api/localize';
import { isApiError, type FieldError } from '@/lib/api/problem';
import { useImportEnterprises } from '../api/enterprises';

/**
 * Row errors from a failed import. The registry sends both `errors` (`field: "row 2: tax_code"`)
 * and a structured `rows` list (`{row, field, message}`); the structured one wins.
 */
export function rowErrors(err: unknown): FieldError[] {
  if (!isApiError(err)) return [];
  const rows = err.problem.rows;
  if (Array.isArray(rows) && rows.length) return rows as FieldError[];
  return err.fieldErrors.map((e) => {
    const m = /^row (\d+):\s*(.*)$/.exec(e.field ?? '');
    return m ? { row: Number(m[1]), field: m[2] || null, message: e.message } : e;
  });
}

export function ImportDialog({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const [file, setFile] = useState<File | null>(null);
  const [sent, setSent] = useState(0);
  const mut = useImportEnterprises(setSent);
  const errors = rowErrors(mut.error);

  const close = () => {
    mut.reset();
    setFile(null);
    onClose();
  };

  return (
    <Modal opened={opened} onClose={close} title={t('enterprises.import.title')} size="lg">
      <Stack>
        <Text size="sm" c="dimmed">
          {t('enterprises.import.help')}
        </Text>
        <FileInput
          label={t('enterprises.import.file')}
          accept=".csv,text/csv"
          value={file}
          onChange={setFile}
          clearable
          leftSection={<IconUpload size={16} aria-hidden />}
          data-testid="import-file"
        />
        {/* a large file takes a while: first its upload, then the checks of every row */}
        <div role="status" aria-live="polite" data-testid="import-progress">
          {mut.isPending && (
            <Stack gap={4}>
              <Text size="sm">
                {sent < 1 ? t('enterprises.import.uploading', { percent: Math.floor(sent * 100) }) : t('enterprises.import.checking')}
              </Text>
              <Progress value={sent < 1 ? Math.floor(sent * 100) : 100} striped={sent >= 1} animated aria-hidden />
            </Stack>
          )}
        </div>
        {mut.isSuccess && (
          <Alert color="green" role="status" data-testid="import-success">
            {t('enterprises.import.success', { count: mut.data.imported })}
          </Alert>
        )}
        {mut.isError && (errors.length === 0 ? <ServerErrorAlert error={mut.error} /> : null)}
        {errors.length > 0 && (
          <Stack gap="xs" data-testid="import-errors">
            <Alert color="red" role="alert">
              {t('enterprises.import.failed', { count: errors.length })}
            </Alert>
            <Table striped withTableBorder>
              <Table.Caption>{t('enterprises.import.report')}</Table.Caption>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('enterprises.import.row')}</Table.Th>
                  <Table.Th scope="col">{t('enterprises.import.field')}</Table.Th>
                  <Table.Th scope="col">{t('enterprises.import.message')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {errors.map((e, i) => (
                  <Table.Tr key={i}>
                    <Table.Td>{e.row ?? '—'}</Table.Td>
                    <Table.Td>{e.field ? t(`fields.${e.field}`, { defaultValue: e.field }) : '—'}</Table.Td>
                    <Table.Td>{localizeMessage(e.message)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Stack>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={close}>
            {t('common.close')}
          </Button>
          <Button disabled={!file} loading={mut.isPending} onClick={() => {
              if (!file) return;
              setSent(0);
              mut.mutate(file);
            }} data-testid="import-submit">
            {t('enterprises.import.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
