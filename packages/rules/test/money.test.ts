import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareScaled, fenToYuan, formatYuan, parseMoney } from '../src/index.js';
import { parseMoneyDetailed } from '../src/money.js';

describe('money: decimal yuan ↔ integer fen', () => {
  it.each([
    ['12000000.00', 1_200_000_000],
    ['9000000.5', 900_000_050],
    ['720000', 72_000_000],
    ['0', 0],
    ['0.01', 1],
    ['007.10', 710],
    [12000000.5, 1_200_000_050],
    [0.07, 7],
    [1.1, 110],
    [200000000, 20_000_000_000],
  ])('%j → %i fen', (input, fen) => {
    expect(parseMoney(input)).toBe(fen);
  });

  it.each([
    ['1.234', 'decimals'],
    [0.001, 'decimals'],
    [1.005, 'decimals'],
    ['-5', 'negative'],
    [-0.5, 'negative'],
    ['', 'format'],
    ['1,000', 'format'],
    ['1e5', 'format'],
    [' 5', 'format'],
    ['5.', 'format'],
    ['.5', 'format'],
    ['¥5', 'format'],
    ['+5', 'format'],
    [Number.NaN, 'format'],
    [Number.POSITIVE_INFINITY, 'format'],
    [1e21, 'range'],
    ['900719925474099.92', 'range'],
    [true, 'type'],
    [null, 'type'],
    [{}, 'type'],
  ])('%j is rejected (%s)', (input, reason) => {
    expect(parseMoneyDetailed(input)).toEqual({ ok: false, reason });
  });

  it('round-trips every fen amount through text and numbers', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }), (fen) => {
        expect(parseMoney(fenToYuan(fen))).toBe(fen);
        if (fen < 2 ** 40) expect(parseMoney(Number(fenToYuan(fen)))).toBe(fen);
      }),
      { numRuns: 3000 },
    );
  });

  it('formats yuan for people', () => {
    expect(formatYuan(3_500_000)).toBe('¥35,000');
    expect(formatYuan(3_500_050)).toBe('¥35,000.50');
    expect(formatYuan(1)).toBe('¥0.01');
    expect(formatYuan(1_200_000_000)).toBe('¥12,000,000');
  });

  it('compares scaled products exactly, also beyond 2^53', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 100 }),
        fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
        fc.integer({ min: 1, max: 100 }),
        (a, p, b, q) => {
          expect(compareScaled(a, p, b, q)).toBe(BigInt(a) * BigInt(p) >= BigInt(b) * BigInt(q));
        },
      ),
      { numRuns: 3000 },
    );
    expect(compareScaled(2 ** 52 + 1, 100, 2 ** 52, 100)).toBe(true);
    expect(compareScaled(2 ** 52, 100, 2 ** 52 + 1, 100)).toBe(false);
  });
});
