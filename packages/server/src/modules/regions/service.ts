/**
 * Regions: the GB/T 2260 provinces, cities and counties vendored in seed/regions-cn.json, and the functional
 * zones (新区, 高新区, 示范区 …) that have no code of their own and hang under a province, city or county.
 * Withdrawn codes stay in the table with their validity and successor, so old records remain readable.
 */
import { readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database, RegionKind } from '../../db/schema.js';
import { writeAudit } from '../../platform/audit.js';
import { ancestry, childrenOn, countRegions, getRegion, type RegionRow, upsertRegions } from './repository.js';

export type { RegionRow } from './repository.js';

/** Absolute URL of the vendored table, resolved from this module (dist/… or src/…). */
export const VENDORED_REGIONS_URL = new URL('../../../seed/regions-cn.json', import.meta.url);

/** A code of GB/T 2260 (6 digits) or of a functional zone ('zone:' and a slug). */
export const REGION_CODE = /^(\d{6}|zone:\S+)$/;

export interface Region {
  code: string;
  name: string;
  kind: RegionKind;
  parentCode: string | null;
  validFrom: string;
  validTo: string | null;
  replacedBy: string | null;
}

export interface RegionPath {
  /** Province first, the region itself last. */
  regions: Region[];
  /** '甘肃省 › 平凉市 › 华亭县' */
  text: string;
  /** False when the region (or an ancestor) has been withdrawn. */
  current: boolean;
}

type VendoredRow = [string, string, 'p' | 'c' | 'x', string | null, string | null, string | null, string | null];

interface VendoredFile {
  meta: { defaultValidFrom: string; source: string };
  regions: VendoredRow[];
}

const KINDS: Record<VendoredRow[2], RegionKind> = { p: 'province', c: 'city', x: 'county' };

/** The vendored table as database rows: parents before children, withdrawn codes after their successors. */
export function loadVendoredRegions(url: URL = VENDORED_REGIONS_URL): RegionRow[] {
  const file = JSON.parse(readFileSync(url, 'utf8')) as VendoredFile;
  const rows = file.regions.map(([code, name, kind, parentCode, validFrom, validTo, replacedBy]): RegionRow => ({
    code,
    name,
    kind: KINDS[kind],
    parent_code: parentCode,
    valid_from: validFrom ?? file.meta.defaultValidFrom,
    valid_to: validTo,
    replaced_by: replacedBy,
  }));
  return [...rows.filter((r) => r.replaced_by === null), ...rows.filter((r) => r.replaced_by !== null)];
}

export function toRegion(row: RegionRow): Region {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind,
    parentCode: row.parent_code,
    validFrom: row.valid_from,
    validTo: row.valid_to,
    replacedBy: row.replaced_by,
  };
}

/** Today in China (UTC+8), as 'YYYY-MM-DD'. */
export function todayInChina(now: Date = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** In force on the given day: valid_from ≤ day < valid_to. */
export function isValidOn(region: Pick<RegionRow, 'valid_from' | 'valid_to'>, day: string): boolean {
  return region.valid_from <= day && (region.valid_to === null || day < region.valid_to);
}

export class RegionService {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Bring the table up to the vendored file: inserts missing codes and updates changed ones, in one transaction
   * with one audit record; a second run changes nothing and writes nothing. Returns the number of rows written.
   */
  async seed(actor = 'system:seed', rows: RegionRow[] = loadVendoredRegions()): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const changed = await upsertRegions(trx, rows);
      if (changed > 0) {
        await writeAudit(trx, {
          actor,
          action: 'regions.seed',
          subject: 'region:GB/T 2260',
          detail: { changed, total: rows.length },
        });
      }
      return changed;
    });
  }

  async count(): Promise<number> {
    return countRegions(this.db);
  }

  async region(code: string): Promise<Region | null> {
    const row = await getRegion(this.db, code);
    return row === undefined ? null : toRegion(row);
  }

  /** The regions in force today directly under `parent` (the provinces when omitted), for cascading pickers. */
  async children(parent: string | null): Promise<Region[]> {
    return (await childrenOn(this.db, parent, todayInChina())).map(toRegion);
  }

  /** Province › city › county (› zone) for any code the table holds, withdrawn ones included; null if unknown. */
  async regionPath(code: string): Promise<RegionPath | null> {
    const chain = await ancestry(this.db, code);
    if (chain.length === 0) return null;
    const regions = chain.reverse().map(toRegion);
    return {
      regions,
      text: regions.map((r) => r.name).join(' › '),
      current: regions.every((r) => r.validTo === null || todayInChina() < r.validTo),
    };
  }

  /** The code in force today for a code that may have been withdrawn (follows replaced_by); null if unknown. */
  async currentCode(code: string): Promise<string | null> {
    let row = await getRegion(this.db, code);
    for (let hops = 0; row !== undefined && row.replaced_by !== null && hops < 16; hops++) {
      row = await getRegion(this.db, row.replaced_by);
    }
    return row?.code ?? null;
  }
}
