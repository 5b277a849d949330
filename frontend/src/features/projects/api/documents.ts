import { useQuery, useQueryClient } from '@tanstack/react-query';
import { API_PREFIX, api, authFetch, unwrap } from '@/lib/api/client';
import { ApiError } from '@/lib/api/problem';
import type { ResponseOf } from '@/lib/api/types';
import { upload } from '@/lib/api/upload';

export type DocumentList = ResponseOf<'/api/v1/projects/{project_id}/documents'>;
export type ProjectDocument = DocumentList['items'][number];
export const DOCUMENT_KINDS = [
  'dossier',
  'proposal_letter',
  'appraisal_minutes',
  'approval_decision',
  'contract',
  'acceptance_minutes',
  'settlement',
  'voucher',
  'other',
] as const satisfies ReadonlyArray<ProjectDocument['kind']>;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];
/** What an enterprise user may upload (the service answers 403 `document.kind_not_allowed` for
 * the authority's decisions, minutes, settlements and vouchers). */
export const ENTERPRISE_DOCUMENT_KINDS: ReadonlyArray<DocumentKind> = ['dossier', 'proposal_letter', 'contract', 'other'];
export const FORMS = ['cost_estimate', 'appraisal_sheet', 'acceptance_minutes', 'settlement'] as const;
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export const documentKeys = {
  list: (projectId: string) => ['projects', 'documents', projectId] as const,
};

export function useDocuments(projectId: string) {
  return useQuery({
    queryKey: documentKeys.list(projectId),
    enabled: !!projectId,
    queryFn: () => unwrap(api.GET('/api/v1/projects/{project_id}/documents', { params: { path: { project_id: projectId } } })),
  });
}

/** Uploads one file (multipart: kind, file), refreshing the token once on 401. */
export async function uploadDocument(
  projectId: string,
  kind: DocumentKind,
  file: File,
  onProgress: (fraction: number) => void,
): Promise<ProjectDocument> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file, file.name);
  return (await upload(`/projects/${projectId}/documents`, form, onProgress)) as ProjectDocument;
}

export function useInvalidateDocuments(projectId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: documentKeys.list(projectId) });
    void qc.invalidateQueries({ queryKey: ['projects', 'history', projectId] });
  };
}

/** The document's bytes as an object URL (for a preview); the caller revokes it. */
export async function documentObjectUrl(id: string): Promise<string> {
  const res = await authFetch(new Request(`${window.location.origin}${API_PREFIX}/documents/${id}/content`));
  if (!res.ok) throw ApiError.from(res.status, await res.json().catch(() => null));
  return URL.createObjectURL(await res.blob());
}
