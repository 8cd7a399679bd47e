/**
 * 年度评价工作 (campaigns): province administrators set up their province's campaign for a year — window,
 * review time limit, publicity deadline, batch cadence, added on-site triggers; the public reads the schedule.
 */
import { ON_SITE_LABELS, RULE_SETS } from '@kexiao/rules';
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { AgencyService } from '../src/modules/agencies/service.js';
import {
  CAMPAIGN_EXISTS,
  CAMPAIGN_NOT_FOUND,
  CampaignService,
  effectiveOnSiteTriggers,
  windowContains,
} from '../src/modules/campaigns/service.js';
import { seedDemoAccounts } from '../src/modules/demo/seed.js';
import { todayInChina } from '../src/modules/regions/service.js';
import type { Actor } from '../src/platform/access.js';
import { adminRoles, as, buildTestApp, createStaff, type Session, signIn } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

const HENAN_2025 = {
  evaluationYear: 2025,
  windowOpensOn: '2025-06-30',
  windowClosesOn: '2025-09-30',
  publicityDeadline: '2025-10-31',
  batchCadence: 'biweekly',
};

/** A body for year `y` with Henan's dates moved to that year. */
const bodyFor = (y: number, extra: Record<string, unknown> = {}) => ({
  evaluationYear: y,
  windowOpensOn: `${y}-06-30`,
  windowClosesOn: `${y}-09-30`,
  publicityDeadline: `${y}-10-31`,
  batchCadence: 'monthly',
  ...extra,
});

let client = 0;
const signInFresh = (app: App, loginName: string) => signIn(app, loginName, { remoteAddress: `10.77.0.${++client}` });

