import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assess,
  checkInfoSheetDraft,
  computeWarnings,
  diffInfoSheets,
  exampleInfoSheet,
  INFO_SHEET_FIELD_LABELS,
  type InfoSheet,
  type InfoSheetDraft,
  infoSheetFieldLabel,
  IP_TYPE_CLASS,
  IP_TYPES,
  type IpItem,
  ipCounts,
  prefillBasicInfo,
  rdProjectsMatch,
  rdProjectsTotalFen,
  toAssessmentInput,
  usccCheckChar,
  validateInfoSheet,
  WARNING_CODES,
  WARNING_LABELS,
  type WarningCode,
} from '../src/index.js';

const USCC = `91410100MA44ABCD1${usccCheckChar('91410100MA44ABCD1')}`;
const OTHER_USCC = `91410100MA44ABCD2${usccCheckChar('91410100MA44ABCD2')}`;
const YEAR = 2025;

/** A complete, valid sheet (a fresh copy each time): the package's example with a second IP item. */
function sheet(): InfoSheet {
  return {
    ...exampleInfoSheet({ name: '郑州智感科技有限公司', uscc: USCC }),
    intellectualProperty: [
      ip({ type: 'inventionPatent', number: 'ZL202110000001.X' }),
      ip({ type: 'softwareCopyright', number: '2022SR0000001' }),
    ],
  };
}

function ip(patch: Partial<IpItem> = {}): IpItem {
  return {
    type: 'utilityModel',
    number: 'ZL202220000001.1',
    title: '一种数据采集装置',
    inForce: true,
    relatedToMainProducts: true,
    disputed: false,
    ...patch,
  };
}

/** A sheet as an untyped object, to break. */
const raw = (s: InfoSheet = sheet()) => s as unknown as Record<string, any>;

function problemsOf(
  draft: unknown,
  options: { evaluationYear: number; registeredUscc?: string } = { evaluationYear: YEAR },
) {
  const r = validateInfoSheet(draft, options);
  if (r.ok) throw new Error('expected problems');
  return r.problems;
}

const pathsOf = (problems: { path: string }[]) => problems.map((p) => p.path);
const messageAt = (problems: { path: string; message: string }[], path: string) =>
  problems.find((p) => p.path === path)?.message;

describe('ipCounts', () => {
  it('counts in-force, related, undisputed items by class; trademarks and other never count', () => {
    expect(ipCounts([])).toEqual({ classI: 0, classII: 0 });
    const items = [
      ip({ type: 'inventionPatent' }),
      ip({ type: 'icLayoutDesign' }),
      ip({ type: 'utilityModel' }),
      ip({ type: 'designPatent' }),
      ip({ type: 'softwareCopyright' }),
      ip({ type: 'trademark' }),
      ip({ type: 'other' }),
      ip({ type: 'inventionPatent', inForce: false }),
      ip({ type: 'inventionPatent', relatedToMainProducts: false }),
      ip({ type: 'utilityModel', disputed: true }),
    ];
    expect(ipCounts(items)).toEqual({ classI: 2, classII: 3 });
  });

  it('agrees with a direct count (property)', () => {
    const item = fc.record({
      type: fc.constantFrom(...IP_TYPES),
      number: fc.string(),
      title: fc.string(),
      inForce: fc.boolean(),
      relatedToMainProducts: fc.boolean(),
      disputed: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        const ok = items.filter((i) => i.inForce && i.relatedToMainProducts && !i.disputed);
        expect(ipCounts(items)).toEqual({
          classI: ok.filter((i) => IP_TYPE_CLASS[i.type] === 'I').length,
          classII: ok.filter((i) => IP_TYPE_CLASS[i.type] === 'II').length,
        });
      }),
    );
  });
});

describe('rdProjectsTotalFen / rdProjectsMatch', () => {
  it('adds exactly in fen: 0.10 + 0.20 = 0.30', () => {
    const projects = [
      { name: 'a', form: 'independent' as const, expense: '0.10' },
      { name: 'b', form: 'independent' as const, expense: '0.20' },
    ];
    expect(rdProjectsTotalFen(projects)).toBe(30n);
    const s = { ...sheet(), rdProjects: projects };
    expect(rdProjectsMatch({ ...s, figures: { ...s.figures, rdExpense: '0.30' } })).toBe(true);
    expect(rdProjectsMatch({ ...s, figures: { ...s.figures, rdExpense: '0.3' } })).toBe(true);
    expect(rdProjectsMatch({ ...s, figures: { ...s.figures, rdExpense: '0.31' } })).toBe(false);
    expect(rdProjectsMatch({ ...s, figures: { ...s.figures, rdExpense: '0.29' } })).toBe(false);
  });

  it('stays exact beyond the safe-integer range and rejects an invalid amount', () => {
    const big = { expense: '90071992547409.91' };
    expect(rdProjectsTotalFen([big, big])).toBe(2n * 9007199254740991n);
    expect(rdProjectsTotalFen([])).toBe(0n);
    expect(rdProjectsTotalFen([{ expense: '1.234' }])).toBeNull();
    expect(rdProjectsTotalFen([{ expense: '-1' }])).toBeNull();
    expect(rdProjectsMatch(sheet())).toBe(true);
    expect(rdProjectsMatch({ ...sheet(), rdProjects: [] })).toBe(false);
  });

  it('equals the sum of the amounts (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.bigInt({ min: 0n, max: 999_999_999_999n }), { maxLength: 20 }), (fens) => {
        const projects = fens.map((f) => ({ expense: `${f / 100n}.${String(f % 100n).padStart(2, '0')}` }));
        expect(rdProjectsTotalFen(projects)).toBe(fens.reduce((a, b) => a + b, 0n));
      }),
    );
  });
});

