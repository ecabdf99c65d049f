import { describe, expect, it, vi } from 'vitest';
import { ApiError, MAX_UPLOAD_BYTES } from './api/client';
import { checkFile, uploadImage, type UploadStage } from './upload';

describe('checkFile', () => {
  it('accepts images up to 10 MB and explains everything else', () => {
    expect(checkFile(new File([new Uint8Array(10)], 'a.png', { type: 'image/png' }))).toBeNull();
    expect(checkFile(null)).toBe('Choose an image to upload.');
    expect(checkFile(new File(['x'], 'notes.txt', { type: 'text/plain' }))).toBe('"notes.txt" is not an image.');
    expect(checkFile(new File([], 'empty.png', { type: 'image/png' }))).toBe('"empty.png" is empty.');
    const big = new File([new Uint8Array(MAX_UPLOAD_BYTES + 1)], 'big.jpg', { type: 'image/jpeg' });
    expect(checkFile(big)).toBe('"big.jpg" is 10.0 MB; the limit is 10 MB.');
  });
});

describe('uploadImage', () => {
  const file = new File([new Uint8Array(100)], 'a.png', { type: 'image/png' });
  const ticket = { id: 'img7', url: 'https://s3.example/', fields: { key: 'k' } };

  it('generates, uploads with progress, confirms, in that order', async () => {
    const calls: string[] = [];
    const api = {
      generateUpload: vi.fn(async (visibility: string) => {
        calls.push(`generate ${visibility}`);
        return ticket;
      }),
      uploadFile: vi.fn(async (_t: unknown, _f: Blob, opts?: { onProgress?: (l: number, t: number) => void }) => {
        calls.push('upload');
        opts?.onProgress?.(25, 100);
        opts?.onProgress?.(100, 100);
      }),
      confirmUpload: vi.fn(async (id: string) => {
        calls.push(`confirm ${id}`);
        return { success: true };
      }),
    };
    const stages: UploadStage[] = [];
    await expect(uploadImage(api, file, 'private', (s) => stages.push(s))).resolves.toBe('img7');
    expect(calls).toEqual(['generate private', 'upload', 'confirm img7']);
    expect(stages).toEqual([
      { step: 'preparing' },
      { step: 'uploading', percent: 0 },
      { step: 'uploading', percent: 25 },
      { step: 'uploading', percent: 100 },
      { step: 'confirming' },
      { step: 'done', id: 'img7' },
    ]);
  });

  it('does not confirm an upload that failed', async () => {
    const api = {
      generateUpload: vi.fn(async () => ticket),
      uploadFile: vi.fn(async () => {
        throw new ApiError(403, 'Policy expired');
      }),
      confirmUpload: vi.fn(),
    };
    await expect(uploadImage(api, file, 'public', () => {})).rejects.toThrow('Policy expired');
    expect(api.confirmUpload).not.toHaveBeenCalled();
  });
});