describeEachDatabase('campaigns', (ctx) => {
  let app: App;
  let national: Session;
  let henan: Session;
  let shanxi: Session;
  let reviewer: Session;
  let nationalId: number;
  let henanId: number;
  let henan2025: number;
  let shanxi2025: number;

  const asNational = () => as(app, national);
  const asHenan = () => as(app, henan);
  const countCampaigns = async () =>
    Number(
      (
        await ctx.handle.db
          .selectFrom('campaign')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditOf = (subject: string) =>
    ctx.handle.db
      .selectFrom('audit_event')
      .select(['actor', 'action', 'detail'])
      .where('subject', '=', subject)
      .orderBy('seq')
      .execute();
  /** POST as the national administrator for Henan: expect 400 and return the field problems. */
  const refused = async (body: Record<string, unknown>) => {
    const before = await countCampaigns();
    const res = await asNational()('POST', '/api/v1/staff/campaigns', { provinceCode: '410000', ...body });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().error.code).toBe('invalid_input');
    expect(await countCampaigns()).toBe(before);
    return res.json().error.fields as { path: string; message: string }[];
  };
  const nationalActor = (): Actor => ({
    accountId: nationalId,
    kind: 'staff',
    loginName: 'camp_national',
    displayName: '全国管理员',
    roles: adminRoles('nationalAdmin'),
    enterprise: null,
    csrfToken: '',
    sessionToken: '',
  });

  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
    await app.regions.seed();
    const zz = await new AgencyService(ctx.handle.db).createAgency(
      '410000',
      { name: '郑州市科学技术局', level: 'city', regionCode: '410100', jurisdiction: ['410100'] },
      'test',
    );
    nationalId = await createStaff(app, {
      loginName: 'camp_national',
      phone: '13711110001',
      roles: adminRoles('nationalAdmin'),
    });
    henanId = await createStaff(app, {
      loginName: 'camp_henan',
      phone: '13711110002',
      roles: adminRoles('provinceAdmin', '410000'),
    });
    await createStaff(app, {
      loginName: 'camp_shanxi',
      phone: '13711110003',
      roles: adminRoles('provinceAdmin', '140000'),
    });
    await createStaff(app, {
      loginName: 'camp_reviewer',
      phone: '13711110004',
      roles: [{ role: 'agencyReviewer', provinceCode: '410000', agencyId: zz.id }],
    });
    national = await signInFresh(app, 'camp_national');
    henan = await signInFresh(app, 'camp_henan');
    shanxi = await signInFresh(app, 'camp_shanxi');
    reviewer = await signInFresh(app, 'camp_reviewer');
  });

  describe('create', () => {
    it('a province administrator creates its own province’s campaign; the rule set follows the year', async () => {
      const res = await asHenan()('POST', '/api/v1/staff/campaigns', HENAN_2025);
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json();
      henan2025 = c.id;
      expect(c).toMatchObject({
        provinceCode: '410000',
        provinceName: '河南省',
        evaluationYear: 2025,
        ruleSetId: '2024',
        ruleSetProvisional: false,
        windowOpensOn: '2025-06-30',
        windowClosesOn: '2025-09-30',
        reviewWorkingDays: 5,
        publicityDeadline: '2025-10-31',
        batchCadence: 'biweekly',
        batchCadenceLabel: '每两周',
        extraOnSiteTriggers: [],
        note: null,
        createdBy: henanId,
      });
      expect(c.onSiteTriggers).toEqual(
        ['staffAtMost5', 'techRatioAtLeast90With50Staff', 'revokedOrViolationWithin3Years', 'firstTime'].map(
          (code) => ({ code, label: ON_SITE_LABELS[code as keyof typeof ON_SITE_LABELS], source: 'ruleSet' }),
        ),
      );
      const got = await asHenan()('GET', `/api/v1/staff/campaigns/${henan2025}`);
      expect(got.statusCode).toBe(200);
      expect(got.json()).toEqual(c);
    });

    it('writes the audit record in the same transaction, naming the administrator', async () => {
      const entries = await auditOf(`campaign:${henan2025}`);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toMatchObject({
        actor: `account:${henanId}`,
        action: 'campaign.create',
        detail: {
          provinceCode: '410000',
          evaluationYear: 2025,
          ruleSetId: '2024',
          windowOpensOn: '2025-06-30',
          windowClosesOn: '2025-09-30',
          reviewWorkingDays: 5,
          publicityDeadline: '2025-10-31',
          batchCadence: 'biweekly',
          extraOnSiteTriggers: [],
        },
      });
    });

    it('the province may add triggers from the known list: effective = the rule set’s, then the added ones', async () => {
      const res = await as(app, shanxi)('POST', '/api/v1/staff/campaigns', {
        ...bodyFor(2025),
        reviewWorkingDays: 3,
        extraOnSiteTriggers: ['rdExpenseUnder100k', 'noIntellectualProperty'],
        note: '  山西 2025  ',
      });
      expect(res.statusCode, res.body).toBe(201);
      const c = res.json();
      shanxi2025 = c.id;
      expect(c.provinceCode).toBe('140000');
      expect(c.reviewWorkingDays).toBe(3);
      expect(c.note).toBe('山西 2025');
      // Stored in the contract's order whatever order was sent.
      expect(c.extraOnSiteTriggers).toEqual(['noIntellectualProperty', 'rdExpenseUnder100k']);
      expect(c.onSiteTriggers.map((t: { code: string; source: string }) => `${t.code}:${t.source}`)).toEqual([
        'staffAtMost5:ruleSet',
        'techRatioAtLeast90With50Staff:ruleSet',
        'revokedOrViolationWithin3Years:ruleSet',
        'firstTime:ruleSet',
        'noIntellectualProperty:province',
        'rdExpenseUnder100k:province',
      ]);
    });

    it('a 2026 campaign has the provisional 2026 rule set; a 2017 one has no national triggers', async () => {
      const y2026 = await asNational()('POST', '/api/v1/staff/campaigns', {
        provinceCode: '620000',
        ...bodyFor(2026, { extraOnSiteTriggers: ['techRatioAtLeast90With50Staff'] }),
      });
      expect(y2026.statusCode, y2026.body).toBe(201);
      expect(y2026.json()).toMatchObject({ ruleSetId: '2026', ruleSetProvisional: true, provinceName: '甘肃省' });
      expect(y2026.json().onSiteTriggers).toHaveLength(6);
      const y2017 = await asNational()('POST', '/api/v1/staff/campaigns', {
        provinceCode: '620000',
        ...bodyFor(2017, { extraOnSiteTriggers: ['firstTime'] }),
      });
      expect(y2017.statusCode, y2017.body).toBe(201);
      expect(y2017.json().ruleSetId).toBe('2017');
      expect(y2017.json().onSiteTriggers).toEqual([{ code: 'firstTime', label: '首次参加评价', source: 'province' }]);
    });

    it('one campaign per province and year: 409 「该省份该年度的评价工作已存在」', async () => {
      const res = await asNational()('POST', '/api/v1/staff/campaigns', { provinceCode: '410000', ...HENAN_2025 });
      expect(res.statusCode).toBe(409);
      expect(res.json().error).toMatchObject({
        code: 'conflict',
        message: CAMPAIGN_EXISTS,
        fields: [{ path: 'evaluationYear', message: `评价年度：${CAMPAIGN_EXISTS}` }],
      });
      expect(CAMPAIGN_EXISTS).toBe('该省份该年度的评价工作已存在');
    });
  });

  describe('validation (nothing is written)', () => {
    it('missing fields are each named', async () => {
      const fields = await refused({});
      expect(fields.map((f) => f.path).sort()).toEqual(
        ['batchCadence', 'evaluationYear', 'publicityDeadline', 'windowClosesOn', 'windowOpensOn'].sort(),
      );
      expect(fields).toContainEqual({ path: 'evaluationYear', message: '评价年度：不能为空' });
    });

    it('dates must be real ISO dates', async () => {
      expect(await refused(bodyFor(2027, { windowOpensOn: '2027-02-30' }))).toEqual([
        { path: 'windowOpensOn', message: '填报开始日期：须为有效日期，格式 YYYY-MM-DD' },
      ]);
      expect(await refused(bodyFor(2027, { publicityDeadline: '2027/10/31' }))).toEqual([
        { path: 'publicityDeadline', message: '公示截止日期：须为有效日期，格式 YYYY-MM-DD' },
      ]);
    });

    it('the window closes on or after it opens', async () => {
      expect(await refused(bodyFor(2027, { windowOpensOn: '2027-07-01', windowClosesOn: '2027-06-30' }))).toEqual([
        { path: 'windowClosesOn', message: '填报截止日期：不能早于填报开始日期（2027-07-01）' },
      ]);
    });

    it('the publicity deadline is on or after the window closes', async () => {
      expect(await refused(bodyFor(2027, { publicityDeadline: '2027-09-29' }))).toEqual([
        { path: 'publicityDeadline', message: '公示截止日期：不能早于填报截止日期（2027-09-30）' },
      ]);
      // The same day is allowed (inclusive).
      const ok = await asNational()('POST', '/api/v1/staff/campaigns', {
        provinceCode: '620000',
        ...bodyFor(2027, { publicityDeadline: '2027-09-30' }),
      });
      expect(ok.statusCode, ok.body).toBe(201);
    });

    it('the evaluation year is within 2017..2100', async () => {
      for (const year of [2016, 2101, 2025.5, '2025']) {
        const fields = await refused({ ...bodyFor(2027), evaluationYear: year });
        expect(fields).toEqual([{ path: 'evaluationYear', message: '评价年度：须为2017至2100之间的整数' }]);
      }
    });

    it('the window falls within the evaluation year', async () => {
      expect(await refused(bodyFor(2027, { windowOpensOn: '2026-12-31' }))).toEqual([
        { path: 'windowOpensOn', message: '填报开始日期：须在评价年度（2027年）内' },
      ]);
      expect(await refused(bodyFor(2027, { windowClosesOn: '2028-01-02', publicityDeadline: '2028-01-31' }))).toEqual([
        { path: 'windowClosesOn', message: '填报截止日期：须在评价年度（2027年）内' },
      ]);
    });

    it('review working days are 1..30', async () => {
      for (const days of [0, 31, 2.5, '5']) {
        expect(await refused(bodyFor(2027, { reviewWorkingDays: days }))).toEqual([
          { path: 'reviewWorkingDays', message: '审核时限（工作日）：须为1至30之间的整数' },
        ]);
      }
    });

    it('the batch cadence is one of 每周/每两周/每月/按需', async () => {
      expect(await refused(bodyFor(2027, { batchCadence: 'daily' }))).toEqual([
        { path: 'batchCadence', message: '公示批次频率：须为每周、每两周、每月、按需之一' },
      ]);
    });

    it('an unknown trigger code is refused, naming the field', async () => {
      expect(
        await refused(bodyFor(2027, { extraOnSiteTriggers: ['techRatioAtLeast90With50Staff', 'bigRevenue'] })),
      ).toEqual([
        { path: 'extraOnSiteTriggers.1', message: '本省增加的实地核查情形：未知的实地核查情形代码“bigRevenue”' },
      ]);
      expect(await refused(bodyFor(2027, { extraOnSiteTriggers: 'noIntellectualProperty' }))).toEqual([
        { path: 'extraOnSiteTriggers', message: '本省增加的实地核查情形：应为实地核查情形代码的列表' },
      ]);
    });

    it('a trigger already in the rule set is refused (nothing to add), and so is a repeated one', async () => {
      expect(await refused(bodyFor(2025, { provinceCode: '620000', extraOnSiteTriggers: ['firstTime'] }))).toEqual([
        {
          path: 'extraOnSiteTriggers.0',
          message:
            '本省增加的实地核查情形：“首次参加评价”已是国家规定（2024版（增加实地核查情形））的实地核查情形，无需增加',
        },
      ]);
      const repeated = await refused(
        bodyFor(2025, {
          provinceCode: '620000',
          extraOnSiteTriggers: ['noIntellectualProperty', 'noIntellectualProperty'],
        }),
      );
      expect(repeated).toEqual([
        { path: 'extraOnSiteTriggers.1', message: '本省增加的实地核查情形：“无Ⅰ类、Ⅱ类知识产权”重复' },
      ]);
    });

    it('the rule set’s triggers cannot be removed: a full trigger list is refused', async () => {
      const fields = await refused(bodyFor(2027, { onSiteTriggers: ['staffAtMost5'] }));
      expect(fields).toHaveLength(1);
      expect(fields[0]?.path).toBe('onSiteTriggers');
      expect(fields[0]?.message).toMatch(/^实地核查情形：国家规定的实地核查情形随评价年度的规则确定，不能删减/);
      // Neither on update.
      const res = await asHenan()('PUT', `/api/v1/staff/campaigns/${henan2025}`, { onSiteTriggers: [] });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields[0].path).toBe('onSiteTriggers');
    });

    it('the province must be a province’s code', async () => {
      expect(await refused({ ...bodyFor(2027), provinceCode: '410100' })).toEqual([
        { path: 'provinceCode', message: '省份：410100 不是省级行政区划代码' },
      ]);
    });

    it('a national administrator must name the province', async () => {
      const res = await asNational()('POST', '/api/v1/staff/campaigns', bodyFor(2027));
      expect(res.statusCode).toBe(400);
      expect(res.json().error.fields).toEqual([{ path: 'provinceCode', message: '省份：请选择省份' }]);
    });
  });

  describe('update', () => {
    it('a campaign whose window has opened may extend its close date and deadlines; audited with before/after', async () => {
      const res = await asHenan()('PUT', `/api/v1/staff/campaigns/${henan2025}`, {
        windowClosesOn: '2025-10-15',
        publicityDeadline: '2025-11-15',
        reviewWorkingDays: 7,
        extraOnSiteTriggers: ['noIntellectualProperty'],
      });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        windowOpensOn: '2025-06-30',
        windowClosesOn: '2025-10-15',
        publicityDeadline: '2025-11-15',
        reviewWorkingDays: 7,
        batchCadence: 'biweekly',
        extraOnSiteTriggers: ['noIntellectualProperty'],
      });
      const entries = await auditOf(`campaign:${henan2025}`);
      expect(entries).toHaveLength(2);
      expect(entries[1]).toEqual({
        actor: `account:${henanId}`,
        action: 'campaign.update',
        detail: {
          provinceCode: '410000',
          evaluationYear: 2025,
          before: {
            windowClosesOn: '2025-09-30',
            publicityDeadline: '2025-10-31',
            reviewWorkingDays: 5,
            extraOnSiteTriggers: [],
          },
          after: {
            windowClosesOn: '2025-10-15',
            publicityDeadline: '2025-11-15',
            reviewWorkingDays: 7,
            extraOnSiteTriggers: ['noIntellectualProperty'],
          },
        },
      });
    });

    it('the same values again change nothing and write no audit record', async () => {
      const res = await asHenan()('PUT', `/api/v1/staff/campaigns/${henan2025}`, {
        windowClosesOn: '2025-10-15',
        batchCadence: 'biweekly',
      });
      expect(res.statusCode).toBe(200);
      expect(await auditOf(`campaign:${henan2025}`)).toHaveLength(2);
    });

    it('once opened: not the year, the province or the opening day; the close date and deadlines only later', async () => {
      const put = (body: Record<string, unknown>) => asNational()('PUT', `/api/v1/staff/campaigns/${henan2025}`, body);
      const fieldsOf = async (body: Record<string, unknown>) => {
        const res = await put(body);
        expect(res.statusCode, res.body).toBe(400);
        return res.json().error.fields;
      };
      expect(
        await fieldsOf({
          evaluationYear: 2024,
          windowOpensOn: '2024-06-30',
          windowClosesOn: '2024-09-30',
          publicityDeadline: '2024-10-31',
        }),
      ).toContainEqual({ path: 'evaluationYear', message: '评价年度：填报已于 2025-06-30 开放，不能修改评价年度' });
      expect(await fieldsOf({ provinceCode: '620000' })).toEqual([
        { path: 'provinceCode', message: '省份：填报已于 2025-06-30 开放，不能修改省份' },
      ]);
      expect(await fieldsOf({ windowOpensOn: '2025-07-01' })).toEqual([
        { path: 'windowOpensOn', message: '填报开始日期：填报已于 2025-06-30 开放，不能修改' },
      ]);
      expect(await fieldsOf({ windowClosesOn: '2025-10-14' })).toEqual([
        {
          path: 'windowClosesOn',
          message: '填报截止日期：填报已于 2025-06-30 开放，只能延后，不能早于原定的 2025-10-15',
        },
      ]);
      expect(await fieldsOf({ publicityDeadline: '2025-11-14' })).toEqual([
        {
          path: 'publicityDeadline',
          message: '公示截止日期：填报已于 2025-06-30 开放，只能延后，不能早于原定的 2025-11-15',
        },
      ]);
      expect(await fieldsOf({ reviewWorkingDays: 6 })).toEqual([
        {
          path: 'reviewWorkingDays',
          message: '审核时限（工作日）：填报已于 2025-06-30 开放，只能延长，不能少于原定的 7 个工作日',
        },
      ]);
      // Extending still keeps the window within the year.
      expect(await fieldsOf({ windowClosesOn: '2026-01-15', publicityDeadline: '2026-01-31' })).toEqual([
        { path: 'windowClosesOn', message: '填报截止日期：须在评价年度（2025年）内' },
      ]);
      expect(await auditOf(`campaign:${henan2025}`)).toHaveLength(2);
    });

    it('before the window opens, the year may change and the rule set follows it (extra triggers re-checked)', async () => {
      const service = new CampaignService(ctx.handle.db, () => '2021-01-01');
      const created = await service.create(nationalActor(), {
        provinceCode: '140000',
        ...bodyFor(2021, { extraOnSiteTriggers: ['firstTime'] }),
      });
      expect(created.ruleSetId).toBe('2017');
      const moved = { ...bodyFor(2024) };
      await expect(service.update(nationalActor(), created.id, moved)).rejects.toMatchObject({
        statusCode: 400,
        fields: [
          {
            path: 'extraOnSiteTriggers.0',
            message: expect.stringContaining('“首次参加评价”已是国家规定'),
          },
        ],
      });
      const updated = await service.update(nationalActor(), created.id, { ...moved, extraOnSiteTriggers: [] });
      expect(updated).toMatchObject({ evaluationYear: 2024, ruleSetId: '2024', windowOpensOn: '2024-06-30' });
      expect(updated.onSiteTriggers.every((t) => t.source === 'ruleSet')).toBe(true);
      // And the opening day may move earlier, the close date earlier, while it has not opened.
      const earlier = await service.update(nationalActor(), created.id, {
        windowOpensOn: '2024-03-01',
        windowClosesOn: '2024-05-31',
        reviewWorkingDays: 3,
      });
      expect(earlier).toMatchObject({
        windowOpensOn: '2024-03-01',
        windowClosesOn: '2024-05-31',
        reviewWorkingDays: 3,
      });
      // Moving onto a year the province already has: 409.
      await expect(
        service.update(nationalActor(), created.id, {
          ...bodyFor(2025),
        }),
      ).rejects.toMatchObject({ statusCode: 409, message: CAMPAIGN_EXISTS });
    });
  });

  describe('list and scope', () => {
    it('province administrators list their province’s campaigns; national administrators all, or one province', async () => {
      const ids = (res: { json(): { campaigns: { id: number; provinceCode: string }[] } }) =>
        res.json().campaigns.map((c) => c.provinceCode);
      const henanList = await asHenan()('GET', '/api/v1/staff/campaigns');
      expect(henanList.statusCode).toBe(200);
      expect(new Set(ids(henanList))).toEqual(new Set(['410000']));
      const all = await asNational()('GET', '/api/v1/staff/campaigns');
      expect(new Set(ids(all))).toEqual(new Set(['410000', '140000', '620000']));
      // Newest year first.
      const years = all.json().campaigns.map((c: { evaluationYear: number }) => c.evaluationYear);
      expect(years).toEqual([...years].sort((a: number, b: number) => b - a));
      const shanxiOnly = await asNational()('GET', '/api/v1/staff/campaigns?province=140000&year=2025');
      expect(shanxiOnly.json().campaigns.map((c: { id: number }) => c.id)).toEqual([shanxi2025]);
      expect((await asHenan()('GET', '/api/v1/staff/campaigns?province=140000')).statusCode).toBe(403);
      const bad = await asNational()('GET', '/api/v1/staff/campaigns?year=1999&province=41');
      expect(bad.statusCode).toBe(400);
      expect(
        bad
          .json()
          .error.fields.map((f: { path: string }) => f.path)
          .sort(),
      ).toEqual(['province', 'year']);
    });

    it('a Henan administrator can neither see nor change a Shanxi campaign: 404', async () => {
      const get = await asHenan()('GET', `/api/v1/staff/campaigns/${shanxi2025}`);
      expect(get.statusCode).toBe(404);
      expect(get.json().error.message).toBe(CAMPAIGN_NOT_FOUND);
      const put = await asHenan()('PUT', `/api/v1/staff/campaigns/${shanxi2025}`, { windowClosesOn: '2025-12-31' });
      expect(put.statusCode).toBe(404);
      expect((await as(app, shanxi)('GET', `/api/v1/staff/campaigns/${shanxi2025}`)).statusCode).toBe(200);
      expect((await asHenan()('GET', '/api/v1/staff/campaigns/999999')).statusCode).toBe(404);
      expect((await asHenan()('GET', '/api/v1/staff/campaigns/abc')).statusCode).toBe(404);
      // Creating for another province is refused outright (as for agencies).
      const create = await asHenan()('POST', '/api/v1/staff/campaigns', { provinceCode: '140000', ...bodyFor(2028) });
      expect(create.statusCode).toBe(403);
      expect(create.json().error.message).toBe('无权设置山西省的年度评价工作');
    });

    it('agency staff, enterprises and the signed-out are refused', async () => {
      const r = as(app, reviewer);
      expect((await r('GET', '/api/v1/staff/campaigns')).statusCode).toBe(403);
      expect((await r('GET', `/api/v1/staff/campaigns/${henan2025}`)).statusCode).toBe(403);
      expect((await r('POST', '/api/v1/staff/campaigns', bodyFor(2028))).statusCode).toBe(403);
      expect((await r('PUT', `/api/v1/staff/campaigns/${henan2025}`, { reviewWorkingDays: 9 })).statusCode).toBe(403);
      expect((await as(app, null)('GET', '/api/v1/staff/campaigns')).statusCode).toBe(401);
      // Without the CSRF token, a change is refused.
      const noCsrf = await app.inject({
        method: 'PUT',
        url: `/api/v1/staff/campaigns/${henan2025}`,
        headers: { cookie: henan.cookie },
        payload: { reviewWorkingDays: 9 },
      });
      expect(noCsrf.statusCode).toBe(403);
    });
  });

  describe('public schedule', () => {
    it('GET /api/v1/campaigns?province=410000&year=2025: window, deadlines, rule set, triggers with labels', async () => {
      const res = await as(app, null)('GET', '/api/v1/campaigns?province=410000&year=2025');
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toEqual({
        campaigns: [
          {
            provinceCode: '410000',
            provinceName: '河南省',
            evaluationYear: 2025,
            ruleSetId: '2024',
            ruleSetTitle: '2024版（增加实地核查情形）',
            ruleSetProvisional: false,
            windowOpensOn: '2025-06-30',
            windowClosesOn: '2025-10-15',
            reviewWorkingDays: 7,
            publicityDeadline: '2025-11-15',
            batchCadence: 'biweekly',
            batchCadenceLabel: '每两周',
            extraOnSiteTriggers: ['noIntellectualProperty'],
            onSiteTriggers: [
              { code: 'staffAtMost5', label: '职工总数5人及以下', source: 'ruleSet' },
              {
                code: 'techRatioAtLeast90With50Staff',
                label: '职工总数50人及以上且科技人员占比90%及以上',
                source: 'ruleSet',
              },
              {
                code: 'revokedOrViolationWithin3Years',
                label: '近3年曾被撤销入库登记编号或存在严重违法失信行为',
                source: 'ruleSet',
              },
              { code: 'firstTime', label: '首次参加评价', source: 'ruleSet' },
              { code: 'noIntellectualProperty', label: '无Ⅰ类、Ⅱ类知识产权', source: 'province' },
            ],
          },
        ],
      });
      // No personal data, no internal note or ids.
      expect(res.body).not.toMatch(/createdBy|note|"id"/);
    });

    it('filters are optional and checked', async () => {
      const all = await as(app, null)('GET', '/api/v1/campaigns');
      expect(all.statusCode).toBe(200);
      expect(all.json().campaigns.length).toBe(await countCampaigns());
      expect((await as(app, null)('GET', '/api/v1/campaigns?province=110000')).json()).toEqual({ campaigns: [] });
      const bad = await as(app, null)('GET', '/api/v1/campaigns?province=henan&year=x');
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.fields).toEqual([
        { path: 'province', message: '省份：须为省级行政区划代码（如 410000）' },
        { path: 'year', message: '评价年度：须为2017至2100之间的整数' },
      ]);
      expect(app.routePolicies).toContainEqual({
        method: 'GET',
        url: '/api/v1/campaigns',
        policy: { access: 'public', why: '各省评价工作时间安排公开' },
      });
    });
  });

  describe('for other modules', () => {
    it('openCampaignFor: the campaign whose window contains the day, both ends included', async () => {
      const service = new CampaignService(ctx.handle.db);
      expect((await service.openCampaignFor('410000', '2025-06-30'))?.id).toBe(henan2025);
      expect((await service.openCampaignFor('410000', '2025-10-15'))?.id).toBe(henan2025);
      expect(await service.openCampaignFor('410000', '2025-10-16')).toBeNull();
      expect(await service.openCampaignFor('410000', '2025-06-29')).toBeNull();
      expect(await service.openCampaignFor('140000', '2025-10-16')).toBeNull();
      expect((await app.campaigns.campaignFor('140000', 2025))?.id).toBe(shanxi2025);
      expect(await app.campaigns.campaignFor('140000', 2019)).toBeNull();
    });

    it('effectiveOnSiteTriggers and windowContains are pure', () => {
      const rs2024 = RULE_SETS.find((r) => r.id === '2024')?.onSiteTriggers ?? [];
      expect(effectiveOnSiteTriggers({ ruleSetId: '2024', extraOnSiteTriggers: [] })).toEqual([...rs2024]);
      expect(
        effectiveOnSiteTriggers({ ruleSetId: '2024', extraOnSiteTriggers: ['rdExpenseUnder100k', 'firstTime'] }),
      ).toEqual([...rs2024, 'rdExpenseUnder100k']);
      expect(effectiveOnSiteTriggers({ ruleSetId: '2022', extraOnSiteTriggers: ['staffAtMost5'] })).toEqual([
        'staffAtMost5',
      ]);
      const w = { windowOpensOn: '2025-06-30', windowClosesOn: '2025-09-30' };
      expect(['2025-06-29', '2025-06-30', '2025-09-30', '2025-10-01'].map((d) => windowContains(w, d))).toEqual([
        false,
        true,
        true,
        false,
      ]);
    });
  });
});

describeEachDatabase('campaigns: demo data', (ctx) => {
  it('the demo seeds Henan’s campaign for the current year, open today, by henan_admin, once', async () => {
    const app = await buildTestApp(ctx.handle);
    await app.regions.seed();
    await seedDemoAccounts(ctx.handle.db);
    await seedDemoAccounts(ctx.handle.db);
    const today = todayInChina();
    const year = Number(today.slice(0, 4));
    const campaigns = await ctx.handle.db.selectFrom('campaign').selectAll().execute();
    expect(campaigns).toHaveLength(1);
    const open = await app.campaigns.openCampaignFor('410000');
    if (open === null) throw new Error('no Henan campaign open today');
    expect(open.evaluationYear).toBe(year);
    expect(windowContains(open, today)).toBe(true);
    expect(open.publicityDeadline >= open.windowClosesOn).toBe(true);
    expect(open.publicityDeadline <= `${year}-12-31`).toBe(true);
    const admin = await ctx.handle.db
      .selectFrom('account')
      .select('id')
      .where('login_name_key', '=', 'henan_admin')
      .executeTakeFirstOrThrow();
    expect(open.createdBy).toBe(Number(admin.id));
    await app.close();
  });
});
