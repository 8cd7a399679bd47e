/**
 * Demo accounts for development (`npm start` seeds them and prints them; never in production). Enterprise
 * accounts go through the real registration flow — SMS code from the development outbox, real-name check by
 * the development verifier — so the demo exercises exactly what users do.
 */
import { idCardCheckChar, usccCheckChar } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { OutboxEmailGateway } from '../../platform/notifications/email.js';
import { Notifier } from '../../platform/notifications/notifier.js';
import { OutboxSmsGateway, readOutbox } from '../../platform/notifications/sms.js';
import { DevIdentityVerifier } from '../../platform/identity-verifier.js';
import { AccountsService } from '../accounts/service.js';
import { AgencyService, seedDemoAgencies } from '../agencies/service.js';
import { AgentsService } from '../agents/service.js';
import { CampaignService } from '../campaigns/service.js';
import { todayInChina } from '../regions/service.js';
import { VerificationService } from '../verification/service.js';

/** The password of every demo account (development only). */
export const DEMO_PASSWORD = 'Kexiao#2026';

export interface DemoAccount {
  role: string;
  loginName: string;
  note: string;
}

const id = (first17: string) => first17 + (idCardCheckChar(first17) as string);
const DEMO_USCC = `91410105MA44T8XK0${usccCheckChar('91410105MA44T8XK0')}`;
const LUOYANG_USCC = `91410311MA47L6YC1${usccCheckChar('91410311MA47L6YC1')}`;
const SEED_CLIENT = 'system:demo-seed';

/**
 * Seed the demo accounts that are missing. Development only, so the drivers are the development ones (outbox SMS,
 * development identity verifier), and the rate limits are the database's whatever REDIS_URL says: seeding is the
 * system, not a client, and must work while Redis is away.
 */
export async function seedDemoAccounts(db: Kysely<Database>): Promise<DemoAccount[]> {
  const verification = new VerificationService(db, new OutboxSmsGateway());
  const accounts = new AccountsService(db, verification, new DevIdentityVerifier());
  const exists = async (loginName: string) =>
    (await db
      .selectFrom('account')
      .select('id')
      .where('login_name_key', '=', loginName.toLowerCase())
      .executeTakeFirst()) !== undefined;
  const codeFor = async (phone: string) => {
    await verification.requestCode({ phone, purpose: 'register', client: SEED_CLIENT });
    const [message] = await readOutbox(db, phone, 1);
    const code = /验证码(\d{6})/.exec(message?.body ?? '')?.[1];
    if (!code) throw new Error('演示数据：未能从开发短信发件箱读取验证码');
    return code;
  };
  const meta = { ip: SEED_CLIENT };

  if (!(await exists('demo_qiye'))) {
    await accounts.registerLegalPerson(
      {
        loginName: 'demo_qiye',
        password: DEMO_PASSWORD,
        unitName: '郑州示例智能科技有限公司',
        unitType: 'enterpriseLegalPerson',
        uscc: DEMO_USCC,
        regionCode: '410105',
        legalRepName: '王建国',
        legalRepIdNumber: id('41010519750101201'),
        legalRepIdValidTo: '长期',
        agentName: '李晓梅',
        agentIdNumber: id('41010519880808302'),
        agentIdValidTo: '2035-08-08',
        agentPhone: '13900000001',
        smsCode: await codeFor('13900000001'),
        agreement: true,
      },
      meta,
    );
  }
  if (!(await exists('demo_daiban'))) {
    await accounts.registerPerson(
      {
        loginName: 'demo_daiban',
        password: DEMO_PASSWORD,
        name: '李晓梅',
        idNumber: id('41010519880808302'),
        idValidTo: '2035-08-08',
        phone: '13900000002',
        smsCode: await codeFor('13900000002'),
        agreement: true,
      },
      meta,
    );
  }
  // demo_daiban is demo_qiye's agent (代办人), granted through the same service as the legal person's page.
  const [owner, daiban] = await Promise.all(
    ['demo_qiye', 'demo_daiban'].map((n) =>
      db
        .selectFrom('account')
        .leftJoin('enterprise', 'enterprise.account_id', 'account.id')
        .select(['account.id', 'enterprise.id as enterprise_id', 'enterprise.uscc', 'enterprise.name'])
        .where('account.login_name_key', '=', n)
        .executeTakeFirstOrThrow(),
    ),
  );
  const granted = await db
    .selectFrom('agent_grant')
    .select('id')
    .where('enterprise_id', '=', Number(owner?.enterprise_id))
    .where('account_id', '=', Number(daiban?.id))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!granted && owner?.enterprise_id !== null && owner?.enterprise_id !== undefined && daiban) {
    await new AgentsService(db, new Notifier(db, new OutboxSmsGateway(), new OutboxEmailGateway(db))).grantFor(
      { id: Number(owner.enterprise_id), uscc: owner.uscc as string, name: owner.name as string },
      Number(owner.id),
      { loginName: 'demo_daiban', name: '李晓梅', note: '演示数据' },
      { actor: SEED_CLIENT },
    );
  }
  if (!(await exists('henan_admin'))) {
    await accounts.createStaffAccount(
      {
        loginName: 'henan_admin',
        password: DEMO_PASSWORD,
        displayName: '河南省科技厅管理员',
        phone: '13900000003',
        roles: [{ role: 'provinceAdmin', provinceCode: '410000', agencyId: null }],
      },
      SEED_CLIENT,
    );
  }
  // Agencies: Gansu's and Shanxi's published tables, and a Henan agency for the reviewer below.
  await seedDemoAgencies(db, SEED_CLIENT);
  const agencies = new AgencyService(db);
  let zhengzhou = (await agencies.listAgencies('410000')).find((a) => a.name === '郑州市科学技术局');
  if (!zhengzhou) {
    zhengzhou = await agencies.createAgency(
      '410000',
      {
        name: '郑州市科学技术局',
        level: 'city',
        regionCode: '410100',
        contactName: '高新技术科',
        contactPhone: '0371-67181234',
        jurisdiction: ['410100'],
      },
      SEED_CLIENT,
    );
  }
  if (!(await exists('zz_reviewer'))) {
    await accounts.createStaffAccount(
      {
        loginName: 'zz_reviewer',
        password: DEMO_PASSWORD,
        displayName: '郑州市评价工作机构审核员',
        phone: '13900000005',
        roles: [{ role: 'agencyReviewer', provinceCode: '410000', agencyId: zhengzhou.id }],
      },
      SEED_CLIENT,
    );
  }
  // A second enterprise, in 洛阳市, with its own agency: outside zz_reviewer's scope, inside henan_admin's.
  if (!(await agencies.listAgencies('410000')).some((a) => a.name === '洛阳市科学技术局')) {
    await agencies.createAgency(
      '410000',
      {
        name: '洛阳市科学技术局',
        level: 'city',
        regionCode: '410300',
        contactName: '高新技术科',
        contactPhone: '0379-63901234',
        jurisdiction: ['410300'],
      },
      SEED_CLIENT,
    );
  }
  if (!(await exists('demo_luoyang'))) {
    await accounts.registerLegalPerson(
      {
        loginName: 'demo_luoyang',
        password: DEMO_PASSWORD,
        unitName: '洛阳示例新材料有限公司',
        unitType: 'enterpriseLegalPerson',
        uscc: LUOYANG_USCC,
        regionCode: '410311',
        legalRepName: '赵志强',
        legalRepIdNumber: id('41030219700315201'),
        legalRepIdValidTo: '长期',
        agentName: '孙丽',
        agentIdNumber: id('41030219900520302'),
        agentIdValidTo: '2036-05-20',
        agentPhone: '13900000006',
        smsCode: await codeFor('13900000006'),
        agreement: true,
      },
      meta,
    );
  }
  if (!(await exists('national_admin'))) {
    await accounts.createStaffAccount(
      {
        loginName: 'national_admin',
        password: DEMO_PASSWORD,
        displayName: '全国管理员',
        phone: '13900000004',
        roles: [{ role: 'nationalAdmin', provinceCode: null, agencyId: null }],
      },
      SEED_CLIENT,
    );
  }
  await seedDemoCampaign(db);
  return [
    {
      role: '企业（法人账号）',
      loginName: 'demo_qiye',
      note: `郑州示例智能科技有限公司，也可用统一社会信用代码 ${DEMO_USCC} 登录`,
    },
    {
      role: '企业代办人（自然人账号）',
      loginName: 'demo_daiban',
      note: '李晓梅，demo_qiye 的代办人；也可用手机号 13900000002 登录',
    },
    {
      role: '评价工作机构审核员',
      loginName: 'zz_reviewer',
      note: '郑州市科学技术局（管辖郑州市，含示例企业所在的金水区）',
    },
    { role: '省级管理员（河南）', loginName: 'henan_admin', note: '河南省科技厅' },
    { role: '全国管理员', loginName: 'national_admin', note: '' },
    {
      role: '企业（法人账号，洛阳）',
      loginName: 'demo_luoyang',
      note: '洛阳示例新材料有限公司（洛龙区，由洛阳市科学技术局管辖，不在 zz_reviewer 的范围内）',
    },
  ];
}

