/**
 * Multipart uploads: the form's fields and files read into memory under declared limits, each file's type
 * sniffed from its bytes. Every problem is reported at once, in Chinese, naming the field; nothing is stored
 * here — the capability stores what it accepts in its own transaction (`storeFile`).
 */
import fastifyMultipart from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldProblem, invalidInput } from './errors.js';
import { type FileKind, KIND_LABELS, sniffFileKind } from './files.js';

/** The largest file any form accepts; each form declares its own (smaller) limit per field. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export async function registerUploads(app: FastifyInstance): Promise<void> {
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_UPLOAD_BYTES, files: 10, fields: 50, fieldSize: 100 * 1024, parts: 60 },
  });
}

export interface FileFieldSpec {
  /** Chinese name of the field, used in every message. */
  label: string;
  kinds: readonly FileKind[];
  maxBytes: number;
  required: boolean;
}

export interface UploadedFile {
  field: string;
  /** The name the browser gave (for display only; never used as a path). */
  fileName: string;
  bytes: Buffer;
  kind: FileKind;
}

export interface MultipartForm {
  fields: Record<string, string>;
  files: Record<string, UploadedFile>;
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${+(bytes / 1024 / 1024).toFixed(1)}MB` : `${Math.ceil(bytes / 1024)}KB`;
}

function cleanFileName(name: string): string {
  // eslint-disable-next-line no-control-regex
  const base = name.replace(/^.*[\\/]/, '').replace(/[\u0000-\u001f\u007f]/g, '');
  return base.slice(0, 120) || '未命名文件';
}

/**
 * Read a multipart/form-data request: text fields, and the declared file fields checked for presence, size and
 * sniffed type. Unknown file fields are refused. Throws 400 with every problem (or 415 when not multipart).
 */
export async function readMultipart(
  request: FastifyRequest,
  spec: Readonly<Record<string, FileFieldSpec>>,
): Promise<MultipartForm> {
  if (!request.isMultipart()) {
    throw new AppError(415, 'unsupported_media_type', '请以 multipart/form-data 方式上传文件');
  }
  const fields: Record<string, string> = {};
  const files: Record<string, UploadedFile> = {};
  const problems: FieldProblem[] = [];
  const problem = (path: string, message: string) => {
    if (!problems.some((p) => p.path === path)) problems.push({ path, message });
  };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      const field = spec[part.fieldname];
      if (!field) {
        part.file.resume();
        problem(part.fieldname, `${part.fieldname}：不接受此文件字段`);
        continue;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let tooLarge = false;
      for await (const chunk of part.file) {
        size += (chunk as Buffer).length;
        if (size > field.maxBytes) tooLarge = true;
        else chunks.push(chunk as Buffer);
      }
      if (tooLarge || part.file.truncated) {
        problem(part.fieldname, `${field.label}：文件不能超过${sizeText(field.maxBytes)}`);
        continue;
      }
      if (size === 0) {
        problem(part.fieldname, `${field.label}：文件为空`);
        continue;
      }
      const bytes = Buffer.concat(chunks);
      const kind = sniffFileKind(bytes);
      const allowed = field.kinds.map((k) => KIND_LABELS[k]).join('、');
      if (kind === null || !field.kinds.includes(kind)) {
        problem(
          part.fieldname,
          `${field.label}：仅支持 ${allowed} 格式（按文件内容识别${kind ? `为 ${KIND_LABELS[kind]}` : '，不是有效的文件'}）`,
        );
        continue;
      }
      files[part.fieldname] = { field: part.fieldname, fileName: cleanFileName(part.filename), bytes, kind };
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'FST_REQ_FILE_TOO_LARGE') {
      throw new AppError(413, 'payload_too_large', `文件不能超过${sizeText(MAX_UPLOAD_BYTES)}`);
    }
    if (code.startsWith('FST_') || code === 'FST_INVALID_MULTIPART_CONTENT_TYPE') {
      throw new AppError(400, 'invalid_upload', '上传内容不完整或格式有误，请重新选择文件上传');
    }
    throw error;
  }
  for (const [name, field] of Object.entries(spec)) {
    if (field.required && !files[name] && !problems.some((p) => p.path === name)) {
      problem(name, `${field.label}：请上传文件`);
    }
  }
  if (problems.length > 0) throw invalidInput(problems);
  return { fields, files };
}

/**
 * Answer with an uploaded file for viewing in the browser: its stored (sniffed) type, its original name
 * (UTF-8, never used as a path), never cached. An image is also sandboxed (CSP `sandbox`, nothing loads);
 * a PDF keeps the app's policy, since Chromium refuses to show a PDF in a sandboxed document.
 */
export function sendUploadedFile(
  reply: FastifyReply,
  file: { bytes: Buffer; mediaType: string; fileName: string },
): FastifyReply {
  reply
    .type(file.mediaType)
    .header('Content-Disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.fileName)}`)
    .header('Cache-Control', 'private, no-store');
  if (file.mediaType.startsWith('image/')) {
    reply.header('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
  }
  return reply.send(file.bytes);
}
