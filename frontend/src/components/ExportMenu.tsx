import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDownload } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '@/components/QueryState';
import { API_PREFIX, download } from '@/lib/api/client';

type ParamValue = string | number | boolean | null | undefined;

/** The query string of an export: the list's current filters (empty ones left out) and the format. */
export function exportQuery(params: Record<string, ParamValue>, format: 'csv' | 'xlsx'): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== null && value !== undefined && value !== '') query.set(key, String(value));
  }
  query.set('format', format);
  return query.toString();
}

/**
 * "Xuất dữ liệu" → CSV / Excel for a list page. Downloads through the authenticated client with
 * the server's file name; `params` are the list's current filters and sort.
 */
export function ExportMenu({ path, params, name }: { path: string; params: Record<string, ParamValue>; name: string }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const exportFile = (format: 'csv' | 'xlsx') => {
    setBusy(true);
    download(`${API_PREFIX}${path}?${exportQuery(params, format)}`, `${name}.${format}`)
      .catch((e: unknown) => notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(e, t) }))
      .finally(() => setBusy(false));
  };
  return (
    <Menu>
      <Menu.Target>
        <Button variant="default" loading={busy} leftSection={<IconDownload size={16} aria-hidden />} data-testid="export-menu">
          {t('common.export')}
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => exportFile('csv')} data-testid="export-csv">
          {t('exports.csv')}
        </Menu.Item>
        <Menu.Item onClick={() => exportFile('xlsx')} data-testid="export-xlsx">
          {t('exports.xlsx')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
