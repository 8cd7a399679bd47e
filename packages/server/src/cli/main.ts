/**
 * The `kexiao` command line. Exit codes: 0 done; 1 an input was invalid; 2 wrong usage or unreadable file.
 */
import { parseArgs } from 'node:util';
import { addWorkingDays, type HolidayTable, parseIsoDate } from '@kexiao/rules';
import { assessJsonl, assessOne, write } from './assess-command.js';
import { loadVendoredHolidays, mergeHolidayTables } from './holidays.js';

const HELP = {
  main: `kexiao — 科小平台命令行工具

用法：
  kexiao assess [FILE]             评价一份信息表（JSON，来自 FILE 或标准输入），输出一行 JSON 结果
  kexiao assess --jsonl [FILE]     逐行评价 JSON Lines，每行输出一行结果（顺序不变）
  kexiao workdays add DATE N       输出 DATE 之后第 N 个工作日（按国务院节假日安排）
  kexiao audit verify              校验数据库审计日志的哈希链，报告第一处被改动或缺失的记录
  kexiao <命令> --help             查看命令说明

退出码：0 成功；1 存在无效输入；2 用法错误或文件无法读取。`,
  assess: `用法：kexiao assess [FILE]
       kexiao assess --jsonl [FILE]

读取《科技型中小企业信息表》评价输入（AssessmentInput，见 docs/contracts/assessment.md），
在标准输出写出评价结果（AssessmentResult）。标准输出只有 JSON。

  FILE        输入文件；省略时读取标准输入
  --jsonl     JSON Lines：每行一份输入，每行输出一份结果，顺序与输入一致；
              无效的行输出 {"error":…}，其余行照常处理，结束时退出码为 1
  -h, --help  显示本说明

无效输入输出 {"error":{"code":"invalid_input","message":"…","fields":[{"path":"…","message":"…"}]}}，退出码 1。`,
  audit: `用法：kexiao audit verify

按顺序校验审计日志的哈希链（每条记录的哈希覆盖其内容与前一条的哈希），
报告第一处被改动或缺失的记录。完好退出码 0，发现问题退出码 1。
数据库取自环境变量：DATABASE_URL（PostgreSQL），未设置时为 DATA_DIR（默认 ./data）中的 PGlite。
使用 PGlite 时请先停止服务：同一数据目录不能被两个进程同时打开。`,
  workdays: `用法：kexiao workdays add DATE N [--calendar FILE]

输出 DATE（YYYY-MM-DD）之后第 N 个工作日（不含 DATE 当天），单独一行。
工作日按国务院办公厅发布的节假日安排（含调休上班日）计算，内置 2023–2026 年安排。
日期所在年份尚无官方安排时仅按周末计算，并在标准错误输出中提示“暂定”。

  --calendar FILE   追加节假日安排（与内置文件同一格式），同年份以追加的为准
  -h, --help        显示本说明

例：审核期限（提交后5个工作日）：kexiao workdays add 2025-09-30 5`,
};

class UsageError extends Error {}

async function run(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    await write(`${HELP.main}\n`);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-v') {
    await write('kexiao 0.1.0\n');
    return 0;
  }
  if (command === 'assess') return runAssess(rest);
  if (command === 'workdays') return runWorkdays(rest);
  if (command === 'audit') return runAudit(rest);
  throw new UsageError(`未知命令：${command}\n\n${HELP.main}`);
}

async function runAssess(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { jsonl: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    await write(`${HELP.assess}\n`);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`assess 最多接受一个文件参数\n\n${HELP.assess}`);
  const file = positionals[0] === '-' ? undefined : positionals[0];
  return values.jsonl ? assessJsonl(file) : assessOne(file);
}

async function runWorkdays(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    calendar: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    await write(`${HELP.workdays}\n`);
    return 0;
  }
  const [sub, date, n, ...extra] = positionals;
  if (sub !== 'add' || date === undefined || n === undefined || extra.length > 0) {
    throw new UsageError(`用法错误\n\n${HELP.workdays}`);
  }
  if (parseIsoDate(date) === null) throw new UsageError(`日期无效：${date}（应为 YYYY-MM-DD 格式的真实日期）`);
  if (!/^\d{1,4}$/.test(n)) throw new UsageError(`工作日数无效：${n}（应为 0–9999 的整数）`);
  const tables: HolidayTable[] = [loadVendoredHolidays()];
  for (const file of (values.calendar as string[] | undefined) ?? []) {
    const { readFileSync } = await import('node:fs');
    tables.push(JSON.parse(readFileSync(file, 'utf8')) as HolidayTable);
  }
  const result = addWorkingDays(date, Number(n), mergeHolidayTables(...tables));
  await write(`${result.date}\n`);
  if (result.provisional) {
    process.stderr.write(
      '警告：计算范围内有年份尚未载入国务院节假日安排，仅按周末计算，结果为暂定（provisional），请在官方安排发布后复核。\n',
    );
  }
  return 0;
}

async function runAudit(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, { help: { type: 'boolean', short: 'h' } });
  if (values.help) {
    await write(`${HELP.audit}\n`);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== 'verify') throw new UsageError(`用法错误\n\n${HELP.audit}`);
  // Loaded only for this command: the rest of the CLI never touches a database.
  const { auditVerify } = await import('./audit-command.js');
  const { ConfigError } = await import('../config.js');
  try {
    const { code, report } = await auditVerify();
    await write(report);
    return code;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function parse<
  T extends (Parameters<typeof parseArgs>[0] extends infer C ? (C extends { options?: infer O } ? O : never) : never),
>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    if (error instanceof UsageError) process.stderr.write(`kexiao：${error.message}\n`);
    else if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
      process.stderr.write(`kexiao：无法读取文件：${(error as Error).message}\n`);
    } else process.stderr.write(`kexiao：内部错误：${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 2;
  },
);
