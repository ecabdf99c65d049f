// Just enough PNG for the end-to-end test: write 8-bit RGB images, and read the 8-bit RGB/RGBA
// non-interlaced PNGs that Chromium's screenshots are.
import { deflateSync, inflateSync } from 'node:zlib';

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

function paeth(a, b, c) {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Applies (encode) or removes (decode) one PNG row filter in place of `out`. */
function filterRow(type, raw, prev, bpp, decode) {
  const out = Buffer.alloc(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const left = i >= bpp ? (decode ? out[i - bpp] : raw[i - bpp]) : 0;
    const up = prev ? prev[i] : 0;
    const upLeft = prev && i >= bpp ? prev[i - bpp] : 0;
    const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][type];
    if (predictor === undefined) throw new Error(`PNG: unknown filter type ${type}`);
    out[i] = decode ? (raw[i] + predictor) & 0xff : (raw[i] - predictor) & 0xff;
  }
  return out;
}

/**
 * An 8-bit RGB PNG; `pixel(x, y)` returns [r, g, b]. `filterFor(y)` picks each row's filter
 * (0-4), so tests can exercise every filter the reader must undo.
 */
export function encodePng(width, height, pixel, filterFor = () => 0) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, adaptive filter, no interlace
  const rows = [];
  let prev = null;
  for (let y = 0; y < height; y++) {
    const raw = Buffer.alloc(width * 3);
    for (let x = 0; x < width; x++) raw.set(pixel(x, y), x * 3);
    const type = filterFor(y);
    rows.push(Buffer.from([type]), filterRow(type, raw, prev, 3, false));
    prev = raw;
  }
  return Buffer.concat([
    SIGNATURE,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** { width, height, pixel(x, y) → [r, g, b, a] } of an 8-bit RGB or RGBA, non-interlaced PNG. */
export function decodePng(png) {
  if (!png.subarray(0, 8).equals(SIGNATURE)) throw new Error('PNG: bad signature');
  let offset = 8;
  let header = null;
  const idat = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('ascii', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (png.readUInt32BE(offset + 8 + length) !== crc32(png.subarray(offset + 4, offset + 8 + length))) {
      throw new Error(`PNG: bad CRC in ${type}`);
    }
    if (type === 'IHDR') {
      header = {
        width: data.readUInt32BE(0),
        height: data.readUInt32BE(4),
        depth: data[8],
        colour: data[9],
        interlace: data[12],
      };
    } else if (type === 'IDAT') idat.push(data);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  if (!header) throw new Error('PNG: no IHDR');
  const channels = { 2: 3, 6: 4 }[header.colour];
  if (header.depth !== 8 || !channels || header.interlace !== 0) {
    throw new Error(`PNG: unsupported depth ${header.depth} colour ${header.colour} interlace ${header.interlace}`);
  }
  const { width, height } = header;
  const stride = width * channels;
  const data = inflateSync(Buffer.concat(idat));
  if (data.length !== height * (stride + 1)) throw new Error('PNG: image data has the wrong length');
  const pixels = Buffer.alloc(height * stride);
  let prev = null;
  for (let y = 0; y < height; y++) {
    const start = y * (stride + 1);
    const row = filterRow(data[start], data.subarray(start + 1, start + 1 + stride), prev, channels, true);
    row.copy(pixels, y * stride);
    prev = row;
  }
  return {
    width,
    height,
    pixel(x, y) {
      const i = y * stride + x * channels;
      return [pixels[i], pixels[i + 1], pixels[i + 2], channels === 4 ? pixels[i + 3] : 255];
    },
  };
}
