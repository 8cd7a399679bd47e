/**
 * Every error leaves the API in one shape: { error: { code, message (Chinese), fields? } }.
 */
import type { FastifyError, FastifyInstance } from 'fastify';

export interface FieldProblem {
  path: string;
  message: string;
}

/** An error the API reports as is: status, stable code, Chinese message, optional field problems. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly fields?: FieldProblem[],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

/** 400 invalid_input with every bad field. */
export function invalidInput(fields: FieldProblem[]): AppError {
  return new AppError(400, 'invalid_input', `输入有误：共${fields.length}处`, fields);
}

const AJV_TEXT: Record<string, string> = {
  required: '缺少必填项',
  type: '类型不正确',
  pattern: '格式不正确',
  format: '格式不正确',
  minimum: '数值过小',
  maximum: '数值过大',
  enum: '取值不在允许范围内',
  additionalProperties: '未定义的字段',
  minLength: '不能为空',
  maxLength: '过长',
};

interface AjvIssue {
  keyword: string;
  instancePath: string;
  params: Record<string, unknown>;
  message?: string;
  parentSchema?: { title?: string; description?: string; properties?: Record<string, { title?: string }> };
}

/** Ajv's errors → field problems named in Chinese (by each property's `title` in the route schema). */
export function fieldsFromValidation(issues: AjvIssue[], context: string | undefined): FieldProblem[] {
  return issues.map((issue) => {
    let path = issue.instancePath.replace(/^\//, '').replaceAll('/', '.');
    let title = issue.parentSchema?.title;
    if (issue.keyword === 'required' || issue.keyword === 'additionalProperties') {
      const name = String(issue.params.missingProperty ?? issue.params.additionalProperty ?? '');
      path = path === '' ? name : `${path}.${name}`;
      title =
        issue.parentSchema?.properties?.[name]?.title ?? (issue.keyword === 'additionalProperties' ? name : title);
    }
    const label = title ?? (path || (context === 'querystring' ? '查询参数' : '请求'));
    const text =
      issue.parentSchema?.description && issue.keyword !== 'required'
        ? issue.parentSchema.description
        : (AJV_TEXT[issue.keyword] ?? '不符合要求');
    return { path, message: `${label}：${text}` };
  });
}

/** The central error handler and the JSON 404. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError & { validationContext?: string }, request, reply) => {
    if (error instanceof AppError) {
      return reply.status(error.statusCode).send({
        error: { code: error.code, message: error.message, ...(error.fields ? { fields: error.fields } : {}) },
      });
    }
    if (error.validation) {
      const fields = fieldsFromValidation(error.validation as unknown as AjvIssue[], error.validationContext);
      return reply
        .status(400)
        .send({ error: { code: 'invalid_input', message: `输入有误：共${fields.length}处`, fields } });
    }
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return reply.status(415).send({
        error: { code: 'unsupported_media_type', message: '不支持的请求内容类型，请使用 application/json' },
      });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return reply.status(413).send({ error: { code: 'payload_too_large', message: '请求体过大' } });
    }
    if (error.statusCode === 400 && (error.code?.startsWith('FST_ERR_CTP') || error instanceof SyntaxError)) {
      return reply.status(400).send({ error: { code: 'invalid_json', message: '请求体不是合法的 JSON' } });
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: { code: 'bad_request', message: '请求无法处理' } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'internal', message: '服务器内部错误，请稍后再试' } });
  });
}
