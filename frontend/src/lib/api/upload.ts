// Uploads with progress: XMLHttpRequest, not fetch, because only it reports how much of the
// body has been sent. Bearer auth and one refresh-and-retry on 401, as the typed client does.
import { getAccessToken } from '@/lib/auth/tokens';
import { API_PREFIX, acceptLanguage, refreshTokens } from './client';
import { ApiError } from './problem';

function send(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${API_PREFIX}${path}`);
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

/** POSTs a multipart `form` to `path` (below /api/v1), telling `onProgress` the fraction sent;
 * the parsed body of a 2xx answer, else an ApiError from the problem. */
export async function upload(path: string, form: FormData, onProgress: (fraction: number) => void): Promise<unknown> {
  let res = await send(path, form, onProgress);
  if (res.status === 401 && (await refreshTokens())) res = await send(path, form, onProgress);
  if (res.status < 200 || res.status >= 300) throw ApiError.from(res.status, res.body);
  return res.body;
}