describe('toAssessmentInput', () => {
  it('is the contract input, with the IP counts from the list', () => {
    const input = toAssessmentInput(sheet(), YEAR);
    expect(input).toEqual({
      evaluationYear: YEAR,
      enterprise: sheet().enterprise,
      figures: sheet().figures,
      intellectualProperty: { classI: 1, classII: 1 },
      compliance: sheet().compliance,
      fastTrack: sheet().fastTrack,
    });
    expect('rdBasis' in input).toBe(false);
    expect('history' in input).toBe(false);
    expect(assess(input).eligible).toBe(true);
  });

  it('carries rdBasis when chosen and history when given, and nothing else', () => {
    const s = raw({ ...sheet(), rdBasis: 'costExpense' });
    s.figures.extra = 'leak';
    s.enterprise.extra = 'leak';
    const history = { firstTime: false, revokedWithin3Years: false, seriousViolationWithin3Years: true };
    const input = toAssessmentInput(s as InfoSheet, 2024, history);
    expect(input.rdBasis).toBe('costExpense');
    expect(input.history).toEqual(history);
    expect(input.history).not.toBe(history);
    expect('extra' in input.figures).toBe(false);
    expect('extra' in input.enterprise).toBe(false);
    expect(assess(input).onSiteCheck).toContain('revokedOrViolationWithin3Years');
  });
});

describe('prefillBasicInfo', () => {
  it('starts from the registration, the agent as contact', () => {
    expect(
      prefillBasicInfo({
        name: '郑州智感科技有限公司',
        uscc: USCC,
        regionCode: '410105',
        legalRepName: '王建国',
        agentName: '李晓梅',
        agentPhone: '13612345678',
      }),
    ).toEqual({
      name: '郑州智感科技有限公司',
      uscc: USCC,
      regionCode: '410105',
      legalRepName: '王建国',
      contactName: '李晓梅',
      contactPhone: '13612345678',
    });
  });
});

