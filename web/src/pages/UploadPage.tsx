import { useEffect, useRef, useState, type FormEvent } from 'react';
import { errorMessage, type Visibility } from '../api/client';
import { ProgressBar } from '../components/ProgressBar';
import { ErrorMessage } from '../components/Status';
import { navigate } from '../router';
import { useSession } from '../session';
import { checkFile, uploadImage, type UploadStage } from '../upload';

export function UploadPage() {
  const { api } = useSession();
  const [file, setFile] = useState<File | null>(null);
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [stage, setStage] = useState<UploadStage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const controller = useRef<AbortController | null>(null);

  useEffect(() => () => controller.current?.abort(), []);
  useEffect(() => {
    if (!file || checkFile(file)) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  const busy = stage !== null && stage.step !== 'done';

  async function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkFile(file);
    if (problem || !file) {
      setError(problem);
      return;
    }
    setError(null);
    controller.current = new AbortController();
    try {
      await uploadImage(api, file, visibility, setStage, controller.current.signal);
      navigate('/', { notice: visibility === 'private' ? 'Your private image is uploaded. Only you can see it.' : 'Your image is uploaded.' });
    } catch (e) {
      if (controller.current?.signal.aborted) return;
      setError(errorMessage(e));
      setStage(null);
    }
  }

  return (
    <section className="narrow">
      <h1 tabIndex={-1}>Upload an image</h1>
      <form onSubmit={submit} aria-busy={busy}>
        <ErrorMessage message={error} focus />
        <label htmlFor="upload-file">Image (up to 10 MB)</label>
        <input
          id="upload-file"
          name="file"
          type="file"
          accept="image/*"
          required
          disabled={busy}
          onChange={(e) => {
            const chosen = e.target.files?.[0] ?? null;
            setFile(chosen);
            setError(chosen ? checkFile(chosen) : null);
          }}
        />
        {preview && <img className="preview" src={preview} alt="Preview of the chosen image" />}
        <fieldset disabled={busy}>
          <legend>Who can see it?</legend>
          <label className="choice">
            <input type="radio" name="visibility" value="public" checked={visibility === 'public'} onChange={() => setVisibility('public')} />
            Public — everyone
          </label>
          <label className="choice">
            <input type="radio" name="visibility" value="private" checked={visibility === 'private'} onChange={() => setVisibility('private')} />
            Private — only me
          </label>
        </fieldset>
        {(stage?.step === 'uploading' || stage?.step === 'confirming') && (
          <ProgressBar value={stage.step === 'uploading' ? stage.percent : 100} label="Uploading" />
        )}
        {stage && stage.step !== 'uploading' && (
          <p className="loading" role="status">
            {stage.step === 'preparing' ? 'Preparing the upload…' : stage.step === 'confirming' ? 'Checking the image…' : 'Done.'}
          </p>
        )}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {busy ? 'Uploading…' : 'Upload'}
          </button>
          {busy && stage?.step !== 'confirming' && (
            <button type="button" className="secondary" onClick={() => { controller.current?.abort(); setStage(null); setError('Upload cancelled.'); }}>
              Cancel
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
