import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// jsdom does not implement scrolling; navigate() scrolls to the top
if (typeof window !== 'undefined') window.scrollTo = () => {};

afterEach(() => {
  if (typeof window === 'undefined') return; // the scripts' tests run in plain Node
  cleanup();
  window.localStorage.clear();
  window.history.replaceState(null, '', '/');
});