describe('checkInfoSheetDraft', () => {
  it('accepts empty, partial, null-filled and complete drafts', () => {
    expect(checkInfoSheetDraft({})).toEqual([]);
    expect(checkInfoSheetDraft(sheet())).toEqual([]);
    expect(checkInfoSheetDraft({ basic: { name: '郑' }, figures: { rdExpense: null }, rdProjects: [{}] })).toEqual([]);
    expect(
      checkInfoSheetDraft({
        basic: null,
        enterprise: { residentEnterprise: null },
        fastTrack: { nationalAwardRank: null },
        rdBasis: null,
        rdProjects: null,
        intellectualProperty: [{ type: 'trademark', inForce: null }],
      }),
    ).toEqual([]);
    expect(checkInfoSheetDraft({ figures: { salesRevenue: 12000000.5, rdExpense: '0' } })).toEqual([]);
  });

  it('accepts any valid sheet with fields removed or nulled (property)', () => {
    const paths: [string, string][] = [
      ['basic', 'name'],
      ['basic', 'techField'],
      ['figures', 'rdExpense'],
      ['figures', 'totalStaff'],
      ['enterprise', 'auditCollection'],
      ['fastTrack', 'nationalAwardRank'],
    ];
    fc.assert(
      fc.property(fc.subarray(paths), fc.boolean(), (drop, toNull) => {
        const s = raw();
        for (const [a, b] of drop) {
          if (toNull) s[a][b] = null;
          else delete s[a][b];
        }
        expect(checkInfoSheetDraft(s)).toEqual([]);
      }),
    );
  });

  it('rejects what is not an object', () => {
    for (const v of [null, [], 'x', 1, new Date()]) {
      expect(checkInfoSheetDraft(v)).toEqual([{ path: '', message: expect.stringContaining('JSON 对象') }]);
    }
  });

  it('rejects unknown keys at every level', () => {
    const problems = checkInfoSheetDraft({
      extra: 1,
      basic: { nickname: 'x' },
      figures: { profit: '1' },
      rdProjects: [{ owner: 'x' }],
      intellectualProperty: [{}, { url: 'x' }],
    });
    expect(pathsOf(problems)).toEqual([
      'extra',
      'basic.nickname',
      'figures.profit',
      'rdProjects[0].owner',
      'intellectualProperty[1].url',
    ]);
    expect(problems[0]?.message).toContain('未定义的字段');
  });

  it('rejects wrong types, naming the field in Chinese', () => {
    const problems = checkInfoSheetDraft({
      basic: { name: 12, techField: 'quantum', contactPhone: true },
      enterprise: { residentEnterprise: 'true' },
      figures: { totalStaff: 1.5, techStaff: -1, salesRevenue: '1,000', totalAssets: '-5', rdExpense: '1.234' },
      fastTrack: { nationalAwardRank: 0, standardDraftingRank: '1' },
      compliance: [],
      rdBasis: 'revenue',
      rdProjects: [null, { name: 'x', form: 'outsourced', expense: '1.001' }, { expense: 100 }],
      intellectualProperty: { type: 'inventionPatent' },
    });
    expect(pathsOf(problems)).toEqual([
      'basic.name',
      'basic.techField',
      'basic.contactPhone',
      'enterprise.residentEnterprise',
      'figures.totalStaff',
      'figures.techStaff',
      'figures.salesRevenue',
      'figures.totalAssets',
      'figures.rdExpense',
      'compliance',
      'fastTrack.nationalAwardRank',
      'fastTrack.standardDraftingRank',
      'rdBasis',
      'rdProjects[0]',
      'rdProjects[1].form',
      'rdProjects[1].expense',
      'rdProjects[2].expense',
      'intellectualProperty',
    ]);
    expect(messageAt(problems, 'rdProjects[1].expense')).toBe(
      '研发项目汇总表第2行 当年归集研发费用：应为金额（元），最多两位小数',
    );
    expect(messageAt(problems, 'rdProjects[2].expense')).toBe(
      '研发项目汇总表第3行 当年归集研发费用：应为金额（元），最多两位小数',
    );
    expect(messageAt(problems, 'figures.totalAssets')).toBe('资产总额（元）：金额不能为负数');
    expect(messageAt(problems, 'basic.name')).toBe('企业名称：应为文字');
    expect(messageAt(problems, 'basic.techField')).toBe('技术领域：请选择有效的选项');
    expect(messageAt(problems, 'compliance')).toBe('合规声明：应为一个对象');
    expect(messageAt(problems, 'intellectualProperty')).toBe('知识产权清单：应为一个列表');
    for (const p of problems) expect(p.message).toMatch(/^[\u4e00-\u9fff]/);
  });

  it('bounds text lengths (in characters) and list lengths', () => {
    const ok = checkInfoSheetDraft({
      basic: { name: '企'.repeat(200), mainProducts: '产'.repeat(2000), legalRepName: '𠀀'.repeat(200) },
      rdProjects: Array.from({ length: 200 }, () => ({})),
      intellectualProperty: Array.from({ length: 500 }, () => ({})),
    });
    expect(ok).toEqual([]);
    const bad = checkInfoSheetDraft({
      basic: { name: '企'.repeat(201), mainProducts: '产'.repeat(2001), legalRepName: '𠀀'.repeat(201) },
      rdProjects: Array.from({ length: 201 }, () => ({ bogus: 1 })),
      intellectualProperty: Array.from({ length: 501 }, () => ({})),
    });
    expect(bad).toEqual([
      { path: 'basic.name', message: '企业名称：不能超过200个字符' },
      { path: 'basic.mainProducts', message: '主要产品（服务）：不能超过2000个字符' },
      { path: 'basic.legalRepName', message: '法定代表人：不能超过200个字符' },
      { path: 'rdProjects', message: '研发项目汇总表：最多200行，现有201行' },
      { path: 'intellectualProperty', message: '知识产权清单：最多500行，现有501行' },
    ]);
  });

  it('wants the expense of a project as a string, figures as string or number', () => {
    expect(pathsOf(checkInfoSheetDraft({ rdProjects: [{ expense: 100 }] }))).toEqual(['rdProjects[0].expense']);
    expect(checkInfoSheetDraft({ figures: { rdExpense: 100 } })).toEqual([]);
    expect(pathsOf(checkInfoSheetDraft({ figures: { rdExpense: '' } }))).toEqual(['figures.rdExpense']);
  });
});

