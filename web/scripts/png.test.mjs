// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { crc32, decodePng, encodePng } from './png.mjs';

describe('png', () => {
  it('computes the CRC-32 of the PNG spec', () => {
    expect(crc32(Buffer.from('IEND'))).toBe(0xae426082);
  });

  it('reads back what it writes, through every row filter', () => {
    const colour = (x, y) => [(x * 37 + y) & 0xff, (y * 11) & 0xff, (x ^ y) & 0xff];
    const png = encodePng(13, 10, colour, (y) => y % 5);
    const image = decodePng(png);
    expect([image.width, image.height]).toEqual([13, 10]);
    for (let y = 0; y < 10; y++) {
      for (let x = 0; x < 13; x++) expect(image.pixel(x, y)).toEqual([...colour(x, y), 255]);
    }
  });

  it('notices a damaged file', () => {
    const png = encodePng(2, 2, () => [1, 2, 3]);
    png[png.length - 20] ^= 0xff;
    expect(() => decodePng(png)).toThrow(/bad CRC/);
    expect(() => decodePng(Buffer.from('GIF89a'))).toThrow(/signature/);
  });
});
