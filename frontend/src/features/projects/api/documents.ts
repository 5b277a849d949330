import { useQuery, useQueryClient } from '@tanstack/react-query';
import { API_PREFIX, acceptLanguage, api, authFetch, refreshTokens, unwrap } from '@/lib/api/client';
import { ApiError } from '@/lib/api/problem';
import type { ResponseOf } from '@/lib/api/types';
import { getAccessToken } from '@/lib/auth/tokens';

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

function send(projectId: string, form: FormData, onProgress: (fraction: number) => void): Promise<{ status: number; body: unknown }> {
  // XMLHttpRequest, not fetch: only it reports upload progress.
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_PREFIX}/projects/${projectId}/documents`);
    const token = getAccessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.setRequestHeader('Accept-Language', acceptLanguage());
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        /* not json */
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new ApiError(0, { status: 0, detail: 'network error' }));
    xhr.send(form);
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
  let res = await send(projectId, form, onProgress);
  if (res.status === 401 && (await refreshTokens())) res = await send(projectId, form, onProgress);
  if (res.status !== 201) throw ApiError.from(res.status, res.body);
  return res.body as ProjectDocument;
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
