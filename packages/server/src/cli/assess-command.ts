/**
 * `kexiao assess [FILE]` and `kexiao assess --jsonl [FILE]` (docs/contracts/assessment.md):
 * nothing but JSON on stdout; an invalid input gives {"error":…}; exit 1 when any input was invalid.
 */
import { createReadStream, readFileSync } from 'node:fs';
import { AssessmentInputError, assess, type FieldError } from '@kexiao/rules';

export type AssessError = { error: { code: 'invalid_input' | 'invalid_json'; message: string; fields?: FieldError[] } };

/** The contract's error object for one input (the same shape as the HTTP API's 400). */
export function inputError(errors: FieldError[]): AssessError {
  return { error: { code: 'invalid_input', message: `输入有误：共${errors.length}处`, fields: errors } };
}

export function jsonError(detail: string): AssessError {
  return { error: { code: 'invalid_json', message: `不是合法的 JSON：${detail}` } };
}

/** Assess one JSON text: the result line, and whether it was valid. */
export function assessText(text: string): { line: string; ok: boolean } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line: JSON.stringify(jsonError((error as Error).message)), ok: false };
  }
  try {
    return { line: JSON.stringify(assess(value as never)), ok: true };
  } catch (error) {
    if (error instanceof AssessmentInputError) return { line: JSON.stringify(inputError(error.errors)), ok: false };
    throw error;
  }
}

/** One input (FILE or stdin) → one result. Returns the exit code. */
export async function assessOne(file: string | undefined): Promise<number> {
  const text = file === undefined ? await readAll(process.stdin) : readFileSync(file, 'utf8');
  const { line, ok } = assessText(text);
  await write(`${line}\n`);
  return ok ? 0 : 1;
}

/**
 * JSON Lines: one result line per input line, in order. A bad line gives an error line and processing
 * continues; the exit code is 1 at the end if any line was bad. Streams: memory stays flat for any size.
 */
export async function assessJsonl(file: string | undefined): Promise<number> {
  const input = file === undefined ? process.stdin : createReadStream(file);
  input.setEncoding('utf8');
  let pending = '';
  let failed = false;
  let out = '';
  const flushAt = 1 << 16;
  const handle = (raw: string) => {
    const text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const { line, ok } = text.trim() === '' ? { line: JSON.stringify(jsonError('空行')), ok: false } : assessText(text);
    if (!ok) failed = true;
    out += `${line}\n`;
  };
  for await (const chunk of input as AsyncIterable<string>) {
    let start = 0;
    let data = pending + chunk;
    pending = '';
    for (let nl = data.indexOf('\n', start); nl !== -1; nl = data.indexOf('\n', start)) {
      handle(data.slice(start, nl));
      start = nl + 1;
    }
    pending = data.slice(start);
    data = '';
    if (out.length >= flushAt) {
      await write(out);
      out = '';
    }
  }
  if (pending !== '') handle(pending);
  if (out !== '') await write(out);
  return failed ? 1 : 0;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) text += chunk;
  return text;
}

/** Write to stdout, waiting when the pipe is full. */
export function write(text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = process.stdout.write(text, (error) => (error ? reject(error) : undefined));
    if (ok) resolve();
    else process.stdout.once('drain', resolve);
  });
}
