import { useState, type FormEvent } from 'react';
import { useAction } from '../action';
import { ErrorMessage } from '../components/Status';
import { Link, navigate } from '../router';
import { useSession } from '../session';

export function LoginPage({ next }: { next: string }) {
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
    <section className="narrow">
      <h1 tabIndex={-1}>Log in</h1>
      <form onSubmit={submit} aria-busy={busy}>
        <ErrorMessage message={error} focus />
        <label htmlFor="login-username">Username</label>
        <input id="login-username" name="username" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
        <label htmlFor="login-password">Password</label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
      <p>
        New here? <Link to="/signup">Create an account</Link>
      </p>
    </section>
  );
}
