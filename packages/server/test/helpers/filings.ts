/**
 * A world for filing and review tests, built through the real API: Henan's regions, a 郑州 agency with two
 * reviewers and a head, the Henan province administrator, this year's campaign (window: the whole China year, so
 * today is inside it), and enterprises registered in 郑州市金水区 that fill in, upload and submit.
 */
import { randomInt } from 'node:crypto';
import { exampleInfoSheet, type InfoSheet } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import { expect } from 'vitest';
import type { App } from '../../src/app.js';
import type { Database } from '../../src/db/schema.js';
import { type Agency, AgencyService } from '../../src/modules/agencies/service.js';
import { todayInChina } from '../../src/modules/regions/service.js';
import { adminRoles, as, createStaff, multipart, PDF, type Session, uscc } from './actors.js';
import { registerEnterprise, signIn } from './scope-world.js';

export interface FilingWorld {
  app: App;
  db: Kysely<Database>;
  year: number;
  agency: Agency;
  reviewer: Session;
  reviewer2: Session;
  head: Session;
  provinceAdmin: Session;
  /** A reviewer of another city's agency (洛阳). */
  otherReviewer: Session;
}

export interface TestEnterprise {
  id: number;
  session: Session;
  uscc: string;
  name: string;
  phone: string;
}

let serial = 0;
const unique = () => `${process.pid % 1000}${Date.now() % 100_000}${serial++}${randomInt(0, 1000)}`;

export async function buildFilingWorld(app: App, db: Kysely<Database>): Promise<FilingWorld> {
  await app.regions.seed();
  const agencies = new AgencyService(db);
  const existing = (await agencies.listAgencies('410000')).find((a) => a.name === '郑州市科学技术局');
  const agency =
    existing ??
    (await agencies.createAgency(
      '410000',
      { name: '郑州市科学技术局', level: 'city', regionCode: '410100', jurisdiction: ['410100'] },
      'test',
    ));
  const luoyang =
    (await agencies.listAgencies('410000')).find((a) => a.name === '洛阳市科学技术局') ??
    (await agencies.createAgency(
      '410000',
      { name: '洛阳市科学技术局', level: 'city', regionCode: '410300', jurisdiction: ['410300'] },
      'test',
    ));
  const staff = async (prefix: string, roles: Parameters<typeof createStaff>[1]['roles'], displayName: string) => {
    const loginName = `${prefix}_${unique()}`;
    await createStaff(app, {
      loginName,
      phone: `137${String(randomInt(0, 1e8)).padStart(8, '0')}`,
      roles,
      displayName,
    });
    return signIn(app, loginName);
  };
  const reviewerRole = (agencyId: number) => [{ role: 'agencyReviewer' as const, provinceCode: null, agencyId }];
  const world: FilingWorld = {
    app,
    db,
    year: Number(todayInChina().slice(0, 4)),
    agency,
    reviewer: await staff('rev', reviewerRole(agency.id), '张审核'),
    reviewer2: await staff('rev', reviewerRole(agency.id), '刘审核'),
    head: await staff('head', [{ role: 'agencyHead', provinceCode: null, agencyId: agency.id }], '赵主任'),
    provinceAdmin: await staff('prov', adminRoles('provinceAdmin'), '河南省科技厅'),
    otherReviewer: await staff('rev', reviewerRole(luoyang.id), '洛阳审核'),
  };
  const res = await as(app, world.provinceAdmin)('POST', '/api/v1/staff/campaigns', {
    evaluationYear: world.year,
    windowOpensOn: `${world.year}-01-01`,
    windowClosesOn: `${world.year}-12-31`,
    reviewWorkingDays: 5,
    publicityDeadline: `${world.year}-12-31`,
    batchCadence: 'monthly',
  });
  // Created now, or by an earlier world on the same database.
  expect([201, 409], res.body).toContain(res.statusCode);
  return world;
}

export async function registerTestEnterprise(world: FilingWorld, regionCode = '410105'): Promise<TestEnterprise> {
  const tag = unique();
  const phone = `139${String(randomInt(0, 1e8)).padStart(8, '0')}`;
  const code = uscc(`91410105MA${tag.slice(-7).padStart(7, '0')}`);
  // The tag in Chinese numerals: a run of digits in a name could look like a mobile or ID number to the tests that
  // check no such number is published (13614686279 did).
  const name = `郑州测试科技有限公司${[...tag].map((d) => '〇一二三四五六七八九'[Number(d)]).join('')}`;
  await registerEnterprise(world.app, world.db, {
    loginName: `ent_${tag}`,
    unitName: name,
    uscc17: code.slice(0, 17),
    regionCode,
    phone,
    idBase: '410105',
  });
  const { id } = await world.db
    .selectFrom('enterprise')
    .select('id')
    .where('uscc', '=', code)
    .executeTakeFirstOrThrow();
  return { id, session: await signIn(world.app, `ent_${tag}`), uscc: code, name, phone };
}

