/** HTTP of the calendar capability (public). */
import { addWorkingDays } from '@kexiao/rules';
import type { FastifyInstance } from 'fastify';
import { invalidInput } from '../../platform/errors.js';
import type { HolidayCalendar } from './service.js';

export function calendarRoutes(app: FastifyInstance, calendar: HolidayCalendar): void {
  app.get(
    '/api/v1/calendar/working-days',
    {
      config: { policy: { access: 'public', why: '工作日计算公开' } },
      schema: {
        tags: ['工作日'],
        summary: '计算第 N 个工作日',
        description:
          '返回 from 之后（不含 from 当天）的第 add 个工作日，按数据库中的国务院节假日安排（含调休）计算。所涉年份尚无官方安排时仅按周末计算，并返回 provisional: true。审核期限：from=提交日, add=5；公示截止：from=发布日前一天, add=10。',
        querystring: {
          type: 'object',
          additionalProperties: false,
          required: ['from', 'add'],
          properties: {
            from: {
              type: 'string',
              title: '起始日期',
              description: '应为 YYYY-MM-DD 格式的日期',
              format: 'date',
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
            },
            add: { type: 'integer', title: '工作日数', description: '应为 0–3660 的整数', minimum: 0, maximum: 3660 },
          },
        },
        response: {
          200: {
            type: 'object',
            properties: {
              from: { type: 'string' },
              add: { type: 'integer' },
              date: { type: 'string', description: '第 add 个工作日' },
              provisional: { type: 'boolean', description: '为 true 时结果涉及尚未载入官方安排的年份，仅按周末计算' },
            },
          },
        },
      },
    },
    async (request) => {
      const { from, add } = request.query as { from: string; add: number };
      const table = await calendar.table();
      let result: { date: string; provisional: boolean };
      try {
        result = addWorkingDays(from, add, table);
      } catch {
        throw invalidInput([{ path: 'from', message: `起始日期：${from} 不是有效日期` }]);
      }
      return { from, add, date: result.date, provisional: result.provisional };
    },
  );

  app.get(
    '/api/v1/calendar/holiday-years',
    {
      config: { policy: { access: 'public', why: '国务院节假日安排是公开信息' } },
      schema: {
        tags: ['工作日'],
        summary: '已载入的国务院节假日安排',
        response: {
          200: {
            type: 'object',
            properties: {
              years: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { year: { type: 'integer' }, source: { type: 'string' }, loadedAt: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
    async () => {
      const years = await calendar.years();
      return {
        years: years.map((y) => ({ year: y.year, source: y.source, loadedAt: new Date(y.loaded_at).toISOString() })),
      };
    },
  );
}
