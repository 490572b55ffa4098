import { describe, expect, it } from 'vitest';
import { disambiguate, outputName, outputNameForUrl } from './outputName';

describe('outputName', () => {
  it('keeps folders, swaps the extension for .png', () => {
    expect(outputName('shoes/red.jpg')).toBe('shoes/red.png');
    expect(outputName('a.b.webp')).toBe('a.b.png');
    expect(outputName('noext')).toBe('noext.png');
  });

  it('never escapes the output folder', () => {
    expect(outputName('../../etc/passwd')).toBe('etc/passwd.png');
    expect(outputName('/abs/x.jpg')).toBe('abs/x.png');
    expect(outputName('a\\..\\b.jpg')).toBe('a/b.png');
    expect(outputName('..')).toBe('image.png');
    expect(outputName('x\u0000y\n.jpg')).toBe('xy.png');
  });

  it('names URL results after their last path segment', () => {
    expect(outputNameForUrl('https://cdn.example/p/Red%20Mug.jpg?w=2')).toBe('Red Mug.png');
    expect(outputNameForUrl('https://cdn.example/')).toBe('image.png');
  });

  it('disambiguates with the end of the job id', () => {
    expect(disambiguate('shoes/red.png', 'img-0123456789abcdef')).toBe(
      'shoes/red-456789abcdef.png',
    );
  });
});
