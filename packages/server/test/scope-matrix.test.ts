/**
 * The scope matrix: every role × every resource, allowed or refused exactly as the data scopes say. Rows are
 * data — a later capability adds its resources to MATRIX (and its list contents to LIST_CONTENTS).
 *
 * Refusals: 401 signed out; 403 when the route is not for the actor's kind or role, or a grant beyond the
 * actor's scope; 404 for a row outside the scope (its existence is not confirmed).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import type { Actor } from '../src/platform/access.js';
import {
  canManageAgency,
  canSeeAgency,
  canSeeEnterprise,
  regionCodesInScope,
  staffScope,
} from '../src/platform/scope.js';
import { AgencyService } from '../src/modules/agencies/service.js';
import { as, buildTestApp } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';
import { type ActorName, buildScopeWorld, type ScopeWorld } from './helpers/scope-world.js';

type Expect = Partial<Record<ActorName, number>>;

interface Row {
  resource: string;
  request: (w: ScopeWorld, n: number) => { method: 'GET' | 'POST' | 'PUT'; url: string; payload?: unknown };
  /** Status per actor; an actor left out is not exercised for this row. */
  expect: Expect;
}

const SIGNED_OUT_OR_WRONG_KIND: Expect = { anonymous: 401, enterprise: 403 };

const reviewerFor = (agencyId: number) => (_w: ScopeWorld, n: number) => ({
  method: 'POST' as const,
  url: '/api/v1/staff/accounts',
  payload: {
    loginName: `matrix_${n}`,
    displayName: '矩阵测试',
    phone: `1360000${String(n).padStart(4, '0')}`,
    role: 'agencyReviewer',
    agencyId,
  },
});

