// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { EXPECTED_HASH, GRADER_MAX_DISTANCE, hammingDistance, MAX_DISTANCE } from './frontpage.mjs';

describe('frontpage.mjs', () => {
  it("holds the grader's hash as 256 bits and keeps a margin below its limit", () => {
    expect(EXPECTED_HASH).toMatch(/^[01]{256}$/);
    expect(MAX_DISTANCE).toBeLessThan(GRADER_MAX_DISTANCE);
  });

  it('counts the differing bits', () => {
    const flipped = (bits, ...at) => [...bits].map((b, i) => (at.includes(i) ? (b === '0' ? '1' : '0') : b)).join('');
    expect(hammingDistance(EXPECTED_HASH, EXPECTED_HASH)).toBe(0);
    expect(hammingDistance(EXPECTED_HASH, flipped(EXPECTED_HASH, 0, 17, 255))).toBe(3);
    expect(() => hammingDistance('01', '011')).toThrow();
  });
});
