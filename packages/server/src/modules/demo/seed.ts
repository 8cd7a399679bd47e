/**
 * Demo accounts for development (`npm start` seeds them and prints them; never in production). Enterprise
 * accounts go through the real registration flow — SMS code from the development outbox, real-name check by
 * the development verifier — so the demo exercises exactly what users do.
 */
import { idCardCheckChar, usccCheckChar } from '@kexiao/rules';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { readOutbox } from '../../platform/notifications/sms.js';
import type { AccountsService } from '../accounts/service.js';
import { AgencyService, seedDemoAgencies } from '../agencies/service.js';
import type { VerificationService } from '../verification/service.js';

/** The password of every demo account (development only). */
export const DEMO_PASSWORD = 'Kexiao#2026';

export interface DemoAccount {
  role: string;
  loginName: string;
  note: string;
}

const id = (first17: string) => first17 + (idCardCheckChar(first17) as string);
const DEMO_USCC = `91410105MA44T8XK0${usccCheckChar('91410105MA44T8XK0')}`;
const SEED_CLIENT = 'system:demo-seed';

export async function seedDemoAccounts(
  db: Kysely<Database>,
  accounts: AccountsService,
  verification: VerificationService,
): Promise<DemoAccount[]> {
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
  return [
    {
      role: '企业（法人账号）',
      loginName: 'demo_qiye',
      note: `郑州示例智能科技有限公司，也可用统一社会信用代码 ${DEMO_USCC} 登录`,
    },
    { role: '企业代办人（自然人账号）', loginName: 'demo_daiban', note: '李晓梅，也可用手机号 13900000002 登录' },
    {
      role: '评价工作机构审核员',
      loginName: 'zz_reviewer',
      note: '郑州市科学技术局（管辖郑州市，含示例企业所在的金水区）',
    },
    { role: '省级管理员（河南）', loginName: 'henan_admin', note: '河南省科技厅' },
    { role: '全国管理员', loginName: 'national_admin', note: '' },
  ];
}
