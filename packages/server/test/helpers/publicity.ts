/**
 * A published publicity batch, through the publicity API as the province administrator: a draft batch of the given
 * passed filings, then published. The caller sets the app's clock (AppOptions.clock) to the publication day and
 * names the window's last day it expects (the holiday calendar must hold the year's arrangement).
 */
import { expect } from 'vitest';
import { todayInChina } from '../../src/modules/regions/service.js';
import { as } from './actors.js';
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
  expect(todayInChina(world.app.clock()), 'set the clock to the publication day first').toBe(window.publishedOn);
  const province = as(world.app, world.provinceAdmin);
  const created = await province('POST', '/api/v1/staff/publicity/batches', { filingIds });
  expect(created.statusCode, created.body).toBe(201);
  const batchId = created.json().id as number;
  const published = await province('POST', `/api/v1/staff/publicity/batches/${batchId}/publish`);
  expect(published.statusCode, published.body).toBe(200);
  expect(published.json()).toMatchObject({ status: 'published', ...window });
  const entries = await world.db
    .selectFrom('publicity_entry')
    .select(['id', 'filing_id'])
    .where('batch_id', '=', batchId)
    .execute();
  const entryOf = new Map(entries.map((e) => [Number(e.filing_id), Number(e.id)]));
  return {
    batchId,
    batchNo: published.json().batchNo as number,
    entryIds: filingIds.map((id) => entryOf.get(id) as number),
  };
}