/** A complete, eligible 信息表 of the enterprise (score route, no fast track), with `patch` applied on top. */
export function completeSheet(e: Pick<TestEnterprise, 'name' | 'uscc'>, year: number, patch: Partial<InfoSheet> = {}) {
  const sheet = exampleInfoSheet({
    name: e.name,
    uscc: e.uscc,
    establishedOn: `${year - 5}-03-15`,
    contactPhone: `136${String(randomInt(0, 1e8)).padStart(8, '0')}`,
    contactEmail: `contact${unique()}@example.cn`,
  });
  sheet.intellectualProperty[0]!.number = `ZL20211${unique().slice(0, 7)}.X`;
  return { ...sheet, ...patch };
}

/** Start this year's filing (201) and return its view. */
export async function startFiling(world: FilingWorld, e: TestEnterprise) {
  const res = await as(world.app, e.session)('POST', '/api/v1/filings');
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: number; draftVersion: number };
}

export async function saveDraft(
  world: FilingWorld,
  e: TestEnterprise,
  filingId: number,
  draftVersion: number,
  draft: unknown,
) {
  return as(world.app, e.session)('PUT', `/api/v1/filings/${filingId}/draft`, { draftVersion, draft });
}

export async function uploadEvidence(
  world: FilingWorld,
  e: TestEnterprise,
  filingId: number,
  kind: string,
  bytes = PDF,
) {
  const form = multipart([
    { field: 'kind', value: kind },
    { field: 'file', fileName: `${kind}.pdf`, bytes, type: 'application/pdf' },
  ]);
  return world.app.inject({
    method: 'POST',
    url: `/api/v1/filings/${filingId}/evidence`,
    payload: form.payload,
    headers: { ...form.headers, cookie: e.session.cookie, 'x-csrf-token': e.session.csrf },
  });
}

export async function submit(world: FilingWorld, e: TestEnterprise, filingId: number, draftVersion: number) {
  return as(world.app, e.session)('POST', `/api/v1/filings/${filingId}/submit`, {
    draftVersion,
    commitment: { signerName: '王建国', accepted: true },
  });
}

/**
 * An enterprise with a filing submitted through the API: registered, started, the complete sheet saved (with
 * `patch`), the sealed first page, statements and IP certificate uploaded, the commitment signed.
 */
export async function submittedFiling(
  world: FilingWorld,
  options: { patch?: Partial<InfoSheet>; enterprise?: TestEnterprise } = {},
) {
  const enterprise = options.enterprise ?? (await registerTestEnterprise(world));
  const started = await startFiling(world, enterprise);
  const sheet = completeSheet(enterprise, world.year, options.patch);
  const saved = await saveDraft(world, enterprise, started.id, started.draftVersion, sheet);
  expect(saved.statusCode, saved.body).toBe(200);
  for (const kind of ['sealedFirstPage', 'financialStatements', 'ipCertificate']) {
    const res = await uploadEvidence(world, enterprise, started.id, kind);
    expect(res.statusCode, res.body).toBe(201);
  }
  const res = await submit(world, enterprise, started.id, saved.json().draftVersion);
  expect(res.statusCode, res.body).toBe(200);
  return { enterprise, filingId: started.id, sheet, view: res.json() };
}

/** The 审核表 with all four items satisfied. */
export const REVIEW_ITEMS_OK = {
  firstPageSealed: { ok: true },
  complete: { ok: true },
  consistent: { ok: true },
  other: { ok: true },
};

/**
 * A filing its agency passed, through the API: submitted, claimed by `world.reviewer`, the on-site check recorded
 * (passed) when the campaign's triggers require one, and the 审核表 decided 'pass'.
 */
export async function passedFiling(
  world: FilingWorld,
  options: { patch?: Partial<InfoSheet>; enterprise?: TestEnterprise } = {},
) {
  const submitted = await submittedFiling(world, options);
  const call = as(world.app, world.reviewer);
  const url = (tail: string) => `/api/v1/staff/filings/${submitted.filingId}${tail}`;
  const claimed = await call('POST', url('/claim'));
  expect(claimed.statusCode, claimed.body).toBe(200);
  if (claimed.json().onSiteRequired === true) {
    const form = multipart([
      { field: 'checkedOn', value: todayInChina() },
      { field: 'inspectors', value: '张审核、刘审核' },
      { field: 'findings', value: '经营场所与注册地址一致，研发人员在岗，研发台账与信息表一致。' },
      { field: 'conclusion', value: 'pass' },
      { field: 'file1', fileName: '现场照片.pdf', bytes: PDF, type: 'application/pdf' },
    ]);
    const recorded = await world.app.inject({
      method: 'POST',
      url: url('/on-site'),
      payload: form.payload,
      headers: { ...form.headers, cookie: world.reviewer.cookie, 'x-csrf-token': world.reviewer.csrf },
    });
    expect(recorded.statusCode, recorded.body).toBe(200);
  }
  const passed = await call('POST', url('/decision'), { decision: 'pass', items: REVIEW_ITEMS_OK });
  expect(passed.statusCode, passed.body).toBe(200);
  return submitted;
}
