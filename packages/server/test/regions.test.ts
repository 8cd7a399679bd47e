import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { loadVendoredRegions, RegionService } from '../src/modules/regions/service.js';
import { describeEachDatabase } from './helpers/databases.js';

const vendored = loadVendoredRegions();

describeEachDatabase('regions', (ctx) => {
  it('seeds the vendored GB/T 2260 table once, with one audit record', async () => {
    const regions = new RegionService(ctx.handle.db);
    expect(await regions.seed()).toBe(vendored.length);
    expect(await regions.seed()).toBe(0);
    expect(await regions.count()).toBe(vendored.length);
    const audit = await ctx.handle.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'regions.seed')
      .execute();
    expect(audit).toHaveLength(1);
    const kinds = await ctx.handle.db
      .selectFrom('region')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('kind')
      .orderBy('kind')
      .execute();
    expect(kinds.map((k) => k.kind)).toEqual(['city', 'county', 'province']);
    expect(kinds.find((k) => k.kind === 'province')?.n).toBe(34);
  });

  it('gives the path province › city › county', async () => {
    const regions = new RegionService(ctx.handle.db);
    const path = await regions.regionPath('620102');
    expect(path?.text).toBe('甘肃省 › 兰州市 › 城关区');
    expect(path?.regions.map((r) => r.kind)).toEqual(['province', 'city', 'county']);
    expect(path?.current).toBe(true);
    // Counties of a municipality hang under the province; a province's own path is itself.
    expect((await regions.regionPath('110101'))?.text).toBe('北京市 › 东城区');
    expect((await regions.regionPath('140000'))?.text).toBe('山西省');
    // 省直辖县级行政区划 is a grouping, not a level: 济源市 hangs under 河南省.
    expect((await regions.regionPath('419001'))?.text).toBe('河南省 › 济源市');
    expect(await regions.regionPath('999999')).toBeNull();
    expect(await regions.region('zone:nowhere')).toBeNull();
  });

  it('keeps a withdrawn code readable, with its validity and successor', async () => {
    const regions = new RegionService(ctx.handle.db);
    const old = await regions.regionPath('620824');
    expect(old?.text).toBe('甘肃省 › 平凉市 › 华亭县');
    expect(old?.current).toBe(false);
    expect(old?.regions.at(-1)).toMatchObject({ validTo: '2018-08-01', replacedBy: '620881' });
    expect(await regions.currentCode('620824')).toBe('620881');
    expect((await regions.regionPath('620881'))?.text).toBe('甘肃省 › 平凉市 › 华亭市');
    expect(await regions.currentCode('140624')).toBe('140681');
    expect(await regions.currentCode('620102')).toBe('620102');
    expect(await regions.currentCode('000000')).toBeNull();
  });
});

it('the vendored table lists parents before children and holds every code of the demo agency tables', () => {
  const seen = new Set<string>();
  for (const r of vendored) {
    if (r.parent_code !== null) expect(seen.has(r.parent_code), r.code).toBe(true);
    expect(r.code).toMatch(/^\d{6}$/);
    seen.add(r.code);
  }
  for (const file of ['gansu-agencies.csv', 'shanxi-agencies.csv']) {
    const text = readFileSync(new URL(`../seed/${file}`, import.meta.url), 'utf8');
    const codes = text
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[1])
      .filter((c): c is string => c !== undefined && /^\d{6}$/.test(c));
    expect(codes.length).toBeGreaterThan(10);
    for (const code of codes) expect(seen.has(code), `${file}: ${code}`).toBe(true);
  }
  // No statistical pseudo-entries (市辖区, development zones numbered xxxx71–80).
  expect(vendored.some((r) => r.name === '市辖区' || /^\d{4}7\d$/.test(r.code))).toBe(false);
});
