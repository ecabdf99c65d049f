import { useState, type FormEvent } from 'react';
import { useAction } from '../action';
import { errorMessage } from '../api/client';
import { AuthScreen } from '../components/AuthScreen';
import { ErrorMessage } from '../components/Status';
import { Link, navigate } from '../router';
import { useSession } from '../session';

export function SignupPage() {
  const { api, logIn } = useSession();
  const [username, setUsername] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const { busy, error, run } = useAction();

  function submit(event: FormEvent) {
    event.preventDefault();
    const name = username.trim();
    void run(async () => {
      await api.register(name, email.trim(), password);
      try {
        await logIn(name, password);
      } catch (e) {
        navigate('/login', { replace: true, notice: `Your account was created, but logging in failed: ${errorMessage(e)}` });
        return;
      }
      navigate('/', { replace: true, notice: `Welcome to Yoctogram, ${name}.` });
    });
  }

  return (
    <AuthScreen messages={<ErrorMessage message={error} focus />}>
      <form className="auth-form" aria-label="Sign up" onSubmit={submit} aria-busy={busy}>
        <input aria-label="Email" placeholder="Email" name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} />
        <input aria-label="Username" placeholder="Username" name="username" autoComplete="username" required aria-describedby="signup-username-hint" value={username} onChange={(e) => setUsername(e.target.value)} />
        <p id="signup-username-hint" className="hint">
          3–32 letters, digits, “_”, “.” or “-”.
        </p>
        <input aria-label="Password" placeholder="Password" name="password" type="password" autoComplete="new-password" required aria-describedby="signup-password-hint" value={password} onChange={(e) => setPassword(e.target.value)} />
        <p id="signup-password-hint" className="hint">
          At least 8 characters.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Creating your account…' : 'Sign up'}
        </button>
      </form>
      <p className="auth-switch">
        Have an account? <Link to="/login">Log In</Link>
      </p>
    </AuthScreen>
  );
}