/**
 * Henan's campaign (年度评价工作) for the current China year, set up by henan_admin, unless it exists. The window is
 * Henan 2025's (30 June – 30 September, publicity by 31 October as in the 2023 notice) — but the demo must let
 * people file today, so when today is outside those dates the window is the whole year (1 January – 31 December,
 * publicity by 31 December) instead.
 */
async function seedDemoCampaign(db: Kysely<Database>): Promise<void> {
  const today = todayInChina();
  const year = Number(today.slice(0, 4));
  const campaigns = new CampaignService(db);
  if ((await campaigns.campaignFor('410000', year)) !== null) return;
  const admin = await db
    .selectFrom('account')
    .select('id')
    .where('login_name_key', '=', 'henan_admin')
    .executeTakeFirstOrThrow();
  const henanDates = today >= `${year}-06-30` && today <= `${year}-09-30`;
  const actor = {
    accountId: Number(admin.id),
    kind: 'staff' as const,
    loginName: 'henan_admin',
    displayName: '河南省科技厅管理员',
    roles: [{ role: 'provinceAdmin' as const, provinceCode: '410000', agencyId: null }],
    enterprise: null,
    csrfToken: '',
    sessionToken: '',
  };
  try {
    await campaigns.create(
      actor,
      {
        provinceCode: '410000',
        evaluationYear: year,
        windowOpensOn: henanDates ? `${year}-06-30` : `${year}-01-01`,
        windowClosesOn: henanDates ? `${year}-09-30` : `${year}-12-31`,
        reviewWorkingDays: 5,
        publicityDeadline: henanDates ? `${year}-10-31` : `${year}-12-31`,
        batchCadence: 'biweekly',
        extraOnSiteTriggers: [],
        note: henanDates ? '演示数据（河南 2025 年度通知的时间安排）' : '演示数据：填报时间为全年，便于随时体验填报',
      },
      SEED_CLIENT,
    );
  } catch (error) {
    // Another process seeding at the same moment created it.
    if ((await campaigns.campaignFor('410000', year)) === null) throw error;
  }
}
