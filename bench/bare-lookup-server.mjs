/**
 * The baseline of the `lookup` suite: a bare Fastify route running the same point look-up as kexiao's
 * GET /api/v1/public/registrations/:registrationNo (the same SQL text on the same table and index, a named
 * prepared statement, a pg Pool of the same size as kexiao's) and sending the row as JSON.
 *
 * RATE_LIMIT=database: first count the hit in `rate_limit_counter` as `hitRateLimit` does (an upsert per request),
 * to measure what a database-counted limit would cost the look-up.
 */
import Fastify from 'fastify';
import pg from 'pg';

pg.types.setTypeParser(20, (v) => Number(v));
pg.types.setTypeParser(1082, (v) => v);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const countHits = process.env.RATE_LIMIT === 'database';

const LOOKUP = `
  select r.registration_no, r.evaluation_year, r.province_code, p.name as province_name,
         r.enterprise_name, e.name as current_name, r.uscc, r.region_code, g.name as region_name,
         case when c.kind = 'province' then null else c.name end as city_name,
         r.status, r.revoked_at, r.announcement_id, a.announcement_no, a.announced_on
  from registration r
  join announcement a on a.id = r.announcement_id
  join enterprise e on e.id = r.enterprise_id
  left join region p on p.code = r.province_code
  left join region g on g.code = r.region_code
  left join region c on c.code = g.parent_code
  where r.registration_no = $1
  order by r.evaluation_year desc, r.id desc
  limit 1`;
const HIT = `insert into rate_limit_counter (bucket, window_start, hits) values ($1, $2, 1)
  on conflict (bucket, window_start) do update set hits = rate_limit_counter.hits + 1 returning hits`;

const app = Fastify({ logger: false });
app.get('/api/v1/public/registrations/:registrationNo', async (request, reply) => {
  if (countHits) {
    const start = Math.floor(Date.now() / 60_000) * 60_000;
    await pool.query({ name: 'hit', text: HIT, values: [`lookup:${request.ip}`, new Date(start).toISOString()] });
  }
  const { rows } = await pool.query({ name: 'lookup', text: LOOKUP, values: [request.params.registrationNo] });
  if (rows.length === 0) return reply.status(404).send({ error: { code: 'not_found' } });
  return rows[0];
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
