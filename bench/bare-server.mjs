/** The baseline: a bare Fastify route that parses the same JSON body and returns a constant. */
import Fastify from 'fastify';

const app = Fastify({ logger: false });
const constant = {
  ruleSetId: '2024',
  eligible: true,
  route: 'score',
  score: { total: 84, techStaff: 16, rdInput: 50, rdBasis: 'salesRevenue', ipResults: 18 },
  failures: [],
  fastTrackMet: [],
  onSiteCheck: ['firstTime'],
};
app.post('/api/v1/assessments', async () => constant);
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.stdout.write('ready\n');
