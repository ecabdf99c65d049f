import { MAX_UPLOAD_BYTES, type ApiClient, type Id, type Visibility } from './api/client';

export type UploadStage =
  | { step: 'preparing' }
  | { step: 'uploading'; percent: number }
  | { step: 'confirming' }
  | { step: 'done'; id: Id };

/** Why a file cannot be uploaded, or null if it can. */
export function checkFile(file: File | null): string | null {
  if (!file) return 'Choose an image to upload.';
  if (!file.type.startsWith('image/')) return `"${file.name}" is not an image.`;
  if (file.size === 0) return `"${file.name}" is empty.`;
  if (file.size > MAX_UPLOAD_BYTES) {
    const mb = (file.size / (1024 * 1024)).toFixed(1);
    return `"${file.name}" is ${mb} MB; the limit is ${MAX_UPLOAD_BYTES / (1024 * 1024)} MB.`;
  }
  return null;
}

/** §7's three steps: ask for a presigned POST, send the file there, confirm it. */
export async function uploadImage(
  api: Pick<ApiClient, 'generateUpload' | 'uploadFile' | 'confirmUpload'>,
  file: File,
  visibility: Visibility,
  onStage: (stage: UploadStage) => void,
  signal?: AbortSignal,
): Promise<Id> {
  onStage({ step: 'preparing' });
  const ticket = await api.generateUpload(visibility);
  onStage({ step: 'uploading', percent: 0 });
  await api.uploadFile(ticket, file, {
    signal,
    onProgress: (loaded, total) =>
      onStage({ step: 'uploading', percent: total > 0 ? Math.min(100, Math.round((loaded / total) * 100)) : 0 }),
  });
  onStage({ step: 'confirming' });
  await api.confirmUpload(ticket.id);
  onStage({ step: 'done', id: ticket.id });
  return ticket.id;
}
