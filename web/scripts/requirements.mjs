// The project's rule for suites whose requirement the machine lacks (as testkit's Requirements):
// skip with a message naming it, except in CI (CI=true), where it is a failure.

export class RequirementMissing extends Error {}

/**
 * Returns true when the suite may run. When `available` is false: outside CI, logs why the
 * suite is skipped and returns false; in CI, throws RequirementMissing.
 */
export function requirement(available, what, { env = process.env, log = console.log } = {}) {
  if (available) return true;
  const message = `needs ${what}`;
  if (String(env.CI ?? '').toLowerCase() === 'true') {
    throw new RequirementMissing(`${message} (required in CI, where CI=true)`);
  }
  log(`SKIPPED: ${message} (skipped; set it up to run this suite)`);
  return false;
}