describe('validateInfoSheet', () => {
  it('accepts a complete sheet and returns a clean copy', () => {
    const s = raw({ ...sheet(), rdBasis: 'salesRevenue' });
    const r = validateInfoSheet(s, { evaluationYear: YEAR, registeredUscc: USCC });
    expect(r).toEqual({ ok: true, sheet: s });
    if (r.ok) expect(r.sheet).not.toBe(s);
    const withNullBasis = validateInfoSheet({ ...sheet(), rdBasis: null }, { evaluationYear: YEAR });
    expect(withNullBasis.ok && 'rdBasis' in withNullBasis.sheet).toBe(false);
  });

  it('lists every problem at once, in the sheet order', () => {
    const s = raw();
    s.extra = true;
    s.intellectualProperty.push(ip({ number: '' }));
    s.rdProjects[1].form = 'outsourced';
    s.fastTrack.nationalAwardRank = 0;
    s.compliance.seriousFraud = null;
    s.figures.techStaff = 101;
    s.enterprise.residentEnterprise = 'yes';
    s.basic.contactEmail = 'no-at-sign';
    s.basic.name = 'A';
    delete s.basic.industry;
    const problems = problemsOf(s);
    expect(pathsOf(problems)).toEqual([
      'extra',
      'basic.name',
      'basic.industry',
      'basic.contactEmail',
      'enterprise.residentEnterprise',
      'figures.techStaff',
      'compliance.seriousFraud',
      'fastTrack.nationalAwardRank',
      'rdProjects[1].form',
      'intellectualProperty[2].number',
    ]);
    expect(messageAt(problems, 'basic.name')).toBe('企业名称：长度应为2–100个字符');
    expect(messageAt(problems, 'basic.industry')).toBe('所属行业：请填写');
    expect(messageAt(problems, 'rdProjects[1].form')).toBe('研发项目汇总表第2行 研发形式：请选择有效的选项');
    expect(messageAt(problems, 'intellectualProperty[2].number')).toBe('知识产权清单第3行 专利号/登记号：请填写');
    // The contract's own rules and messages for its sections.
    expect(messageAt(problems, 'figures.techStaff')).toBe('科技人员数：不能大于职工总数（100人）');
    expect(messageAt(problems, 'compliance.seriousFraud')).toBe('缺少必填项：存在严重弄虚作假行为');
    expect(messageAt(problems, 'fastTrack.nationalAwardRank')).toContain('不小于1');
  });

  it('reports every field of an empty draft', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(13 + 5 + 6 + 7 + 4);
    expect(problems[0]).toEqual({ path: 'basic.name', message: '企业名称：请填写' });
    expect(messageAt(problems, 'basic.techField')).toBe('技术领域：请选择');
    expect(messageAt(problems, 'enterprise.residentEnterprise')).toBe('缺少必填项：居民企业');
    expect(messageAt(problems, 'fastTrack.nationalAwardRank')).toBe('缺少必填项：国家级科技奖励获奖单位排名');
    expect(pathsOf(problems).some((p) => p.startsWith('rdProjects') || p.startsWith('intellectualProperty'))).toBe(
      false,
    );
    expect(problemsOf('x')).toEqual([{ path: '', message: '信息表应为一个 JSON 对象' }]);
  });

  it('reports a wrong type once, not again as a rule', () => {
    const s = raw();
    s.basic.uscc = 123;
    s.figures.rdExpense = '1.234';
    const problems = problemsOf(s);
    expect(problems).toEqual([
      { path: 'basic.uscc', message: '统一社会信用代码：应为文字' },
      { path: 'figures.rdExpense', message: '研发费用总额：最多保留两位小数（精确到分）' },
    ]);
  });

  const basicCase = (patch: Partial<InfoSheet['basic']>, options: { registeredUscc?: string } = {}) => {
    const r = validateInfoSheet(
      { ...sheet(), basic: { ...sheet().basic, ...patch } },
      { evaluationYear: YEAR, ...options },
    );
    return r.ok ? [] : r.problems;
  };

  it('checks the name: 2–100 characters', () => {
    expect(basicCase({ name: '企业' })).toEqual([]);
    expect(basicCase({ name: '企'.repeat(100) })).toEqual([]);
    expect(pathsOf(basicCase({ name: '企' }))).toEqual(['basic.name']);
    expect(pathsOf(basicCase({ name: '企'.repeat(101) }))).toEqual(['basic.name']);
    expect(basicCase({ name: '   ' })).toEqual([{ path: 'basic.name', message: '企业名称：请填写' }]);
  });

  it('checks the USCC, and that it is the registered one', () => {
    expect(basicCase({}, { registeredUscc: USCC })).toEqual([]);
    expect(pathsOf(basicCase({ uscc: `${USCC.slice(0, 17)}${USCC[17] === '0' ? '1' : '0'}` }))).toEqual(['basic.uscc']);
    expect(pathsOf(basicCase({ uscc: USCC.toLowerCase() }))).toEqual(USCC === USCC.toLowerCase() ? [] : ['basic.uscc']);
    expect(basicCase({}, { registeredUscc: OTHER_USCC })).toEqual([
      { path: 'basic.uscc', message: '统一社会信用代码：应与注册信息一致' },
    ]);
  });

  it('checks the region code: 6 digits or a zone', () => {
    expect(basicCase({ regionCode: 'zone:lzxq' })).toEqual([]);
    expect(pathsOf(basicCase({ regionCode: '41010' }))).toEqual(['basic.regionCode']);
    expect(pathsOf(basicCase({ regionCode: '4101055' }))).toEqual(['basic.regionCode']);
    expect(pathsOf(basicCase({ regionCode: 'zone:' }))).toEqual(['basic.regionCode']);
  });

  it('checks the founding date: a real date, not after the previous year ended', () => {
    expect(basicCase({ establishedOn: '2024-12-31' })).toEqual([]);
    const late = basicCase({ establishedOn: '2025-01-01' });
    expect(pathsOf(late)).toEqual(['basic.establishedOn']);
    expect(late[0]?.message).toContain('2024年');
    expect(late[0]?.message).toContain('不能参加2025年度评价');
    expect(pathsOf(basicCase({ establishedOn: '2023-02-29' }))).toEqual(['basic.establishedOn']);
    expect(basicCase({ establishedOn: '2024-02-29' })).toEqual([]);
    expect(pathsOf(basicCase({ establishedOn: '2019/03/15' }))).toEqual(['basic.establishedOn']);
  });

  it('checks the registered capital: ≥ 0, at most 4 decimals (万元)', () => {
    for (const ok of ['0', '500', '1200.5', '0.0001']) expect(basicCase({ registeredCapital: ok })).toEqual([]);
    for (const bad of ['-1', '1.00001', '1,000', '五百', '1e3', '.5']) {
      expect(pathsOf(basicCase({ registeredCapital: bad }))).toEqual(['basic.registeredCapital']);
    }
  });

  it('checks the tech field, the contacts and the other texts', () => {
    expect(pathsOf(basicCase({ techField: 'quantum' as never }))).toEqual(['basic.techField']);
    expect(basicCase({ contactPhone: '19912345678' })).toEqual([]);
    expect(basicCase({ contactPhone: '12345678901' })).toEqual([
      { path: 'basic.contactPhone', message: '联系人手机：应为11位中国大陆手机号码' },
    ]);
    expect(pathsOf(basicCase({ contactPhone: '1361234567' }))).toEqual(['basic.contactPhone']);
    expect(basicCase({ contactEmail: 'a.b+c@mail.qq.com' })).toEqual([]);
    for (const bad of ['a@b', 'a b@c.cn', '@c.cn', 'a@@c.cn', 'a@c.']) {
      expect(pathsOf(basicCase({ contactEmail: bad }))).toEqual(['basic.contactEmail']);
    }
    expect(pathsOf(basicCase({ address: '', mainProducts: ' ', legalRepName: '', contactName: '' }))).toEqual([
      'basic.address',
      'basic.mainProducts',
      'basic.legalRepName',
      'basic.contactName',
    ]);
  });

  it('applies the contract rules to conditions, figures and fast track', () => {
    const s = raw();
    s.figures.techStaff = 100;
    expect(validateInfoSheet(s, { evaluationYear: YEAR }).ok).toBe(true);
    s.figures.techStaff = 101;
    s.fastTrack.standardDraftingRank = 1;
    expect(problemsOf(s)).toEqual([{ path: 'figures.techStaff', message: '科技人员数：不能大于职工总数（100人）' }]);
    const zero = raw({ ...sheet(), rdBasis: 'salesRevenue' });
    zero.figures.salesRevenue = '0';
    expect(pathsOf(problemsOf(zero))).toEqual(['rdBasis']);
    const unknown = raw();
    unknown.figures.profit = '1';
    expect(pathsOf(problemsOf(unknown))).toEqual(['figures.profit']);
  });

  it('needs at least one R&D project when there is R&D expense', () => {
    const none = raw({ ...sheet(), rdProjects: [] });
    expect(problemsOf(none)).toEqual([
      { path: 'rdProjects', message: '研发项目汇总表：研发费用总额大于0，应至少填写一个研发项目' },
    ]);
    const zero = raw({ ...sheet(), rdProjects: [] });
    zero.figures.rdExpense = '0';
    expect(validateInfoSheet(zero, { evaluationYear: YEAR }).ok).toBe(true);
    const absentRows = raw();
    delete absentRows.rdProjects;
    delete absentRows.intellectualProperty;
    absentRows.figures.rdExpense = '0.00';
    const r = validateInfoSheet(absentRows, { evaluationYear: YEAR });
    expect(r.ok && r.sheet.rdProjects).toEqual([]);
    expect(r.ok && r.sheet.intellectualProperty).toEqual([]);
  });

  it('checks each project row and that the total equals the R&D expense exactly', () => {
    const s = raw();
    s.rdProjects[1].expense = '150000';
    expect(problemsOf(s)).toEqual([
      {
        path: 'rdProjects',
        message: '研发项目汇总表：各项目当年归集研发费用合计 650,000.00 元，与研发费用总额 720,000.00 元不一致',
      },
    ]);
    s.rdProjects[1].expense = '220000.01';
    expect(messageAt(problemsOf(s), 'rdProjects')).toContain('720,000.01 元');
    s.rdProjects[1].expense = '220000.00';
    expect(validateInfoSheet(s, { evaluationYear: YEAR }).ok).toBe(true);

    const cents = raw({
      ...sheet(),
      rdProjects: [
        { name: 'a', form: 'independent', expense: '0.10' },
        { name: 'b', form: 'commissioned', expense: '0.20' },
      ],
    });
    cents.figures.rdExpense = '0.30';
    expect(validateInfoSheet(cents, { evaluationYear: YEAR }).ok).toBe(true);

    const rows = raw();
    rows.rdProjects = [
      { name: '', form: 'independent', expense: '0' },
      { form: null, expense: '720000' },
    ];
    expect(problemsOf(rows)).toEqual([
      { path: 'rdProjects[0].name', message: '研发项目汇总表第1行 项目名称：请填写' },
      { path: 'rdProjects[0].expense', message: '研发项目汇总表第1行 当年归集研发费用：应大于0' },
      { path: 'rdProjects[1].name', message: '研发项目汇总表第2行 项目名称：请填写' },
      { path: 'rdProjects[1].form', message: '研发项目汇总表第2行 研发形式：请选择' },
    ]);
  });

  it('checks IP rows and refuses a number repeated within a type', () => {
    const s = raw();
    s.intellectualProperty = [
      ip({ type: 'inventionPatent', number: 'ZL 2021 1000 0001.X' }),
      ip({ type: 'utilityModel', number: 'ZL202110000001.X' }),
      ip({ type: 'inventionPatent', number: 'zl202110000001.x' }),
      { type: 'patent', number: 'A', title: ' ', inForce: 'yes' },
    ];
    expect(problemsOf(s)).toEqual([
      {
        path: 'intellectualProperty[2].number',
        message: '知识产权清单第3行 专利号/登记号：与第1行重复（同一类别的同一编号只能填写一次）',
      },
      { path: 'intellectualProperty[3].type', message: '知识产权清单第4行 知识产权类别：请选择有效的选项' },
      { path: 'intellectualProperty[3].title', message: '知识产权清单第4行 知识产权名称：请填写' },
      { path: 'intellectualProperty[3].inForce', message: '知识产权清单第4行 有效：应为“是”或“否”（true / false）' },
      {
        path: 'intellectualProperty[3].relatedToMainProducts',
        message: '知识产权清单第4行 与主要产品（服务）相关：请选择“是”或“否”',
      },
      { path: 'intellectualProperty[3].disputed', message: '知识产权清单第4行 存在权属争议：请选择“是”或“否”' },
    ]);
  });

  it('refuses an evaluation year the contract does not know', () => {
    expect(() => validateInfoSheet(sheet(), { evaluationYear: 2016 })).toThrow(RangeError);
    expect(() => validateInfoSheet(sheet(), { evaluationYear: 2025.5 })).toThrow(RangeError);
  });

  it('accepts exactly the sheets whose contract input is valid and whose projects add up (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 600 }),
        fc.integer({ min: 0, max: 600 }),
        fc.array(fc.integer({ min: 1, max: 1_000_000 }), { maxLength: 5 }),
        fc.integer({ min: -2, max: 2 }),
        (total, tech, expenses, delta) => {
          const s = raw();
          s.figures.totalStaff = total;
          s.figures.techStaff = tech;
          s.rdProjects = expenses.map((fen, i) => ({
            name: `项目${i}`,
            form: 'independent',
            expense: `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`,
          }));
          const sum = expenses.reduce((a, b) => a + b, 0);
          const rd = Math.max(0, sum + delta);
          s.figures.rdExpense = `${Math.floor(rd / 100)}.${String(rd % 100).padStart(2, '0')}`;
          const expectOk = tech <= total && (expenses.length === 0 ? rd === 0 : rd === sum);
          expect(validateInfoSheet(s, { evaluationYear: YEAR }).ok).toBe(expectOk);
        },
      ),
    );
  });
});

