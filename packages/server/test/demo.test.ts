import { beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { AgencyService } from '../src/modules/agencies/service.js';
import { DEMO_PASSWORD, seedDemoAccounts } from '../src/modules/demo/seed.js';
import { buildTestApp, signInRequest } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

describeEachDatabase('demo accounts', (ctx) => {
  let app: App;
  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
    await app.regions.seed();
  });

  it('are created once, through the real registration flow, and each can sign in', async () => {
    const first = await seedDemoAccounts(ctx.handle.db);
    const again = await seedDemoAccounts(ctx.handle.db);
    expect(again).toEqual(first);
    const count = await ctx.handle.db
      .selectFrom('account')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(count.n).toBe(6);
    const kinds: Record<string, string> = {};
    for (const demo of first) {
      const res = await signInRequest(app, { identifier: demo.loginName, password: DEMO_PASSWORD });
      expect(res.statusCode, demo.loginName).toBe(200);
      kinds[demo.loginName] = res.json().account.kind;
      expect(res.json().account.realNameStatus).toBe('verified');
    }
    expect(kinds).toEqual({
      demo_qiye: 'legalPerson',
      demo_daiban: 'person',
      zz_reviewer: 'staff',
      henan_admin: 'staff',
      national_admin: 'staff',
      demo_luoyang: 'legalPerson',
    });
    // The demo enterprise (金水区 410105) is routed to the reviewer's agency.
    const agency = await new AgencyService(ctx.handle.db).agencyForRegion('410105');
    const reviewer = await signInRequest(app, { identifier: 'zz_reviewer', password: DEMO_PASSWORD });
    expect(reviewer.json().account.roles).toEqual([
      { role: 'agencyReviewer', provinceCode: '410000', agencyId: agency?.id },
    ]);
    const gansu = await new AgencyService(ctx.handle.db).listAgencies('620000');
    expect(gansu).toHaveLength(16);
    const admin = await signInRequest(app, { identifier: 'henan_admin', password: DEMO_PASSWORD });
    expect(admin.json().account.roles).toEqual([{ role: 'provinceAdmin', provinceCode: '410000', agencyId: null }]);
  });

  it('staff accounts need a scope for their role', async () => {
    await expect(
      app.accounts.createStaffAccount(
        {
          loginName: 'reviewer_x',
          password: DEMO_PASSWORD,
          displayName: '审核员',
          phone: '13900000009',
          roles: [{ role: 'agencyReviewer', provinceCode: null, agencyId: null }],
        },
        'test',
      ),
    ).rejects.toMatchObject({
      statusCode: 400,
      fields: [{ path: 'roles.0.agencyId', message: '评价工作机构人员：须指定所属评价工作机构' }],
    });
  });
});
