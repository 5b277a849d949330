import { Alert, Anchor, Button, Card, Code, Drawer, Group, SimpleGrid, Stack, Tabs, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { modals } from '@mantine/modals';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { DetailGrid, Money } from '@/components/display';
import { YearSelect } from '@/components/inputs';
import { DataTable, type Column } from '@/components/DataTable';
import { ExportMenu } from '@/components/ExportMenu';
import { PageHeader } from '@/components/PageHeader';
import { errorMessage, LoadingState, QueryState } from '@/components/QueryState';
import { useFiscalYear } from '@/lib/fiscalYear';
import { Can } from '@/lib/auth/Can';
import { formatDate, formatDateTime, formatVnd } from '@/lib/format';
import {
  useAllocations,
  useAppropriations,
  useCarryOver,
  useLedger,
  useProjectCodes,
  usePrograms,
  useSummary,
  type Allocation,
  type Appropriation,
  type LedgerEntry,
  type Program,
} from '../api/budget';
import { AllocationModal, AppropriationModal, ProgramModal, ReallocationModal } from '../components/BudgetForms';
import { LedgerVerify } from '../components/LedgerVerify';
import { queryProps } from '@/lib/tableProps';
import { actorText } from '../lib/ledger';

function SummaryTab({ year }: { year: number }) {
  const { t } = useTranslation();
  const q = useSummary(year);
  return (
    <QueryState query={q}>
      {(s) => (
        <Stack>
          {s.program ? (
            <Text size="sm" c="dimmed" data-testid="budget-program">
              {t('dashboard.program', { name: s.program.name, code: s.program.code })}
              {s.carried_over ? ` · ${t('budget.carriedOver')}` : ''}
            </Text>
          ) : (
            <Alert color="yellow" data-testid="budget-no-program">
              {t('dashboard.noProgram', { year })}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 2, md: 5 }} data-testid="budget-summary-totals">
            {(['appropriated_vnd', 'allocated_vnd', 'committed_vnd', 'disbursed_vnd', 'available_vnd'] as const).map((k) => (
              <Card withBorder key={k} p="sm">
                <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
                  {t(`fields.${k}`)}
                </Text>
                <Text fw={700} data-testid={`summary-${k}`}>
                  {formatVnd(s.totals?.[k])}
                </Text>
              </Card>
            ))}
          </SimpleGrid>
          {s.sources.length > 0 && (
            <DataTable
              caption={t('budget.sources')}
              showCaption
              testId="budget-sources"
              rows={s.sources}
              rowKey={(x) => x.funding_source}
              columns={[
                { key: 'src', header: t('fields.funding_source'), render: (x) => t(`enum.fundingSource.${x.funding_source}`) },
                { key: 'appr', header: t('fields.appropriated_vnd'), align: 'right', render: (x) => <Money value={x.appropriated_vnd} /> },
                { key: 'alloc', header: t('fields.allocated_vnd'), align: 'right', render: (x) => <Money value={x.allocated_vnd} /> },
                { key: 'unalloc', header: t('budget.unallocated'), align: 'right', render: (x) => <Money value={x.unallocated_vnd} /> },
                { key: 'comm', header: t('fields.committed_vnd'), align: 'right', render: (x) => <Money value={x.committed_vnd} /> },
                { key: 'disb', header: t('fields.disbursed_vnd'), align: 'right', render: (x) => <Money value={x.disbursed_vnd} /> },
                { key: 'avail', header: t('fields.available_vnd'), align: 'right', render: (x) => <Money value={x.available_vnd} /> },
              ]}
            />
          )}
          <DataTable
            caption={t('budget.lines')}
            showCaption
            testId="budget-lines"
            rows={s.lines ?? []}
            rowKey={(l) => `${l.category}-${l.funding_source}`}
            columns={[
              { key: 'cat', header: t('fields.category'), render: (l) => t(`enum.category.${l.category}`) },
              { key: 'src', header: t('fields.funding_source'), render: (l) => t(`enum.fundingSource.${l.funding_source}`) },
              { key: 'alloc', header: t('fields.allocated_vnd'), align: 'right', render: (l) => <Money value={l.allocated_vnd} /> },
              { key: 'comm', header: t('fields.committed_vnd'), align: 'right', render: (l) => <Money value={l.committed_vnd} /> },
              { key: 'disb', header: t('fields.disbursed_vnd'), align: 'right', render: (l) => <Money value={l.disbursed_vnd} /> },
              { key: 'avail', header: t('fields.available_vnd'), align: 'right', render: (l) => <Money value={l.available_vnd} /> },
            ]}
          />
        </Stack>
      )}
    </QueryState>
  );
}

function AppropriationsTab({ year }: { year: number }) {
  const { t } = useTranslation();
  const q = useAppropriations(year);
  const [opened, ctl] = useDisclosure(false);
  const cols: Column<Appropriation>[] = [
    { key: 'src', header: t('fields.funding_source'), render: (a) => t(`enum.fundingSource.${a.funding_source}`) },
    { key: 'amt', header: t('fields.amount_vnd'), align: 'right', render: (a) => <Money value={a.amount_vnd} /> },
    { key: 'dec', header: t('fields.decision_number'), render: (a) => a.decision_number || '—' },
    {
      key: 'at',
      header: t('bizdates.documentDate'),
      render: (a) => (
        <>
          <Text size="sm">{formatDate(a.document_date)}</Text>
          <Text size="xs" c="dimmed">
            {t('bizdates.recordedAt', { at: formatDateTime(a.created_at) })}
          </Text>
        </>
      ),
    },
  ];
  return (
    <Stack>
      <Can action="budget.appropriate">
        <Group>
          <Button onClick={ctl.open} data-testid="appropriation-add">
            {t('budget.addAppropriation', { year })}
          </Button>
        </Group>
        <AppropriationModal year={year} opened={opened} onClose={ctl.close} />
      </Can>
      <DataTable caption={t('budget.appropriations')} testId="appropriations-table" columns={cols} {...queryProps(q)} rowKey={(a) => a.id} />
    </Stack>
  );
}

function AllocationsTab({ year }: { year: number }) {
  const { t } = useTranslation();
  const q = useAllocations(year);
  const carry = useCarryOver(year);
  const [addOpen, addCtl] = useDisclosure(false);
  const [reOpen, reCtl] = useDisclosure(false);
  const cols: Column<Allocation>[] = [
    { key: 'cat', header: t('fields.category'), render: (a) => t(`enum.category.${a.category}`) },
    { key: 'src', header: t('fields.funding_source'), render: (a) => t(`enum.fundingSource.${a.funding_source}`) },
    { key: 'alloc', header: t('fields.allocated_vnd'), align: 'right', render: (a) => <Money value={a.allocated_vnd} /> },
    { key: 'comm', header: t('fields.committed_vnd'), align: 'right', render: (a) => <Money value={a.committed_vnd} /> },
    { key: 'disb', header: t('fields.disbursed_vnd'), align: 'right', render: (a) => <Money value={a.disbursed_vnd} /> },
    { key: 'avail', header: t('fields.available_vnd'), align: 'right', render: (a) => <Money value={a.available_vnd} /> },
    {
      key: 'carry',
      header: t('budget.carried'),
      align: 'right',
      render: (a) => (a.carried_in_vnd || a.carried_out_vnd ? `+${formatVnd(a.carried_in_vnd)} / −${formatVnd(a.carried_out_vnd)}` : '—'),
    },
  ];
  const confirmCarry = () =>
    modals.openConfirmModal({
      title: t('budget.carryOver', { year }),
      children: t('budget.carryOverConfirm', { year, next: year + 1 }),
      labels: { confirm: t('budget.carryOver', { year }), cancel: t('common.cancel') },
      onConfirm: () =>
        carry.mutate(
          { values: undefined },
          {
            onSuccess: () => notifications.show({ color: 'green', message: t('common.saved') }),
            onError: (e) => notifications.show({ color: 'red', title: t('errors.title'), message: errorMessage(e, t) }),
          },
        ),
    });
  return (
    <Stack>
      <Can action="budget.allocate">
        <Group>
          <Button onClick={addCtl.open} data-testid="allocation-add">
            {t('budget.addAllocation', { year })}
          </Button>
          <Button variant="default" onClick={reCtl.open} data-testid="reallocation-open">
            {t('budget.reallocate', { year })}
          </Button>
          <Button variant="default" onClick={confirmCarry} loading={carry.isPending} data-testid="carry-over">
            {t('budget.carryOver', { year })}
          </Button>
        </Group>
        <AllocationModal year={year} opened={addOpen} onClose={addCtl.close} />
        <ReallocationModal year={year} opened={reOpen} onClose={reCtl.close} />
      </Can>
      <DataTable caption={t('budget.allocations')} testId="allocations-table" columns={cols} {...queryProps(q)} rowKey={(a) => `${a.category}-${a.funding_source}`} />
    </Stack>
  );
}

function ProgramsTab() {
  const { t } = useTranslation();
  const q = usePrograms();
  const [opened, ctl] = useDisclosure(false);
  const cols: Column<Program>[] = [
    { key: 'code', header: t('fields.code'), render: (p) => p.code },
    { key: 'name', header: t('fields.name'), render: (p) => p.name },
    { key: 'years', header: t('budget.period'), render: (p) => `${p.start_year}–${p.end_year}` },
    { key: 'planned', header: t('fields.planned_annual_vnd'), align: 'right', render: (p) => <Money value={p.planned_annual_vnd} /> },
    { key: 'cap', header: t('fields.advance_cap_percent'), align: 'right', render: (p) => `${p.advance_cap_percent}%` },
  ];
  return (
    <Stack>
      <Can action="budget.program">
        <Group>
          <Button onClick={ctl.open} data-testid="program-add">
            {t('budget.addProgram')}
          </Button>
        </Group>
        <ProgramModal opened={opened} onClose={ctl.close} />
      </Can>
      <DataTable caption={t('budget.programs')} testId="programs-table" columns={cols} {...queryProps(q)} rowKey={(p) => p.id} />
    </Stack>
  );
}

// `document_date` (the date on the voucher) is being added to ledger entries; older entries and
// services without it show the recorded date.
type Entry = LedgerEntry & { document_date?: string | null };

function EntryDetails({ entry, code, onClose }: { entry: Entry | null; code: string | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const e = entry;
  return (
    <Drawer opened={!!e} onClose={onClose} position="right" size="lg" title={e ? t('ledgerView.detailsOf', { seq: e.seq }) : ''} data-testid="ledger-entry-details">
      {e && (
        <Stack>
          <DetailGrid
            items={[
              [t('budget.entryKind'), t(`enum.ledgerKind.${e.kind}`, { defaultValue: e.kind })],
              [t('fields.amount_vnd'), <Money key="m" value={e.amount_vnd} />],
              [t('ledgerView.documentDate'), e.document_date ? formatDate(e.document_date) : null],
              [t('ledgerView.recordedAt'), formatDateTime(e.created_at)],
              [t('ledgerView.fiscalYear'), e.fiscal_year],
              [t('budget.line'), [e.category && t(`enum.category.${e.category}`, { defaultValue: e.category }), e.funding_source && t(`enum.fundingSource.${e.funding_source}`, { defaultValue: e.funding_source })].filter(Boolean).join(' · ')],
              [
                t('fields.project'),
                e.project_id ? (
                  <Anchor key="p" component={Link} to={`/projects/${e.project_id}`}>
                    {code ?? e.project_id}
                  </Anchor>
                ) : null,
              ],
              [t('fields.reference'), e.reference],
              [t('fields.reason'), e.reason],
              [t('fields.actor'), actorText(e, t)],
              [t('ledgerView.commitment'), e.commitment_id],
              [t('ledgerView.idempotencyKey'), e.idempotency_key],
            ]}
          />
          <Stack gap={4}>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('ledgerView.hash')}
            </Text>
            <Code block data-testid="ledger-entry-hash">
              {e.hash}
            </Code>
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              {t('ledgerView.prevHash')}
            </Text>
            <Code block>{e.prev_hash}</Code>
            <Text size="sm">{t('ledgerView.hashHelp')}</Text>
          </Stack>
        </Stack>
      )}
    </Drawer>
  );
}

function LedgerTab({ year }: { year: number }) {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const [pageSize, setPageSize] = useState(50);
  const [open, setOpen] = useState<Entry | null>(null);
  const q = useLedger({ fiscal_year: year, page, page_size: pageSize });
  const codes = useProjectCodes(year);
  const rows = (q.data?.items ?? []) as Entry[];
  const cols: Column<Entry>[] = [
    {
      key: 'seq',
      header: '#',
      render: (e) => (
        <Anchor component="button" type="button" onClick={() => setOpen(e)} aria-label={t('ledgerView.openDetails', { seq: e.seq })} data-testid="ledger-entry-open">
          {e.seq}
        </Anchor>
      ),
    },
    {
      key: 'date',
      header: t('ledgerView.documentDate'),
      render: (e) => (
        <>
          <Text size="sm" data-testid="ledger-date">
            {formatDate(e.document_date ?? e.created_at)}
          </Text>
          <Text size="xs" c="dimmed">
            {t('bizdates.recordedAt', { at: formatDateTime(e.created_at) })}
          </Text>
        </>
      ),
    },
    { key: 'kind', header: t('budget.entryKind'), render: (e) => t(`enum.ledgerKind.${e.kind}`, { defaultValue: e.kind }) },
    {
      key: 'line',
      header: t('budget.line'),
      render: (e) => (
        <>
          <Text size="sm">{e.category ? t(`enum.category.${e.category}`, { defaultValue: e.category }) : '—'}</Text>
          {e.funding_source && (
            <Text size="xs" c="dimmed">
              {t(`enum.fundingSource.${e.funding_source}`, { defaultValue: e.funding_source })}
            </Text>
          )}
        </>
      ),
    },
    { key: 'amt', header: t('fields.amount_vnd'), align: 'right', render: (e) => <Money value={e.amount_vnd} /> },
    {
      key: 'proj',
      header: t('fields.project'),
      render: (e) =>
        e.project_id ? (
          <Anchor component={Link} to={`/projects/${e.project_id}`} aria-label={t('ledgerView.projectOf', { seq: e.seq })} data-testid="ledger-project">
            {codes.data?.get(e.project_id) ?? t('ledgerView.projectUnknown')}
          </Anchor>
        ) : (
          '—'
        ),
    },
    { key: 'actor', header: t('fields.actor'), render: (e) => t(`enum.role.${e.actor_role}`, { defaultValue: e.actor_role }) },
    { key: 'ref', header: t('fields.reference'), render: (e) => [e.reference, e.reason].filter(Boolean).join(' · ') || '—' },
  ];
  return (
    <Stack>
      <Group>
        <ExportMenu path="/budget/ledger/export" params={{ fiscal_year: year }} name="so-cai" />
      </Group>
      <LedgerVerify rows={rows} onOpen={setOpen} />
      <DataTable
        caption={t('budget.ledger')}
        testId="ledger-table"
        columns={cols}
        {...queryProps(q)}
        rows={q.data ? rows : undefined}
        rowKey={(e) => e.id}
        page={page}
        pageSize={pageSize}
        total={q.data?.total}
        onPage={setPage}
        onPageSize={(s) => {
          setPageSize(s);
          setPage(1);
        }}
      />
      <EntryDetails entry={open} code={open?.project_id ? codes.data?.get(open.project_id) : undefined} onClose={() => setOpen(null)} />
    </Stack>
  );
}

export function BudgetPage() {
  const { t } = useTranslation();
  const [sp, setSp] = useSearchParams();
  const [chosen, setYear] = useFiscalYear();
  const tab = sp.get('tab') ?? 'summary';
  const set = (patch: Record<string, string>) => setSp((p) => ({ ...Object.fromEntries(p), ...patch }), { replace: true });
  if (chosen === null) return <LoadingState />;
  const year = chosen;
  return (
    <Stack data-testid="budget-page">
      <PageHeader title={t('budget.title')} actions={<YearSelect value={year} onChange={setYear} />} />
      <Tabs value={tab} onChange={(v) => v && set({ tab: v })} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="summary">{t('budget.summary')}</Tabs.Tab>
          <Tabs.Tab value="appropriations">{t('budget.appropriations')}</Tabs.Tab>
          <Tabs.Tab value="allocations">{t('budget.allocations')}</Tabs.Tab>
          <Tabs.Tab value="programs">{t('budget.programs')}</Tabs.Tab>
          <Tabs.Tab value="ledger">{t('budget.ledger')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="summary" pt="md">
          <SummaryTab year={year} />
        </Tabs.Panel>
        <Tabs.Panel value="appropriations" pt="md">
          <AppropriationsTab year={year} />
        </Tabs.Panel>
        <Tabs.Panel value="allocations" pt="md">
          <AllocationsTab year={year} />
        </Tabs.Panel>
        <Tabs.Panel value="programs" pt="md">
          <ProgramsTab />
        </Tabs.Panel>
        <Tabs.Panel value="ledger" pt="md">
          <LedgerTab year={year} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
