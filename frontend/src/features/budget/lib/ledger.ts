import type { TFunction } from 'i18next';

/** Who made a ledger entry, in words: a project's money moves through project-service, so the
 * person is found in the project's history, not behind the service's client id. */
export function actorText(e: { actor_role: string; actor_subject: string; project_id?: string | null }, t: TFunction): string {
  if (e.actor_role === 'service' && e.project_id) return t('ledgerView.byProjectSteps');
  return `${t(`enum.role.${e.actor_role}`, { defaultValue: e.actor_role })} (${e.actor_subject})`;
}