export const MATRIX: Row[] = [
  {
    resource: '企业详情：郑州市金水区的企业',
    request: (w) => ({ method: 'GET', url: `/api/v1/staff/enterprises/${w.enterprises.zz}` }),
    expect: {
      ...SIGNED_OUT_OR_WRONG_KIND,
      zzReviewer: 200,
      lyReviewer: 404,
      gsReviewer: 404,
      henanAdmin: 200,
      gansuAdmin: 404,
      nationalAdmin: 200,
    },
  },
  {
    resource: '企业详情：洛阳市洛龙区的企业',
    request: (w) => ({ method: 'GET', url: `/api/v1/staff/enterprises/${w.enterprises.ly}` }),
    expect: {
      ...SIGNED_OUT_OR_WRONG_KIND,
      zzReviewer: 404,
      lyReviewer: 200,
      gsReviewer: 404,
      henanAdmin: 200,
      gansuAdmin: 404,
      nationalAdmin: 200,
    },
  },
  {
    resource: '企业详情：兰州市城关区的企业',
    request: (w) => ({ method: 'GET', url: `/api/v1/staff/enterprises/${w.enterprises.gs}` }),
    expect: {
      ...SIGNED_OUT_OR_WRONG_KIND,
      zzReviewer: 404,
      lyReviewer: 404,
      gsReviewer: 200,
      henanAdmin: 404,
      gansuAdmin: 200,
      nationalAdmin: 200,
    },
  },
  {
    resource: '企业详情：不存在的企业',
    request: () => ({ method: 'GET', url: '/api/v1/staff/enterprises/999999' }),
    expect: { zzReviewer: 404, henanAdmin: 404, nationalAdmin: 404 },
  },
  {
    resource: '企业列表',
    request: () => ({ method: 'GET', url: '/api/v1/staff/enterprises' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 200, henanAdmin: 200, gansuAdmin: 200, nationalAdmin: 200 },
  },
  {
    resource: '评价工作机构详情：郑州',
    request: (w) => ({ method: 'GET', url: `/api/v1/staff/agencies/${w.agencies.zz.id}` }),
    expect: {
      ...SIGNED_OUT_OR_WRONG_KIND,
      zzReviewer: 200,
      lyReviewer: 404,
      gsReviewer: 404,
      henanAdmin: 200,
      gansuAdmin: 404,
      nationalAdmin: 200,
    },
  },
  {
    resource: '评价工作机构修改：郑州',
    request: (w, n) => ({
      method: 'PUT',
      url: `/api/v1/staff/agencies/${w.agencies.zz.id}`,
      payload: {
        name: '郑州市科学技术局',
        level: 'city',
        regionCode: '410100',
        contactName: `联系人${n}`,
        jurisdiction: ['410100'],
      },
    }),
    expect: {
      ...SIGNED_OUT_OR_WRONG_KIND,
      zzReviewer: 403,
      lyReviewer: 403,
      henanAdmin: 200,
      gansuAdmin: 404,
      nationalAdmin: 200,
    },
  },
  {
    resource: '评价工作机构列表：指定河南',
    request: () => ({ method: 'GET', url: '/api/v1/staff/agencies?province=410000' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, henanAdmin: 200, gansuAdmin: 403, nationalAdmin: 200, zzReviewer: 200 },
  },
  {
    resource: '评价工作机构导出：河南',
    request: () => ({ method: 'GET', url: '/api/v1/staff/agencies/export?province=410000' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 200, gansuAdmin: 403, nationalAdmin: 200 },
  },
  {
    resource: '创建工作人员：郑州机构审核员',
    request: (w, n) => reviewerFor(w.agencies.zz.id)(w, n),
    expect: {
      ...SIGNED_OUT_OR_WRONG_KIND,
      zzReviewer: 403,
      henanAdmin: 201,
      gansuAdmin: 403,
      nationalAdmin: 201,
    },
  },
  {
    resource: '创建工作人员：兰州机构审核员',
    request: (w, n) => reviewerFor(w.agencies.gs.id)(w, n),
    expect: { henanAdmin: 403, gansuAdmin: 201, nationalAdmin: 201 },
  },
  {
    resource: '创建工作人员：全国管理员',
    request: (_w, n) => ({
      method: 'POST',
      url: '/api/v1/staff/accounts',
      payload: {
        loginName: `matrix_${n}`,
        displayName: '矩阵测试',
        phone: `1360000${String(n).padStart(4, '0')}`,
        role: 'nationalAdmin',
      },
    }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 403, gansuAdmin: 403, nationalAdmin: 201 },
  },
  {
    resource: '创建工作人员：河南省级管理员',
    request: (_w, n) => ({
      method: 'POST',
      url: '/api/v1/staff/accounts',
      payload: {
        loginName: `matrix_${n}`,
        displayName: '矩阵测试',
        phone: `1360000${String(n).padStart(4, '0')}`,
        role: 'provinceAdmin',
        provinceCode: '410000',
      },
    }),
    expect: { henanAdmin: 403, gansuAdmin: 403, nationalAdmin: 201 },
  },
  {
    resource: '工作人员：查看兰州机构审核员',
    request: (w) => ({ method: 'GET', url: `/api/v1/staff/accounts/${w.staffIds.gsReviewer}` }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 404, gansuAdmin: 200, nationalAdmin: 200 },
  },
  {
    resource: '工作人员：查看河南省级管理员',
    request: (w) => ({ method: 'GET', url: `/api/v1/staff/accounts/${w.staffIds.henanAdmin}` }),
    expect: { henanAdmin: 404, gansuAdmin: 404, nationalAdmin: 200 },
  },
  {
    resource: '年度评价工作列表',
    request: () => ({ method: 'GET', url: '/api/v1/staff/campaigns' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 200, gansuAdmin: 200, nationalAdmin: 200 },
  },
  {
    resource: '年度评价工作列表：指定河南',
    request: () => ({ method: 'GET', url: '/api/v1/staff/campaigns?province=410000' }),
    expect: { zzReviewer: 403, henanAdmin: 200, gansuAdmin: 403, nationalAdmin: 200 },
  },
  {
    resource: '新建年度评价工作：河南',
    request: (_w, n) => {
      const year = 2030 + (n % 70);
      return {
        method: 'POST',
        url: '/api/v1/staff/campaigns',
        payload: {
          provinceCode: '410000',
          evaluationYear: year,
          windowOpensOn: `${year}-06-30`,
          windowClosesOn: `${year}-09-30`,
          publicityDeadline: `${year}-10-31`,
          batchCadence: 'onDemand',
        },
      };
    },
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 201, gansuAdmin: 403, nationalAdmin: 201 },
  },
  {
    resource: '年度评价工作详情：不存在',
    request: () => ({ method: 'GET', url: '/api/v1/staff/campaigns/999999' }),
    expect: { zzReviewer: 403, henanAdmin: 404, gansuAdmin: 404, nationalAdmin: 404 },
  },
  {
    resource: '审核工作台',
    request: () => ({ method: 'GET', url: '/api/v1/staff/filings' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 200, henanAdmin: 200, gansuAdmin: 200, nationalAdmin: 200 },
  },
  {
    resource: '审核清单导出',
    request: () => ({ method: 'GET', url: '/api/v1/staff/filings.xlsx' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 200, henanAdmin: 200, gansuAdmin: 200, nationalAdmin: 200 },
  },
  {
    resource: '信息表审核详情：不存在',
    request: () => ({ method: 'GET', url: '/api/v1/staff/filings/999999' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 404, henanAdmin: 404, gansuAdmin: 404, nationalAdmin: 404 },
  },
  {
    resource: '开始审核：不存在的信息表',
    request: () => ({ method: 'POST', url: '/api/v1/staff/filings/999999/claim' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 404, henanAdmin: 403, nationalAdmin: 403 },
  },
  {
    resource: '退回评价工作机构：不存在的信息表',
    request: () => ({
      method: 'POST',
      url: '/api/v1/staff/filings/999999/send-back',
      payload: { reason: '请重新审核' },
    }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 404, nationalAdmin: 404 },
  },
  {
    resource: '审核进度：河南',
    request: () => ({ method: 'GET', url: '/api/v1/staff/filing-progress?province=410000' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 200, gansuAdmin: 403, nationalAdmin: 200 },
  },
  {
    resource: '审核进度导出：河南',
    request: () => ({ method: 'GET', url: '/api/v1/staff/filing-progress.xlsx?province=410000' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 200, gansuAdmin: 403, nationalAdmin: 200 },
  },
  {
    resource: '可公示企业：河南',
    request: () => ({ method: 'GET', url: '/api/v1/staff/publicity/candidates?province=410000' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 200, gansuAdmin: 403, nationalAdmin: 200 },
  },
  {
    resource: '公示批次：河南',
    request: () => ({ method: 'GET', url: '/api/v1/staff/publicity/batches?province=410000' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 200, gansuAdmin: 403, nationalAdmin: 200 },
  },
  {
    resource: '公示批次详情：不存在',
    request: () => ({ method: 'GET', url: '/api/v1/staff/publicity/batches/999999' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 404, gansuAdmin: 404, nationalAdmin: 404 },
  },
  {
    resource: '发布公示：不存在的批次',
    request: () => ({ method: 'POST', url: '/api/v1/staff/publicity/batches/999999/publish' }),
    expect: { ...SIGNED_OUT_OR_WRONG_KIND, zzReviewer: 403, henanAdmin: 404, nationalAdmin: 404 },
  },
  {
    resource: '公示名单与入库公告（公开）',
    request: () => ({ method: 'GET', url: '/api/v1/public/publicity-batches?province=410000' }),
    expect: { anonymous: 200, enterprise: 200, zzReviewer: 200, henanAdmin: 200 },
  },
];

/** Which of the three enterprises each actor's list holds. */
const LIST_CONTENTS: Partial<Record<ActorName, ('zz' | 'ly' | 'gs')[]>> = {
  zzReviewer: ['zz'],
  lyReviewer: ['ly'],
  gsReviewer: ['gs'],
  henanAdmin: ['zz', 'ly'],
  gansuAdmin: ['gs'],
  nationalAdmin: ['zz', 'ly', 'gs'],
};

/** An actor as the scope functions see it (no session behind it). */
const actor = (roles: Actor['roles'], kind: Actor['kind'] = 'staff', accountId = 7): Actor => ({
  accountId,
  kind,
  loginName: 'x',
  displayName: 'x',
  roles,
  enterprise: null,
  csrfToken: '',
  sessionToken: '',
});
/** An agency reviewer of this province, by agency. */
const reviewerOf = (provinceCode: string) => (agencyId: number) =>
  actor([{ role: 'agencyReviewer', provinceCode, agencyId }], 'staff', 1);

describeEachDatabase('scope matrix', (ctx) => {
  let app: App;
  let world: ScopeWorld;
  beforeAll(async () => {
    app = await buildTestApp(ctx.handle);
    world = await buildScopeWorld(app, ctx.handle.db);
  });

  let n = 0;
  for (const row of MATRIX) {
    it(row.resource, async () => {
      const got: Expect = {};
      for (const actor of Object.keys(row.expect) as ActorName[]) {
        const r = row.request(world, ++n);
        const res = await as(app, world.actors[actor])(r.method, r.url, r.payload);
        got[actor] = res.statusCode;
        if (res.statusCode === 404 && r.url.includes('/enterprises/')) {
          expect(res.json().error.message).toBe('未找到该企业，或不在您的管辖范围内');
        }
      }
      expect(got).toEqual(row.expect);
    });
  }

  it('企业列表的内容：各自管辖范围内的企业，不多不少', async () => {
    for (const [actor, keys] of Object.entries(LIST_CONTENTS) as [ActorName, ('zz' | 'ly' | 'gs')[]][]) {
      const res = await as(app, world.actors[actor])('GET', '/api/v1/staff/enterprises?pageSize=100');
      expect(res.statusCode, actor).toBe(200);
      const names = res
        .json()
        .enterprises.map((e: { name: string }) => e.name)
        .sort();
      expect(names, actor).toEqual(keys.map((k) => world.names[k]).sort());
      expect(res.json().total, actor).toBe(keys.length);
    }
  });

  it('every /api/v1/staff route is for staff only', () => {
    const staffRoutes = app.routePolicies.filter((r) => r.url.startsWith('/api/v1/staff/'));
    expect(staffRoutes.length).toBeGreaterThanOrEqual(14);
    for (const route of staffRoutes) expect(route.policy.access, `${route.method} ${route.url}`).toBe('staff');
  });

  it('regionCodesInScope: an agency covers its regions and below, except what another agency holds', async () => {
    const agencies = new AgencyService(ctx.handle.db);
    const gongyi = await agencies.createAgency(
      '410000',
      { name: '巩义市科学技术局', level: 'county', regionCode: '410181', jurisdiction: ['410181'] },
      'test',
    );
    const reviewer = reviewerOf('410000');
    const zz = (await regionCodesInScope(ctx.handle.db, reviewer(world.agencies.zz.id))) as string[];
    expect(zz).toContain('410100');
    expect(zz).toContain('410105');
    expect(zz).not.toContain('410181');
    expect(zz).not.toContain('410311');
    expect(await regionCodesInScope(ctx.handle.db, reviewer(gongyi.id))).toEqual(['410181']);
    // Routing agrees with the scope.
    expect((await agencies.agencyForRegion('410181'))?.id).toBe(gongyi.id);
    expect(await canSeeEnterprise(ctx.handle.db, reviewer(world.agencies.zz.id), { id: 1, regionCode: '410181' })).toBe(
      false,
    );
  });

  it('regionCodesInScope: a withdrawn code belongs where its successor is routed, as agencyForRegion says', async () => {
    const agencies = new AgencyService(ctx.handle.db);
    const pingliang = await agencies.createAgency(
      '620000',
      { name: '平凉市科学技术局', level: 'city', regionCode: '620800', jurisdiction: ['620800'] },
      'test',
    );
    const huating = await agencies.createAgency(
      '620000',
      { name: '华亭市科学技术局', level: 'county', regionCode: '620881', jurisdiction: ['620881'] },
      'test',
    );
    const reviewer = reviewerOf('620000');
    // 华亭县 620824 was withdrawn in 2018 and replaced by 华亭市 620881.
    expect((await agencies.agencyForRegion('620824'))?.id).toBe(huating.id);
    expect(((await regionCodesInScope(ctx.handle.db, reviewer(huating.id))) as string[]).sort()).toEqual([
      '620824',
      '620881',
    ]);
    const city = (await regionCodesInScope(ctx.handle.db, reviewer(pingliang.id))) as string[];
    expect(city).toContain('620802');
    expect(city).not.toContain('620824');
    expect(city).not.toContain('620881');
  });
});

describe('scope functions (no database)', () => {
  const national = actor([{ role: 'nationalAdmin', provinceCode: null, agencyId: null }]);
  const henan = actor([{ role: 'provinceAdmin', provinceCode: '410000', agencyId: null }]);
  const reviewer = actor([{ role: 'agencyReviewer', provinceCode: '410000', agencyId: 3 }]);
  const head = actor([{ role: 'agencyHead', provinceCode: '410000', agencyId: 4 }]);
  const enterprise = actor([], 'legalPerson');

  it('staffScope is the union of the roles', () => {
    expect(staffScope(national)).toEqual({ all: true, provinceCodes: [], agencyIds: [] });
    expect(staffScope(henan)).toEqual({ all: false, provinceCodes: ['410000'], agencyIds: [] });
    expect(staffScope(reviewer)).toEqual({ all: false, provinceCodes: [], agencyIds: [3] });
    expect(staffScope(actor([...henan.roles, ...head.roles]))).toEqual({
      all: false,
      provinceCodes: ['410000'],
      agencyIds: [4],
    });
    expect(staffScope(enterprise)).toEqual({ all: false, provinceCodes: [], agencyIds: [] });
  });

  it('an agency is managed by its province and national administrators, and seen by its own staff too', () => {
    const agency = { id: 3, provinceCode: '410000' };
    const gansuAgency = { id: 9, provinceCode: '620000' };
    expect([national, henan, reviewer, head, enterprise].map((a) => canManageAgency(a, agency))).toEqual([
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([national, henan, reviewer, head, enterprise].map((a) => canSeeAgency(a, agency))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(canManageAgency(henan, gansuAgency)).toBe(false);
    expect(canSeeAgency(reviewer, gansuAgency)).toBe(false);
  });
});
