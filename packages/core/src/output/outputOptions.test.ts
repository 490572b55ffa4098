import { describe, expect, it } from 'vitest';
import { isCutoutError } from '../CutoutError';
import {
  isPassthrough,
  OutputCode,
  outputContentType,
  outputExtension,
  outputParams,
  parseOutputOptions,
} from './outputOptions';
import { parseColor } from './parseColor';

function errorOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    if (isCutoutError(error)) return error;
    throw error;
  }
  throw new Error('expected a CutoutError');
}

describe('parseOutputOptions', () => {
  it('defaults to the engine PNG as it is', () => {
    const o = parseOutputOptions({});
    expect(o).toMatchObject({ crop: false, format: 'png', channels: 'rgba', shadow: false });
    expect(o.background).toEqual([0, 0, 0, 0]);
    expect(o.position).toEqual({ x: 0.5, y: 0.5 });
    expect(isPassthrough(o)).toBe(true);
    expect(isPassthrough(parseOutputOptions({ crop: 'true' }))).toBe(false);
  });

  it('reads strings from a form or query like typed values from code', () => {
    const wire = parseOutputOptions({
      crop: 'true',
      crop_margin: '10px 5%',
      output_size: '1200x800',
      position: '50% 100%',
      bg_color: 'ff000080',
      add_shadow: '1',
      format: 'JPG',
      channels: 'rgba',
    });
    const typed = parseOutputOptions({
      crop: true,
      crop_margin: [10, '5%'],
      output_size: '1200x800',
      position: '50% 100%',
      bg_color: '#ff000080',
      add_shadow: true,
      format: 'jpeg',
    });
    expect(wire).toEqual(typed);
    expect(wire.margin).toEqual([
      { value: 10, unit: 'px' },
      { value: 5, unit: '%' },
      { value: 10, unit: 'px' },
      { value: 5, unit: '%' },
    ]);
    expect(wire.size).toEqual({ width: 1200, height: 800 });
    expect(wire.position).toEqual({ x: 0.5, y: 1 });
    // JPEG has no alpha: the half-transparent red is flattened onto white.
    expect(wire.background).toEqual([255, 127, 127, 255]);
    expect(wire.format).toBe('jpeg');
  });

  it('takes 1, 2 or 4 margins in CSS order and a long edge alone', () => {
    expect(parseOutputOptions({ crop_margin: '1 2 3 4' }).margin.map((m) => m.value)).toEqual([
      1, 2, 3, 4,
    ]);
    expect(parseOutputOptions({ crop_margin: 7 }).margin.map((m) => m.value)).toEqual([7, 7, 7, 7]);
    expect(parseOutputOptions({ output_size: 1600 }).size).toEqual({ longEdge: 1600 });
  });

  it('applies a preset and lets explicit options win', () => {
    const amazon = parseOutputOptions({ preset: 'amazon' });
    expect(amazon).toMatchObject({
      crop: true,
      size: { width: 2000, height: 2000 },
      format: 'jpeg',
      preset: 'amazon',
    });
    expect(amazon.background).toEqual([255, 255, 255, 255]);
    expect(amazon.margin[0]).toEqual({ value: 5, unit: '%' });
    const own = parseOutputOptions({ preset: 'amazon', format: 'webp', output_size: '3000x3000' });
    expect(own.format).toBe('webp');
    expect(own.size).toEqual({ width: 3000, height: 3000 });
    expect(parseOutputOptions({ preset: 'trimmed' })).toMatchObject({ crop: true, format: 'png' });
    expect(parseOutputOptions({ preset: 'square' }).size).toEqual({ width: 1600, height: 1600 });
  });

  it.each([
    ['crop', 'yes', 'true or false'],
    ['crop_margin', '5em', '1, 2 or 4 lengths'],
    ['crop_margin', '1 2 3', '1, 2 or 4 lengths'],
    ['crop_margin', '101%', '0–100'],
    ['output_size', '0x10', 'WxH or a long edge N'],
    ['output_size', '20000', '16384'],
    ['position', 'top', '"center" or "x% y%"'],
    ['bg_color', 'blurple', 'CSS colour name'],
    ['bg_image_url', 'file:///etc/passwd', 'http(s) URL'],
    ['add_shadow', 'maybe', 'true or false'],
    ['format', 'gif', 'png, webp, jpg or jpeg'],
    ['channels', 'rgb', 'rgba or alpha'],
    ['preset', 'ebay', 'amazon, square or trimmed'],
  ])(
    'refuses %s=%s with 400 / 40010 naming the option and what it allows',
    (name, value, allowed) => {
      const e = errorOf(() => parseOutputOptions({ [name]: value }));
      expect(e).toMatchObject({ kind: 'input', reason: 'bad-output-option', status: 400 });
      expect(e.code).toBe(OutputCode.badOption);
      expect(e.message).toContain(name);
      expect(e.message).toContain(allowed);
      expect(e.message).toContain(value);
    },
  );

  it('keeps its codes clear of the contract and the proxy codes', () => {
    const taken = [0, 40001, 40002, 40003, 42900, 50000, 40100, 40200, 40300, 40400, 40500];
    for (const code of Object.values(OutputCode)) expect(taken).not.toContain(code);
  });

  it('ignores keys that are not options (a query may carry the app’s own)', () => {
    expect(isPassthrough(parseOutputOptions({ utm_source: 'x', session: 'y' }))).toBe(true);
  });
});

describe('outputParams', () => {
  it('writes typed options as wire strings and validates them first', () => {
    expect(
      outputParams({ crop: true, crop_margin: [10, '5%'], output_size: 1600, format: 'jpg' }),
    ).toEqual({
      crop: 'true',
      crop_margin: '10 5%',
      output_size: '1600',
      format: 'jpg',
    });
    expect(() => outputParams({ format: 'gif' as 'png' })).toThrow(/format/);
  });
});

describe('formats and colours', () => {
  it('names content types and extensions', () => {
    expect(outputContentType('jpeg')).toBe('image/jpeg');
    expect(outputContentType('webp')).toBe('image/webp');
    expect(outputExtension('jpeg')).toBe('.jpg');
    expect(outputExtension('png')).toBe('.png');
  });

  it('parses hex in every length and CSS names', () => {
    expect(parseColor('#fff')).toEqual([255, 255, 255, 255]);
    expect(parseColor('f008')).toEqual([255, 0, 0, 136]);
    expect(parseColor('112233')).toEqual([17, 34, 51, 255]);
    expect(parseColor('#11223344')).toEqual([17, 34, 51, 68]);
    expect(parseColor('RebeccaPurple')).toEqual([102, 51, 153, 255]);
    expect(parseColor('transparent')).toEqual([0, 0, 0, 0]);
    expect(parseColor('#12345')).toBeUndefined();
  });
});
