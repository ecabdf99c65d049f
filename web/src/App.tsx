import { useEffect, useRef } from 'react';
import { ErrorMessage, Loading, Notice } from './components/Status';
import { FeedPage } from './pages/FeedPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { ProfilePage } from './pages/ProfilePage';
import { SignupPage } from './pages/SignupPage';
import { UploadPage } from './pages/UploadPage';
import { Link, matchRoute, Redirect, useLocation, type Route } from './router';
import { useSession, type SessionStatus } from './session';

function Header() {
  const { user, status, logOut } = useSession();
  return (
    <header className="top">
      <Link className="brand" to="/">
        Yoctogram
      </Link>
      <nav aria-label="Main">
        {status === 'signedIn' && user ? (
          <>
            <Link to="/">Feed</Link>
            <Link to="/upload">Upload</Link>
            <Link to={`/users/${encodeURIComponent(user.id)}`}>{user.username}</Link>
            <button type="button" className="link" onClick={() => logOut()}>
              Log out
            </button>
          </>
        ) : status === 'loading' ? null : (
          <>
            <Link to="/login">Log in</Link>
            <Link to="/signup">Sign up</Link>
          </>
        )}
      </nav>
    </header>
  );
}

/** Logged out, the front page is the log-in screen (as the course's own frontend has it). */
function authScreen(route: Route, status: SessionStatus): boolean {
  return status === 'anonymous' && (route.name === 'feed' || route.name === 'login' || route.name === 'signup');
}

function Page({ route, notice }: { route: Route; notice: string | null }) {
  const { status } = useSession();
  const signedIn = status === 'signedIn';
  switch (route.name) {
    case 'feed':
      return signedIn ? <FeedPage /> : <LoginPage next="/" notice={notice} />;
    case 'login':
      return signedIn ? <Redirect to={route.next} /> : <LoginPage next={route.next} notice={notice} />;
    case 'signup':
      return signedIn ? <Redirect to="/" /> : <SignupPage />;
    case 'upload':
      return signedIn ? <UploadPage /> : <Redirect to="/login?next=%2Fupload" />;
    case 'profile':
      return <ProfilePage userId={route.userId} />;
    case 'notFound':
      return <NotFoundPage />;
  }
}

export function App() {
  const location = useLocation();
  const { status, error, retry } = useSession();
  const route = matchRoute(location.pathname, location.search);
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);

  // After a client-side navigation, move focus to the new page's heading, as a page load would.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const heading = main.current?.querySelector<HTMLElement>('h1');
    (heading ?? main.current)?.focus();
  }, [location.pathname]);

  const bare = authScreen(route, status);

  useEffect(() => {
    const titles: Record<Route['name'], string> = {
      feed: 'Latest images',
      login: 'Log in',
      signup: 'Sign up',
      upload: 'Upload',
      profile: 'Profile',
      notFound: 'Not found',
    };
    document.title = `${bare ? (route.name === 'signup' ? 'Sign up' : 'Log in') : titles[route.name]} · Yoctogram`;
  }, [route.name, bare]);

  if (bare) {
    return (
      <main id="main" className="bare" ref={main} tabIndex={-1}>
        <Page route={route} notice={location.notice} />
      </main>
    );
  }

  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <Header />
      <main id="main" ref={main} tabIndex={-1}>
        <Notice message={location.notice} />
        {status === 'loading' ? (
          <Loading label="Checking your session…" />
        ) : status === 'unavailable' ? (
          <ErrorMessage message={error} onRetry={retry} />
        ) : (
          <Page route={route} notice={null} />
        )}
      </main>
    </>
  );
}
