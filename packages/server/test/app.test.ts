import { expect, it } from 'vitest';
import { buildTestApp } from './helpers/actors.js';
import { describeEachDatabase, openFresh } from './helpers/databases.js';

describeEachDatabase('app', (ctx, dialect) => {
  it('/healthz answers 503 when the database fails', async () => {
    const broken = await openFresh(dialect);
    const app = await buildTestApp(broken.handle);
    try {
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      await broken.dispose();
      const res = await app.inject({ url: '/healthz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', database: dialect, rateLimiter: 'database' });
    } finally {
      await app.close();
    }
  });

  it('the API documentation keeps its own CSP and the other security headers', async () => {
    const app = await buildTestApp(ctx.handle);
    try {
      const ui = await app.inject({ url: '/docs/' });
      expect(ui.statusCode).toBe(200);
      const csp = String(ui.headers['content-security-policy']);
      // @fastify/swagger-ui's static CSP (hashes of its inline script and style), not the app's stricter one.
      expect(csp).toMatch(/script-src 'self'/);
      expect(csp).not.toContain("frame-ancestors 'none'");
      expect(ui.headers['x-frame-options']).toBe('DENY');
      expect(ui.headers['x-content-type-options']).toBe('nosniff');
    } finally {
      await app.close();
    }
  });
});