describe('computeWarnings', () => {
  const withFigures = (patch: Partial<InfoSheet['figures']>): InfoSheet => {
    const s = sheet();
    return { ...s, figures: { ...s.figures, ...patch } };
  };
  const codes = (
    s: InfoSheet,
    extra: { previous?: InfoSheet | null; sharedContacts?: { phone: number; email: number } } = {},
  ) => computeWarnings({ sheet: s, ...extra }).map((w) => w.code);
  const warning = (code: WarningCode, s: InfoSheet, extra = {}) =>
    computeWarnings({ sheet: s, ...extra }).find((w) => w.code === code);

  it('gives nothing for an ordinary sheet, and labels every code', () => {
    expect(computeWarnings({ sheet: sheet() })).toEqual([]);
    for (const code of WARNING_CODES) expect(WARNING_LABELS[code]).toMatch(/[\u4e00-\u9fff]/);
  });

  it('staffAtMost5: 5 staff yes, 6 no', () => {
    expect(codes(withFigures({ totalStaff: 5, techStaff: 1 }))).toEqual(['staffAtMost5']);
    expect(codes(withFigures({ totalStaff: 0, techStaff: 0 }))).toEqual(['staffAtMost5']);
    expect(codes(withFigures({ totalStaff: 6, techStaff: 1 }))).toEqual([]);
    expect(warning('staffAtMost5', withFigures({ totalStaff: 5, techStaff: 1 }))).toEqual({
      code: 'staffAtMost5',
      message: expect.stringContaining('5人'),
      paths: ['figures.totalStaff'],
    });
  });

  it('techRatioAtLeast90With50Staff: exactly 90% of 50, not 89.x%, not 49 staff', () => {
    expect(codes(withFigures({ totalStaff: 50, techStaff: 45 }))).toEqual(['techRatioAtLeast90With50Staff']);
    expect(codes(withFigures({ totalStaff: 50, techStaff: 44 }))).toEqual([]);
    expect(codes(withFigures({ totalStaff: 49, techStaff: 49 }))).toEqual([]);
    expect(codes(withFigures({ totalStaff: 100, techStaff: 90 }))).toEqual(['techRatioAtLeast90With50Staff']);
    expect(codes(withFigures({ totalStaff: 101, techStaff: 90 }))).toEqual([]);
    expect(warning('techRatioAtLeast90With50Staff', withFigures({ totalStaff: 50, techStaff: 45 }))?.message).toContain(
      '45人',
    );
  });

  it('rdOverCost: strictly above the costs', () => {
    expect(codes(withFigures({ totalCostExpense: '720000' }))).toEqual([]);
    expect(codes(withFigures({ totalCostExpense: '719999.99' }))).toEqual(['rdOverCost']);
    expect(warning('rdOverCost', withFigures({ totalCostExpense: '719999.99' }))?.message).toBe(
      '研发费用总额¥720,000高于成本费用支出总额¥719,999.99，研发费用通常包含在成本费用之中',
    );
  });

  it('rdOverRevenue when revenue > 0, rdWithoutRevenue when it is 0', () => {
    expect(codes(withFigures({ salesRevenue: '720000' }))).toEqual([]);
    expect(codes(withFigures({ salesRevenue: '719999.99' }))).toEqual(['rdOverRevenue']);
    expect(codes(withFigures({ salesRevenue: '0' }))).toEqual(['rdWithoutRevenue']);
    expect(codes({ ...withFigures({ salesRevenue: '0', rdExpense: '0' }), rdProjects: [] })).toEqual([]);
    expect(warning('rdWithoutRevenue', withFigures({ salesRevenue: '0' }))?.message).toContain('¥720,000');
  });

  it('atSizeLimit: 490–500 staff, revenue or assets within 5% below ¥200,000,000, saying which', () => {
    expect(codes(withFigures({ totalStaff: 489 }))).toEqual([]);
    expect(codes(withFigures({ totalStaff: 490 }))).toEqual(['atSizeLimit']);
    expect(codes(withFigures({ totalStaff: 500 }))).toEqual(['atSizeLimit']);
    expect(codes(withFigures({ totalStaff: 501 }))).toEqual([]);
    expect(codes(withFigures({ salesRevenue: '189999999.99' }))).toEqual([]);
    expect(codes(withFigures({ salesRevenue: '190000000' }))).toEqual(['atSizeLimit']);
    expect(codes(withFigures({ salesRevenue: '200000000.00' }))).toEqual(['atSizeLimit']);
    expect(codes(withFigures({ salesRevenue: '200000000.01' }))).toEqual([]);
    expect(codes(withFigures({ totalAssets: '190000000' }))).toEqual(['atSizeLimit']);
    const both = warning('atSizeLimit', withFigures({ totalStaff: 495, totalAssets: '199000000' }));
    expect(both?.paths).toEqual(['figures.totalStaff', 'figures.totalAssets']);
    expect(both?.message).toContain('职工总数495人');
    expect(both?.message).toContain('资产总额¥199,000,000');
    expect(both?.message).not.toContain('销售收入');
  });

  it('sharpChange: more than 50% up or down against the previous sheet, listing each field', () => {
    const prev = sheet(); // 100 staff, 30 tech, revenue 12,000,000, assets 30,000,000, R&D 720,000
    expect(codes(withFigures({ totalStaff: 150, techStaff: 45 }), { previous: prev })).toEqual([]);
    expect(codes(withFigures({ totalStaff: 50, techStaff: 15 }), { previous: prev })).toEqual([]);
    expect(codes(withFigures({ totalStaff: 151 }), { previous: prev })).toEqual(['sharpChange']);
    expect(codes(withFigures({ totalStaff: 49 }), { previous: prev })).toEqual(['sharpChange']);
    expect(codes(withFigures({ totalStaff: 151 }), { previous: null })).toEqual([]);
    const w = warning('sharpChange', withFigures({ salesRevenue: '18000000.01', totalAssets: '14999999.99' }), {
      previous: prev,
    });
    expect(w?.paths).toEqual(['figures.salesRevenue', 'figures.totalAssets']);
    expect(w?.message).toContain('销售收入由¥12,000,000变为¥18,000,000.01（增加50%）');
    expect(w?.message).toContain('资产总额由¥30,000,000变为¥14,999,999.99（减少50%）');
    // A previous value of 0 is no base for a percentage.
    const zeroPrev = withFigures({ salesRevenue: '0' });
    expect(codes(sheet(), { previous: zeroPrev })).toEqual([]);
  });

  it('rdProjectsMismatch when the projects do not add up', () => {
    const s = sheet();
    s.rdProjects[0]!.expense = '499999.99';
    expect(codes(s)).toEqual(['rdProjectsMismatch']);
    expect(warning('rdProjectsMismatch', s)?.message).toContain('719,999.99 元');
    expect(codes({ ...sheet(), rdProjects: [] })).toEqual(['rdProjectsMismatch']);
  });

  it('sharedContact: 3 or more other enterprises', () => {
    expect(codes(sheet(), { sharedContacts: { phone: 2, email: 2 } })).toEqual([]);
    expect(warning('sharedContact', sheet(), { sharedContacts: { phone: 3, email: 0 } })).toEqual({
      code: 'sharedContact',
      message: '联系人手机号码与另外3家企业相同，可能由中介机构代为填报（2025年通知明确禁止）',
      paths: ['basic.contactPhone'],
    });
    expect(warning('sharedContact', sheet(), { sharedContacts: { phone: 0, email: 4 } })?.paths).toEqual([
      'basic.contactEmail',
    ]);
    const both = warning('sharedContact', sheet(), { sharedContacts: { phone: 5, email: 3 } });
    expect(both?.paths).toEqual(['basic.contactPhone', 'basic.contactEmail']);
    expect(both?.message).toContain('另外5家');
    expect(both?.message).toContain('另外3家');
  });

  it('lists several warnings in code order', () => {
    const s = withFigures({ totalStaff: 5, techStaff: 5, salesRevenue: '0', totalCostExpense: '100' });
    expect(codes(s, { sharedContacts: { phone: 3, email: 0 } })).toEqual([
      'staffAtMost5',
      'rdOverCost',
      'rdWithoutRevenue',
      'sharedContact',
    ]);
  });
});

