import { useState, type FormEvent } from 'react';
import { useAction } from '../action';
import { AuthScreen } from '../components/AuthScreen';
import { ErrorMessage, Notice } from '../components/Status';
import { Link, navigate } from '../router';
import { useSession } from '../session';

/** The front page when logged out, and `/login`. */
export function LoginPage({ next, notice }: { next: string; notice?: string | null }) {
  const { logIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    void run(async () => {
      await logIn(username.trim(), password);
      navigate(next, { replace: true, notice: `Welcome back, ${username.trim()}.` });
    });
  }

  return (
    <AuthScreen
      messages={
        <>
          <Notice message={notice ?? null} />
          <ErrorMessage message={error} focus />
        </>
      }
    >
      <form className="auth-form" aria-label="Log in" onSubmit={submit} aria-busy={busy}>
        <input aria-label="Username" placeholder="Username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <input aria-label="Password" placeholder="Password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Login'}
        </button>
      </form>
      <p className="auth-switch">
        Don’t have an account? <Link to="/signup">Sign Up</Link>
      </p>
    </AuthScreen>
  );
}
