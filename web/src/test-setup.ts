import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  if (typeof window === 'undefined') return; // the scripts' tests run in plain Node
  cleanup();
  window.localStorage.clear();
  window.history.replaceState(null, '', '/');
});
