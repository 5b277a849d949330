import { Alert, Anchor, Button, Code, CopyButton, Group, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useForm } from '@mantine/form';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { NumberField } from '@/components/NumberField';
import { errorMessage } from '@/components/QueryState';
import { formatDateTime } from '@/lib/format';
import { useLedgerCheckpoint, useLedgerVerify, type KeptCheckpoint, type LedgerEntry } from '../api/budget';

interface Props {
  /** The entries on screen: a broken one among them is named by its number and can be opened. */
  rows: LedgerEntry[];
  onOpen: (entry: LedgerEntry) => void;
}

/**
 * The ledger's integrity check: every chain and the signed checkpoints, and optionally a
 * checkpoint the user kept outside the system (its number and signature). Deleting the newest
 * entries together with their checkpoints leaves a ledger that looks whole; only a copy kept
 * elsewhere shows it, so the latest checkpoint is shown here to be copied.
 */
export function LedgerVerify({ rows, onOpen }: Props) {
  const { t } = useTranslation();
  const [asked, setAsked] = useState(false);
  const [kept, setKept] = useState<KeptCheckpoint | undefined>();
  const v = useLedgerVerify(asked, kept);
  const run = (next: KeptCheckpoint | undefined) => {
    const same = asked && (next?.checkpoint_seq ?? null) === (kept?.checkpoint_seq ?? null) && next?.checkpoint_signature === kept?.checkpoint_signature;
    setKept(next);
    setAsked(true);
    if (same) void v.refetch();
  };
  // a result stays beside the form only until the form is sent again with a mistake: the old
  // (say red) answer must not read as the answer to what is now typed
  const data = asked ? v.data : undefined;
  const broken = data && !data.ok ? rows.find((e) => e.id === data.first_broken_entry_id) : undefined;
  return (
    <Stack gap={6}>
      <Group>
        <Button variant="default" onClick={() => run(undefined)} loading={v.isFetching && !kept} data-testid="ledger-verify" aria-describedby="ledger-verify-help">
          {t('budget.verifyLedger')}
        </Button>
      </Group>
      <Text size="sm" c="dimmed" id="ledger-verify-help" maw={820}>
        {t('ledgerView.verifyHelp')}
      </Text>
      {/* the live region stays in the page: a region that appears with its text is not read out */}
      <div role="status" aria-live="polite" data-testid="ledger-verify-status">
        {data && (
          <Alert color={data.ok ? 'green' : 'red'} variant="light" data-testid="ledger-verify-result" role="none">
            {resultText(data, broken?.seq, kept, t)}
            {broken && (
              <Anchor component="button" type="button" ml="xs" onClick={() => onOpen(broken)}>
                {t('ledgerView.openDetails', { seq: broken.seq })}
              </Anchor>
            )}
          </Alert>
        )}
      </div>
      {asked && v.isError && <Alert color="red">{errorMessage(v.error, t)}</Alert>}
      <KeptCheckpointForm onCompare={run} onInvalid={() => setAsked(false)} comparing={v.isFetching && !!kept} />
    </Stack>
  );
}

type Verification = NonNullable<ReturnType<typeof useLedgerVerify>['data']>;

function resultText(data: Verification, brokenSeq: number | undefined, kept: KeptCheckpoint | undefined, t: TFunction): string {
  if (data.ok) {
    const ok = t('ledgerView.verifyOk', { count: data.entries });
    return kept ? `${ok} ${t('ledgerView.keptOk', { seq: kept.checkpoint_seq })}` : ok;
  }
  if (data.problem === 'kept_checkpoint') return t('ledgerView.keptBroken', { seq: kept?.checkpoint_seq });
  if (data.problem === 'checkpoint') return t('ledgerView.checkpointBroken');
  if (brokenSeq !== undefined) return t('ledgerView.verifyBroken', { seq: brokenSeq });
  if (data.first_broken_entry_id) return t('ledgerView.verifyBrokenId', { id: data.first_broken_entry_id });
  return t('ledgerView.verifyBrokenChain');
}

/** A signature as kept: base64 holds no spaces, so those of a copy typed in groups or wrapped
 * over lines are dropped, not compared (they would read as a ledger cut back). */
export const compact = (signature: string) => signature.replace(/\s+/g, '');

/** The latest signed checkpoint, to copy somewhere else, and the form to compare with a copy. */
function KeptCheckpointForm({
  onCompare,
  onInvalid,
  comparing,
}: {
  onCompare: (kept: KeptCheckpoint) => void;
  onInvalid: () => void;
  comparing: boolean;
}) {
  const { t } = useTranslation();
  const latest = useLedgerCheckpoint();
  const form = useForm<{ seq: number | string; signature: string }>({
    initialValues: { seq: '', signature: '' },
    validate: {
      seq: (value) => (Number.isInteger(Number(value)) && Number(value) >= 1 && value !== '' ? null : t('ledgerView.keptSeqRequired')),
      signature: (value) => (compact(value) ? null : t('ledgerView.keptSignatureRequired')),
    },
  });
  const cp = latest.data;
  return (
    <Stack gap={6} mt="sm" maw={820} data-testid="ledger-checkpoint">
      <Text size="sm" fw={600}>
        {t('ledgerView.checkpointTitle')}
      </Text>
      {cp ? (
        <>
          <Text size="sm" data-testid="ledger-checkpoint-latest">
            {t('ledgerView.checkpointLatest', { seq: cp.seq, at: formatDateTime(cp.created_at), chains: cp.chains })}
          </Text>
          <Group gap="xs" wrap="nowrap" align="flex-start">
            <Code block style={{ wordBreak: 'break-all', whiteSpace: 'pre-wrap', flex: 1 }} data-testid="ledger-checkpoint-signature">
              {cp.signature}
            </Code>
            <CopyButton value={cp.signature}>
              {({ copied, copy }) => (
                <>
                  <Button size="xs" variant="default" onClick={copy}>
                    {copied ? t('ledgerView.copied') : t('ledgerView.copyCheckpoint')}
                  </Button>
                  {/* a button's new label is not read out; this region, always in the page, is */}
                  <VisuallyHidden role="status" aria-live="polite" data-testid="ledger-checkpoint-copied">
                    {copied ? t('ledgerView.copiedAnnounce', { seq: cp.seq }) : ''}
                  </VisuallyHidden>
                </>
              )}
            </CopyButton>
          </Group>
        </>
      ) : (
        latest.isSuccess && <Text size="sm" c="dimmed">{t('ledgerView.checkpointNone')}</Text>
      )}
      <Text size="sm" c="dimmed">
        {t('ledgerView.checkpointHelp')}
      </Text>
      <form
        onSubmit={form.onSubmit(
          (values) => onCompare({ checkpoint_seq: Number(values.seq), checkpoint_signature: compact(values.signature) }),
          onInvalid,
        )}
        noValidate
      >
        <Group align="flex-end" wrap="wrap">
          <NumberField label={t('ledgerView.keptSeq')} w={220} min={1} {...form.getInputProps('seq')} />
          <TextInput label={t('ledgerView.keptSignature')} style={{ flex: 1, minWidth: 220 }} {...form.getInputProps('signature')} />
          <Button type="submit" variant="default" loading={comparing} data-testid="ledger-compare">
            {t('ledgerView.compare')}
          </Button>
        </Group>
      </form>
    </Stack>
  );
}