describe('diffInfoSheets', () => {
  it('finds nothing between equal sheets, and treats equal amounts as equal', () => {
    expect(diffInfoSheets(sheet(), sheet())).toEqual([]);
    const s = raw();
    s.figures.rdExpense = '720000.00';
    s.figures.salesRevenue = 12000000;
    expect(diffInfoSheets(sheet(), s as InfoSheetDraft)).toEqual([]);
  });

  it('renders nested changes with labels and display values', () => {
    const after = raw();
    after.basic.techField = 'biomedicine';
    after.figures.salesRevenue = '12500000.5';
    after.enterprise.auditCollection = false;
    after.fastTrack.nationalAwardRank = 2;
    after.rdBasis = 'costExpense';
    after.rdProjects[1].expense = '220000.1';
    after.rdProjects[1].form = 'commissioned';
    after.intellectualProperty[0].disputed = true;
    expect(diffInfoSheets(sheet(), after as InfoSheetDraft)).toEqual([
      { path: 'basic.techField', label: '技术领域', before: '电子信息', after: '生物与新医药' },
      { path: 'enterprise.auditCollection', label: '企业所得税查账征收', before: '是', after: '否' },
      { path: 'figures.salesRevenue', label: '销售收入（元）', before: '¥12,000,000', after: '¥12,500,000.50' },
      { path: 'fastTrack.nationalAwardRank', label: '国家级科技奖励获奖单位排名', before: null, after: '第2名' },
      { path: 'rdBasis', label: '研发投入指标口径', before: null, after: '占成本费用支出总额比例' },
      { path: 'rdProjects[1].form', label: '研发项目第2行 研发形式', before: '合作研发', after: '委托研发' },
      {
        path: 'rdProjects[1].expense',
        label: '研发项目第2行 当年归集研发费用',
        before: '¥220,000',
        after: '¥220,000.10',
      },
      { path: 'intellectualProperty[0].disputed', label: '知识产权第1行 存在权属争议', before: '否', after: '是' },
    ]);
  });

  it('shows added and removed rows as such', () => {
    const after = raw();
    after.rdProjects.push({ name: '视觉检测算法', form: 'independent', expense: '100000' });
    after.intellectualProperty.pop();
    expect(diffInfoSheets(sheet(), after as InfoSheetDraft)).toEqual([
      {
        path: 'rdProjects[2]',
        label: '研发项目第3行',
        before: null,
        after: '项目名称：视觉检测算法；研发形式：自主研发；当年归集研发费用：¥100,000',
      },
      {
        path: 'intellectualProperty[1]',
        label: '知识产权第2行',
        before: expect.stringContaining('知识产权类别：软件著作权；专利号/登记号：2022SR0000001'),
        after: null,
      },
    ]);
  });

  it('compares partial drafts: a missing field and a filled one', () => {
    const before: InfoSheetDraft = { basic: { name: '旧名称' }, figures: { totalStaff: 10 } };
    const after: InfoSheetDraft = { basic: { name: '新名称', contactPhone: '13612345678' }, figures: null };
    expect(diffInfoSheets(before, after)).toEqual([
      { path: 'basic.name', label: '企业名称', before: '旧名称', after: '新名称' },
      { path: 'basic.contactPhone', label: '联系人手机', before: null, after: '13612345678' },
      { path: 'figures.totalStaff', label: '职工总数（人）', before: '10', after: null },
    ]);
    expect(diffInfoSheets(null, { basic: { name: '' } })).toEqual([]);
  });

  it('has a label for every leaf path it can report', () => {
    const s = sheet();
    const everything = diffInfoSheets({}, { ...s, rdBasis: 'salesRevenue' });
    for (const c of everything) expect(c.label).not.toBe(c.path);
    expect(Object.keys(INFO_SHEET_FIELD_LABELS)).toHaveLength(13 + 5 + 6 + 7 + 4 + 1 + 3 + 6);
    expect(infoSheetFieldLabel('rdProjects[1].expense', 'diff')).toBe('研发项目第2行 当年归集研发费用');
    expect(infoSheetFieldLabel('rdProjects[2].expense')).toBe('研发项目汇总表第3行 当年归集研发费用');
  });
});
