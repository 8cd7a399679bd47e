/**
 * Registrations for the registry's tests, until the announcement (modules/publicity) issues them: a filing passed
 * through the API (`passedFiling`), then — in SQL, as the announcement will do in one transaction — a published
 * publicity batch, an `announcement` (numbered per province and year), a `registration` row (number from the
 * counter) and the filing set to 'registered'.
 */
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../../src/db/schema.js';
import { todayInChina } from '../../src/modules/regions/service.js';
import { type FilingWorld, passedFiling, type TestEnterprise } from './filings.js';

export interface RegisteredFixture {
  filingId: number;
  registrationNo: string;
  announcementId: number;
  announcementNo: number;
  announcedOn: string;
  provinceCode: string;
  year: number;
}

/** A fixture numbering: year, province, 6-digit sequence (the real strategy is the announcement's). */
export const fixtureNumber = (year: number, provinceCode: string, seq: number) =>
  `${year}${provinceCode}${String(seq).padStart(6, '0')}`;

/** Announce the passed filings `filingIds` (one announcement) and give each a registration number. */
export async function registeredFixture(
  db: Kysely<Database>,
  o: { filingIds: number[]; announcedBy: number; announcedOn?: string; registrationNo?: (seq: number) => string },
): Promise<RegisteredFixture[]> {
  return db.transaction().execute(async (trx) => {
    const filings = await trx
      .selectFrom('filing')
      .innerJoin('enterprise', 'enterprise.id', 'filing.enterprise_id')
      .select([
        'filing.id',
        'filing.enterprise_id',
        'filing.campaign_id',
        'filing.province_code',
        'filing.evaluation_year',
        'filing.status',
        'enterprise.name',
        'enterprise.uscc',
        'enterprise.region_code',
      ])
      .where('filing.id', 'in', o.filingIds)
      .orderBy('filing.id')
      .execute();
    if (filings.length !== o.filingIds.length) throw new Error('registeredFixture: unknown filing');
    const first = filings[0] as (typeof filings)[number];
    if (filings.some((f) => f.status !== 'passed')) throw new Error('registeredFixture: filings must be passed');
    const { province_code: province, evaluation_year: year } = first;
    const announcedOn = o.announcedOn ?? todayInChina();
    const batchNo = await sql<{ n: number }>`select coalesce(max(batch_no), 0) + 1 as n from publicity_batch
      where province_code = ${province} and evaluation_year = ${year}`.execute(trx);
    const batch = await trx
      .insertInto('publicity_batch')
      .values({
        campaign_id: first.campaign_id,
        province_code: province,
        evaluation_year: year,
        batch_no: Number(batchNo.rows[0]?.n),
        status: 'published',
        entry_count: filings.length,
        created_by: o.announcedBy,
        published_by: o.announcedBy,
        published_at: new Date().toISOString(),
        published_on: announcedOn,
        ends_on: announcedOn,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const annNo = await sql<{ n: number }>`select coalesce(max(announcement_no), 0) + 1 as n from announcement
      where province_code = ${province} and evaluation_year = ${year}`.execute(trx);
    const announcementNo = Number(annNo.rows[0]?.n);
    const announcement = await trx
      .insertInto('announcement')
      .values({
        batch_id: batch.id,
        province_code: province,
        evaluation_year: year,
        announcement_no: announcementNo,
        announced_on: announcedOn,
        announced_at: new Date().toISOString(),
        announced_by: o.announcedBy,
        registered_count: filings.length,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const out: RegisteredFixture[] = [];
    for (const f of filings) {
      const counter = await sql<{
        last_seq: number;
      }>`insert into registration_counter (province_code, evaluation_year, last_seq)
        values (${province}, ${year}, 1)
        on conflict (province_code, evaluation_year) do update set last_seq = registration_counter.last_seq + 1
        returning last_seq`.execute(trx);
      const seq = Number(counter.rows[0]?.last_seq);
      const registrationNo = (o.registrationNo ?? ((s) => fixtureNumber(year, province, s)))(seq);
      await trx
        .insertInto('registration')
        .values({
          registration_no: registrationNo,
          province_code: province,
          evaluation_year: year,
          seq,
          enterprise_id: f.enterprise_id,
          filing_id: f.id,
          announcement_id: announcement.id,
          enterprise_name: f.name,
          uscc: f.uscc,
          region_code: f.region_code,
          issued_at: new Date().toISOString(),
        })
        .execute();
      await trx.updateTable('filing').set({ status: 'registered' }).where('id', '=', f.id).execute();
      out.push({
        filingId: f.id,
        registrationNo,
        announcementId: announcement.id,
        announcementNo,
        announcedOn,
        provinceCode: province,
        year,
      });
    }
    return out;
  });
}

/** An enterprise whose filing passed through the API and was then announced: its registration. */
export async function registeredFiling(
  world: FilingWorld,
  options: { enterprise?: TestEnterprise } = {},
): Promise<RegisteredFixture & { enterprise: TestEnterprise }> {
  const passed = await passedFiling(world, options);
  const [fixture] = await registeredFixture(world.db, {
    filingIds: [passed.filingId],
    announcedBy: world.provinceAdmin.accountId,
  });
  return { ...(fixture as RegisteredFixture), enterprise: passed.enterprise };
}
