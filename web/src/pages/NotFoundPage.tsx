import { Link } from '../router';

export function NotFoundPage() {
  return (
    <section className="narrow">
      <h1 tabIndex={-1}>Page not found</h1>
      <p>There is nothing at this address.</p>
      <p>
        <Link to="/">Go to the latest images</Link>
      </p>
    </section>
  );
}
