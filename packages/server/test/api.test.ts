import { contractExampleInput } from '@kexiao/rules';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { buildTestApp } from './helpers/actors.js';
import { describeEachDatabase } from './helpers/databases.js';

const example = contractExampleInput();

describeEachDatabase('HTTP API', (ctx, dialect) => {
  let app: App;
  let web: string;
  beforeAll(async () => {
    web = mkdtempSync(join(tmpdir(), 'kexiao-web-'));
    writeFileSync(join(web, 'index.html'), '<!doctype html><title>科小</title>');
    app = await buildTestApp(ctx.handle, { webDist: web });
  });
  afterAll(async () => {
    await app.close();
  });

  const post = (payload: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
    app.inject({
      method: 'POST',
      url: '/api/v1/assessments',
      headers,
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('POST /api/v1/assessments returns the contract result', async () => {
    const res = await post(example);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      ruleSetId: '2024',
      eligible: true,
      route: 'score',
      score: { total: 84, techStaff: 16, rdInput: 50, rdBasis: 'salesRevenue', ipResults: 18 },
      failures: [],
      fastTrackMet: [],
      onSiteCheck: ['firstTime'],
    });
  });

  it('keeps every field of a failing result (failures, fast track)', async () => {
    const res = await post({
      ...example,
      evaluationYear: 2021,
      figures: { ...example.figures, techStaff: 0 },
      fastTrack: { ...example.fastTrack, standardDraftingRank: 8 },
      enterprise: { ...example.enterprise, industryRestricted: true },
    });
    expect(res.json()).toEqual({
      ruleSetId: '2017',
      eligible: false,
      route: null,
      score: { total: 68, techStaff: 0, rdInput: 50, rdBasis: 'salesRevenue', ipResults: 18 },
      failures: [{ code: 'industry_restricted', message: '产品和服务属于国家规定的禁止、限制或淘汰类' }],
      fastTrackMet: ['standardDrafting'],
      onSiteCheck: [],
    });
  });

  it('400 lists every bad field, unknown keys included, in the contract shape', async () => {
    const res = await post({
      ...example,
      extra: 1,
      figures: { ...example.figures, techStaff: 101, rdExpense: '1.001' },
      rdBasis: 'costs',
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error.code).toBe('invalid_input');
    expect(body.error.message).toMatch(/输入有误/);
    expect(body.error.fields.map((f: { path: string }) => f.path)).toEqual([
      'extra',
      'figures.techStaff',
      'figures.rdExpense',
      'rdBasis',
    ]);
    for (const f of body.error.fields) expect(f.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('malformed JSON → 400 invalid_json; other content types → 415', async () => {
    const bad = await post('{"evaluationYear": 20');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('invalid_json');
    const text = await post('hello', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.message).toContain('application/json');
  });

  it('unknown API paths → JSON 404; unknown pages → the web app', async () => {
    const api = await app.inject({ url: '/api/v1/nothing', headers: { accept: 'text/html' } });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toEqual({ error: { code: 'not_found', message: '未找到：GET /api/v1/nothing' } });
    for (const url of ['/api', '/api?x=1']) {
      const bare = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(bare.statusCode, url).toBe(404);
      expect(bare.json().error.code).toBe('not_found');
    }
    const page = await app.inject({ url: '/self-assessment', headers: { accept: 'text/html' } });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('科小');
  });

  it('sets security headers on every response', async () => {
    for (const url of ['/healthz', '/api/v1/nothing', '/']) {
      const res = await app.inject({ url, headers: { accept: 'text/html' } });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(String(res.headers['content-security-policy'])).toContain("default-src 'self'");
    }
  });

  it('/healthz checks the database', async () => {
    const res = await app.inject({ url: '/healthz' });
    expect(res.json()).toEqual({ status: 'ok', database: dialect, rateLimiter: 'database' });
  });

  it('publishes OpenAPI at /docs/json and the UI at /docs', async () => {
    const doc = (await app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/assessments',
        '/api/v1/calendar/working-days',
        '/api/v1/calendar/holiday-years',
        '/healthz',
      ]),
    );
    expect(
      doc.paths['/api/v1/assessments'].post.requestBody.content['application/json'].schema.properties.figures,
    ).toBeDefined();
    const ui = await app.inject({ url: '/docs/' });
    expect(ui.statusCode).toBe(200);
  });
});
