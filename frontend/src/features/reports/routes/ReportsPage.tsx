import { Alert, Anchor, Button, Group, Stack, Text, Title } from '@mantine/core';
import { IconDownload, IconRubberStamp } from '@tabler/icons-react';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DataTable } from '@/components/DataTable';
import { Money } from '@/components/display';
import { YearSelect } from '@/components/inputs';
import { PageHeader } from '@/components/PageHeader';
import { errorMessage, LoadingState, QueryState } from '@/components/QueryState';
import { API_PREFIX, download, newIdempotencyKey } from '@/lib/api/client';
import { Can } from '@/lib/auth/Can';
import { useFiscalYear } from '@/lib/fiscalYear';
import { formatDate, formatDateTime } from '@/lib/format';
import { PeriodControl } from '../components/PeriodControl';
import { useIssuedReports, useIssueReport, useProgramReport, type Period, type ProgramReport } from '../api/reports';

type Line = ProgramReport['execution'][number];
type Support = ProgramReport['communes'][number];

const rate = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${value.toLocaleString('vi-VN', { maximumFractionDigits: 2 })} %`;

function moneyColumns(t: (k: string) => string) {
  return [
    { key: 'alloc', header: t('fields.allocated_vnd'), align: 'right' as const, render: (x: Line) => <Money value={x.allocated_vnd} /> },
    { key: 'comm', header: t('fields.committed_vnd'), align: 'right' as const, render: (x: Line) => <Money value={x.committed_vnd} /> },
    { key: 'disb', header: t('fields.disbursed_vnd'), align: 'right' as const, render: (x: Line) => <Money value={x.disbursed_vnd} /> },
    { key: 'rate', header: t('reports.rate'), align: 'right' as const, render: (x: Line) => rate(x.disbursement_rate_percent) },
  ];
}

function SupportTable({ rows, caption, testId, communes }: { rows: Support[]; caption: string; testId: string; communes?: boolean }) {
  const { t } = useTranslation();
  return (
    <DataTable
      caption={caption}
      showCaption
      testId={testId}
      rows={rows}
      rowKey={(x) => x.key ?? '-'}
      columns={[
        { key: 'label', header: communes ? t('reports.oldUnit') : t('reports.level'), render: (x) => x.label },
        ...(communes ? [{ key: 'new', header: t('reports.newUnit'), render: (x: Support) => x.new_unit ?? '—' }] : []),
        { key: 'n', header: t('reports.count'), align: 'right', render: (x) => x.projects },
        { key: 'appr', header: t('reports.approved'), align: 'right', render: (x) => <Money value={x.approved_support_vnd} /> },
        { key: 'disb', header: t('fields.disbursed_vnd'), align: 'right', render: (x) => <Money value={x.disbursed_vnd} /> },
      ]}
    />
  );
}

function Preview({ report }: { report: ProgramReport }) {
  const { t } = useTranslation();
  const total: Line = {
    ...report.execution_total,
    category: null,
    category_label: t('reports.total'),
    funding_source: '',
    funding_source_label: '',
  };
  return (
    <Stack data-testid="report-preview">
      <Text size="sm" c="dimmed" data-testid="report-scope">
        {report.counts_all_year
          ? t('reports.wholeYear', { year: report.year })
          : t('reports.cumulative', { date: formatDate(report.period_end) })}
      </Text>
      <DataTable
        caption={t('reports.execution')}
        showCaption
        testId="report-execution"
        rows={[...report.execution, total]}
        rowKey={(x) => `${x.funding_source}-${x.category ?? 'total'}`}
        columns={[
          { key: 'cat', header: t('reports.content'), render: (x) => (x.category ? x.category_label : <b>{x.category_label}</b>) },
          { key: 'src', header: t('reports.source'), render: (x) => x.funding_source_label },
          ...moneyColumns(t),
        ]}
      />
      <DataTable
        caption={t('reports.projects')}
        showCaption
        testId="report-projects"
        rows={report.projects}
        rowKey={(x) => x.id}
        columns={[
          { key: 'code', header: t('fields.code'), render: (x) => x.code },
          { key: 'title', header: t('fields.title'), render: (x) => x.title },
          { key: 'status', header: t('fields.status'), render: (x) => x.status_label },
          { key: 'level', header: t('reports.level'), render: (x) => x.level_label },
          { key: 'appr', header: t('reports.approved'), align: 'right', render: (x) => <Money value={x.approved_support_vnd} /> },
          { key: 'disb', header: t('fields.disbursed_vnd'), align: 'right', render: (x) => <Money value={x.disbursed_vnd} /> },
        ]}
      />
      <DataTable
        caption={t('reports.kpis')}
        showCaption
        testId="report-kpis"
        rows={report.kpis}
        rowKey={(x) => x.code}
        columns={[
          { key: 'name', header: t('reports.indicator'), render: (x) => x.name },
          { key: 'unit', header: t('reports.unit'), render: (x) => x.unit },
          { key: 'rollup', header: t('reports.rollup'), render: (x) => x.rollup_label },
          { key: 'planned', header: t('reports.planned'), align: 'right', render: (x) => x.planned?.toLocaleString('vi-VN') ?? '—' },
          { key: 'actual', header: t('reports.actual'), align: 'right', render: (x) => x.actual?.toLocaleString('vi-VN') ?? '—' },
        ]}
      />
      <SupportTable rows={report.communes} caption={t('reports.communes')} testId="report-communes" communes />
      <SupportTable rows={report.levels} caption={t('reports.levels')} testId="report-levels" />
    </Stack>
  );
}

function IssuedList({ year }: { year: number }) {
  const { t } = useTranslation();
  const q = useIssuedReports(year);
  const get = (id: string, number: string, format: 'pdf' | 'xlsx') =>
    download(`${API_PREFIX}/reports/issued/${id}/content?format=${format}`, `bao-cao-${number.replace('/', '-')}.${format}`).catch((e: unknown) =>
      notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(e, t) }),
    );
  return (
    <DataTable
      caption={t('reports.issuedList')}
      showCaption
      testId="issued-reports"
      rows={q.data?.items}
      loading={q.isLoading}
      error={q.error}
      onRetry={() => void q.refetch()}
      rowKey={(x) => x.id}
      columns={[
        { key: 'number', header: t('reports.number'), render: (x) => x.number },
        { key: 'period', header: t('reports.period'), render: (x) => t(`reports.periods.${x.period}`) },
        { key: 'at', header: t('reports.issuedAt'), render: (x) => formatDateTime(x.issued_at) },
        { key: 'by', header: t('reports.issuedBy'), render: (x) => x.issued_by_name ?? x.issued_by },
        { key: 'sha', header: 'SHA-256', render: (x) => <Text ff="monospace" size="xs">{x.sha256.slice(0, 16)}…</Text> },
        {
          key: 'files',
          header: t('reports.files'),
          render: (x) => (
            <Group gap="xs">
              <Anchor component="button" type="button" onClick={() => void get(x.id, x.number, 'pdf')}>PDF</Anchor>
              <Anchor component="button" type="button" onClick={() => void get(x.id, x.number, 'xlsx')}>XLSX</Anchor>
            </Group>
          ),
        },
      ]}
    />
  );
}

// The name the server gives the file too (its period as the title says it, in ASCII), used only
// if the answer names none.
const FILE_PERIODS: Record<Period, string> = { q1: 'quy-1-nam', q2: 'quy-2-nam', q3: 'quy-3-nam', q4: 'quy-4-nam', h1: '6-thang-dau-nam', year: 'nam' };

export function ReportsPage() {
  const { t } = useTranslation();
  const [fiscalYear, setYear] = useFiscalYear();
  const [period, setPeriod] = useState<Period>('year');
  const [busy, setBusy] = useState<string | null>(null);
  const issue = useIssueReport();
  if (fiscalYear === null) return <LoadingState />;
  const year = fiscalYear;
  const fetchFile = (format: 'xlsx' | 'pdf') => {
    setBusy(format);
    download(`${API_PREFIX}/reports/program?year=${year}&period=${period}&format=${format}`, `bao-cao-khuyen-cong-${FILE_PERIODS[period]}-${year}.${format}`)
      .catch((e: unknown) => notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(e, t) }))
      .finally(() => setBusy(null));
  };
  const confirmIssue = () =>
    modals.openConfirmModal({
      title: t('reports.issue'),
      children: t('reports.issueConfirm', { period: t(`reports.periods.${period}`), year }),
      labels: { confirm: t('reports.issue'), cancel: t('common.cancel') },
      confirmProps: { 'data-testid': 'issue-confirm' } as Record<string, string>,
      onConfirm: () =>
        issue.mutate(
          { year, period, key: newIdempotencyKey() },
          {
            onSuccess: (r) => notifications.show({ color: 'green', message: t('reports.issued', { number: r.number }) }),
            onError: (e) => notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(e, t) }),
          },
        ),
    });
  return (
    <Stack>
      <PageHeader title={t('reports.title')} />
      <Group align="end" wrap="wrap">
        <YearSelect value={year} onChange={setYear} />
        <Stack gap={4}>
          <Text size="sm" fw={500} id="report-period-label">
            {t('reports.period')}
          </Text>
          <PeriodControl value={period} onChange={setPeriod} />
        </Stack>
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} loading={busy === 'xlsx'} onClick={() => fetchFile('xlsx')} data-testid="report-xlsx">
          {t('reports.downloadXlsx')}
        </Button>
        <Button variant="default" leftSection={<IconDownload size={16} aria-hidden />} loading={busy === 'pdf'} onClick={() => fetchFile('pdf')} data-testid="report-pdf">
          {t('reports.downloadPdf')}
        </Button>
        <Can action="reports.issue">
          <Button leftSection={<IconRubberStamp size={16} aria-hidden />} loading={issue.isPending} onClick={confirmIssue} data-testid="report-issue">
            {t('reports.issue')}
          </Button>
        </Can>
      </Group>
      <Title order={2} size="h4">
        {t('reports.preview')}
      </Title>
      <ReportPreview year={year} period={period} />
      <IssuedList year={year} />
    </Stack>
  );
}

function ReportPreview({ year, period }: { year: number; period: Period }) {
  const q = useProgramReport(year, period);
  return <QueryState query={q}>{(r) => (r.program || r.execution.length ? <Preview report={r} /> : <EmptyYear year={year} />)}</QueryState>;
}

function EmptyYear({ year }: { year: number }) {
  const { t } = useTranslation();
  return <Alert color="yellow">{t('dashboard.noProgram', { year })}</Alert>;
}
