/**
 * A published publicity batch for the tests of what happens during publicity (objections), built directly in the
 * database: the province's batch (published, numbered, with the window given), one entry per filing as it would be
 * publicized, and the filings moved passed → publicizing. To be replaced by the publicity API once it exists.
 */
import { sql } from 'kysely';
import type { FilingWorld } from './filings.js';

export interface PublishedBatch {
  batchId: number;
  batchNo: number;
  /** Entry ids in the order of `filingIds`. */
  entryIds: number[];
}

export async function publishedBatchFixture(
  world: FilingWorld,
  filingIds: number[],
  window: { publishedOn: string; endsOn: string },
): Promise<PublishedBatch> {
  const db = world.db;
  return db.transaction().execute(async (trx) => {
    const filings = await trx
      .selectFrom('filing as f')
      .innerJoin('enterprise as e', 'e.id', 'f.enterprise_id')
      .leftJoin('region as r', 'r.code', 'e.region_code')
      .innerJoin('agency as a', 'a.id', 'f.agency_id')
      .select([
        'f.id',
        'f.status',
        'f.campaign_id',
        'f.province_code',
        'f.evaluation_year',
        'f.enterprise_id',
        'e.name',
        'e.uscc',
        'e.region_code',
        'r.name as region_name',
        'f.agency_id',
        'a.name as agency_name',
      ])
      .where('f.id', 'in', filingIds)
      .execute();
    if (filings.length !== filingIds.length) throw new Error('publishedBatchFixture: a filing was not found');
    for (const f of filings) {
      if (f.status !== 'passed') throw new Error(`publishedBatchFixture: filing ${f.id} is ${f.status}, not passed`);
    }
    const first = filings[0]!;
    const max = await trx
      .selectFrom('publicity_batch')
      .select(sql<number>`coalesce(max(batch_no), 0)`.as('n'))
      .where('province_code', '=', first.province_code)
      .where('evaluation_year', '=', first.evaluation_year)
      .executeTakeFirstOrThrow();
    const batchNo = Number(max.n) + 1;
    const batch = await trx
      .insertInto('publicity_batch')
      .values({
        campaign_id: first.campaign_id,
        province_code: first.province_code,
        evaluation_year: first.evaluation_year,
        batch_no: batchNo,
        status: 'published',
        entry_count: filings.length,
        created_by: world.provinceAdmin.accountId,
        published_by: world.provinceAdmin.accountId,
        published_at: new Date(`${window.publishedOn}T01:00:00Z`).toISOString(),
        published_on: window.publishedOn,
        ends_on: window.endsOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const entryIds: number[] = [];
    for (const [index, filingId] of filingIds.entries()) {
      const f = filings.find((x) => Number(x.id) === filingId)!;
      const entry = await trx
        .insertInto('publicity_entry')
        .values({
          batch_id: batch.id,
          filing_id: filingId,
          enterprise_id: f.enterprise_id,
          position: index + 1,
          enterprise_name: f.name,
          uscc: f.uscc,
          region_code: f.region_code,
          region_name: f.region_name ?? f.region_code,
          agency_id: f.agency_id as number,
          agency_name: f.agency_name,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      entryIds.push(Number(entry.id));
      await trx.updateTable('filing').set({ status: 'publicizing' }).where('id', '=', filingId).execute();
    }
    return { batchId: Number(batch.id), batchNo, entryIds };
  });
}
