/**
 * Two provinces' worth of data for the data-scope tests: Henan (郑州 and 洛阳 agencies, each with a reviewer;
 * a province administrator), Gansu (a 兰州 agency with a reviewer; a province administrator), a national
 * administrator, and one enterprise each in 郑州市金水区, 洛阳市洛龙区 and 兰州市城关区 — registered through
 * the real registration flow. Everyone signs in over HTTP.
 */
import type { Kysely } from 'kysely';
import type { App } from '../../src/app.js';
import type { Database, StaffRole } from '../../src/db/schema.js';
import { type Agency, AgencyService } from '../../src/modules/agencies/service.js';
import {
  createStaff,
  idNumber,
  lastSmsCode,
  legalPersonPayload,
  PASSWORD,
  type Session,
  signIn as signInWith,
  uscc,
} from './actors.js';

export type ActorName =
  | 'anonymous'
  | 'enterprise'
  | 'zzReviewer'
  | 'lyReviewer'
  | 'gsReviewer'
  | 'henanAdmin'
  | 'gansuAdmin'
  | 'nationalAdmin';

export interface ScopeWorld {
  agencies: { zz: Agency; ly: Agency; gs: Agency };
  enterprises: { zz: number; ly: number; gs: number };
  names: { zz: string; ly: string; gs: string };
  staffIds: Record<'zzReviewer' | 'lyReviewer' | 'gsReviewer' | 'henanAdmin' | 'gansuAdmin' | 'nationalAdmin', number>;
  actors: Record<ActorName, Session | null>;
}

let client = 0;

/** Sign in over HTTP (each from its own client address, so the per-client login limit never interferes). */
export async function signIn(app: App, identifier: string, password = PASSWORD): Promise<Session> {
  client++;
  return signInWith(app, identifier, { password, remoteAddress: `10.9.${Math.floor(client / 250)}.${client % 250}` });
}

export async function registerEnterprise(
  app: App,
  db: Kysely<Database>,
  o: { loginName: string; unitName: string; uscc17: string; regionCode: string; phone: string; idBase: string },
): Promise<number> {
  await app.verification.requestCode({ phone: o.phone, purpose: 'register', client: `test:${o.loginName}` });
  const code = await lastSmsCode(db, o.phone);
  const view = await app.accounts.registerLegalPerson(
    {
      ...legalPersonPayload({
        loginName: o.loginName,
        unitName: o.unitName,
        uscc: uscc(o.uscc17),
        regionCode: o.regionCode,
        legalRepIdNumber: idNumber(`${o.idBase}19750101201`),
        agentIdNumber: idNumber(`${o.idBase}19880808302`),
        agentPhone: o.phone,
      }),
      smsCode: code,
    },
    { ip: `test:${o.loginName}` },
  );
  return Number(view.id);
}

export async function buildScopeWorld(app: App, db: Kysely<Database>): Promise<ScopeWorld> {
  await app.regions.seed();
  const service = new AgencyService(db);
  const agency = (province: string, name: string, region: string) =>
    service.createAgency(province, { name, level: 'city', regionCode: region, jurisdiction: [region] }, 'test');
  const agencies = {
    zz: await agency('410000', '郑州市科学技术局', '410100'),
    ly: await agency('410000', '洛阳市科学技术局', '410300'),
    gs: await agency('620000', '兰州市科学技术局', '620100'),
  };
  let phone = 13800000100;
  const staff = (loginName: string, role: StaffRole, provinceCode: string | null, agencyId: number | null) =>
    createStaff(app, {
      loginName,
      displayName: '工作人员',
      phone: String(phone++),
      roles: [{ role, provinceCode, agencyId }],
      by: 'test',
    });
  const staffIds = {
    zzReviewer: await staff('zz_rev', 'agencyReviewer', '410000', agencies.zz.id),
    lyReviewer: await staff('ly_rev', 'agencyReviewer', '410000', agencies.ly.id),
    gsReviewer: await staff('gs_rev', 'agencyReviewer', '620000', agencies.gs.id),
    henanAdmin: await staff('henan_adm', 'provinceAdmin', '410000', null),
    gansuAdmin: await staff('gansu_adm', 'provinceAdmin', '620000', null),
    nationalAdmin: await staff('nation_adm', 'nationalAdmin', null, null),
  };
  const names = { zz: '郑州矩阵科技有限公司', ly: '洛阳矩阵科技有限公司', gs: '兰州矩阵科技有限公司' };
  await registerEnterprise(app, db, {
    loginName: 'zz_qiye',
    unitName: names.zz,
    uscc17: '91410105MA0000001',
    regionCode: '410105',
    phone: '13700000201',
    idBase: '410105',
  });
  await registerEnterprise(app, db, {
    loginName: 'ly_qiye',
    unitName: names.ly,
    uscc17: '91410311MA0000002',
    regionCode: '410311',
    phone: '13700000202',
    idBase: '410311',
  });
  await registerEnterprise(app, db, {
    loginName: 'gs_qiye',
    unitName: names.gs,
    uscc17: '91620102MA0000003',
    regionCode: '620102',
    phone: '13700000203',
    idBase: '620102',
  });
  const ids = await db.selectFrom('enterprise').select(['id', 'name']).execute();
  const idOf = (name: string) => Number(ids.find((e) => e.name === name)?.id);
  return {
    agencies,
    enterprises: { zz: idOf(names.zz), ly: idOf(names.ly), gs: idOf(names.gs) },
    names,
    staffIds,
    actors: {
      anonymous: null,
      enterprise: await signIn(app, 'zz_qiye'),
      zzReviewer: await signIn(app, 'zz_rev'),
      lyReviewer: await signIn(app, 'ly_rev'),
      gsReviewer: await signIn(app, 'gs_rev'),
      henanAdmin: await signIn(app, 'henan_adm'),
      gansuAdmin: await signIn(app, 'gansu_adm'),
      nationalAdmin: await signIn(app, 'nation_adm'),
    },
  };
}
