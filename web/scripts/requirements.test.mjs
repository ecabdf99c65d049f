// @vitest-environment node
import { describe, expect, it, vi } from 'vitest';
import { requirement, RequirementMissing } from './requirements.mjs';

describe('requirement', () => {
  it('lets a suite run when the requirement is there', () => {
    const log = vi.fn();
    expect(requirement(true, 'Chromium', { env: { CI: 'true' }, log })).toBe(true);
    expect(log).not.toHaveBeenCalled();
  });

  it('skips with a message naming what is missing outside CI', () => {
    const log = vi.fn();
    expect(requirement(false, 'Chromium at /usr/bin/chromium', { env: {}, log })).toBe(false);
    expect(log).toHaveBeenCalledWith(expect.stringMatching(/^SKIPPED: needs Chromium at \/usr\/bin\/chromium/));
  });

  it('fails in CI', () => {
    expect(() => requirement(false, 'Chromium', { env: { CI: 'true' }, log: vi.fn() })).toThrow(RequirementMissing);
    expect(() => requirement(false, 'npm', { env: { CI: 'TRUE' }, log: vi.fn() })).toThrow(/needs npm \(required in CI/);
  });
});
