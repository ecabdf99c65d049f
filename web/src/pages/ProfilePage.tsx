import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useAction } from '../action';
import { errorMessage, type Profile } from '../api/client';
import { ImageList } from '../components/ImageList';
import { ErrorMessage, Loading, Notice } from '../components/Status';
import { useFeed } from '../feed';
import { useSession } from '../session';
import { NotFoundPage } from './NotFoundPage';

export const BIO_MAX = 500;

function BioEditor({ bio }: { bio: string }) {
  const { api, setUser } = useSession();
  const [draft, setDraft] = useState(bio);
  const { busy, error, run } = useAction();
  const [saved, setSaved] = useState<string | null>(null);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(null);
    void run(async () => {
      const updated = await api.updateBio(draft);
      setUser(updated);
      setDraft(updated.bio ?? '');
      setSaved('Your bio is saved.');
    });
  }

  return (
    <form className="bio-editor" onSubmit={submit} aria-busy={busy}>
      <label htmlFor="bio">Your bio</label>
      <textarea id="bio" name="bio" rows={3} maxLength={BIO_MAX} value={draft} onChange={(e) => setDraft(e.target.value)} aria-describedby="bio-count" />
      <p id="bio-count" className="hint">
        {draft.length}/{BIO_MAX} characters
      </p>
      <ErrorMessage message={error} />
      <Notice message={saved} />
      <button type="submit" disabled={busy || draft === bio}>
        {busy ? 'Saving…' : 'Save bio'}
      </button>
    </form>
  );
}

export function ProfilePage({ userId }: { userId: string }) {
  const { api, user } = useSession();
  const [profile, setProfile] = useState<Profile | null>(null);
  const [error, setError] = useState<{ status: number | null; message: string } | null>(null);
  const [attempt, setAttempt] = useState(0);
  const viewerId = user?.id;
  const isMe = viewerId === userId;

  useEffect(() => {
    let live = true;
    setProfile(null);
    setError(null);
    api.profile(userId).then(
      (p) => live && setProfile({ username: p.username, bio: p.bio ?? null }),
      (e: unknown) =>
        live && setError({ status: (e as { status?: number }).status ?? null, message: errorMessage(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, userId, attempt]);

  // reload when the viewer changes: their own private images are part of the answer
  const load = useCallback((before?: string) => api.feedByUser(userId, before), [api, userId, viewerId]);
  const feed = useFeed(load);

  // 400: not a user id at all (§7 ids are UUIDs); 404: no such user
  if (error?.status === 400 || error?.status === 404) return <NotFoundPage />;
  if (error) {
    return (
      <section>
        <h1 tabIndex={-1}>Profile</h1>
        <ErrorMessage
          message={error.message}
          onRetry={() => {
            setAttempt((n) => n + 1);
            feed.reload();
          }}
        />
      </section>
    );
  }
  if (!profile) return <Loading label="Loading profile…" />;

  const bio = (isMe ? user?.bio : profile.bio) ?? '';
  return (
    <section>
      <div className="profile-head">
        <h1 tabIndex={-1}>{isMe ? `${profile.username} (you)` : profile.username}</h1>
        {isMe ? <BioEditor bio={bio} /> : bio ? <p className="bio">{bio}</p> : <p className="bio empty">No bio yet.</p>}
      </div>
      <h2>Images</h2>
      <ImageList feed={feed} label={`Images by ${profile.username}`} showCreator={false} empty={isMe ? 'You have not uploaded any images yet.' : 'No images to show.'} />
    </section>
  );
}
