/** The `kexiao` command as users run it: a real process, real stdin/stdout, exit codes per the contract. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractExampleInput } from '@kexiao/rules';
import { describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/kexiao.js', import.meta.url));
const run = (args: string[], input?: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { input, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

const example = contractExampleInput();
const expected = {
  ruleSetId: '2024',
  eligible: true,
  route: 'score',
  score: { total: 84, techStaff: 16, rdInput: 50, rdBasis: 'salesRevenue', ipResults: 18 },
  failures: [],
  fastTrackMet: [],
  onSiteCheck: ['firstTime'],
};

describe('kexiao assess', () => {
  it('reads stdin and prints one JSON result, exit 0', () => {
    const r = run(['assess'], JSON.stringify(example));
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('reads a FILE', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kexiao-cli-'));
    const file = join(dir, 'input.json');
    writeFileSync(file, JSON.stringify(example, null, 2));
    const r = run(['assess', file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(expected);
  });

  it('invalid input: only JSON on stdout, the contract error, exit 1', () => {
    const r = run(['assess'], JSON.stringify({ ...example, evaluationYear: 1999, extra: 1 }));
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.error.code).toBe('invalid_input');
    expect(out.error.fields.map((f: { path: string }) => f.path)).toEqual(['extra', 'evaluationYear']);
  });

  it('malformed JSON gives an error object, exit 1', () => {
    const r = run(['assess'], '{"evaluationYear": ');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).error.code).toBe('invalid_json');
  });

  it('a missing file is a usage problem: message on stderr, nothing on stdout, exit 2', () => {
    const r = run(['assess', '/nonexistent/input.json']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('无法读取文件');
  });

  it('--help explains the command', () => {
    const r = run(['assess', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('--jsonl');
  });
});

describe('kexiao assess --jsonl', () => {
  it('one result line per input line, in order; bad lines give error lines and processing continues; exit 1', () => {
    const other = { ...example, figures: { ...example.figures, techStaff: 9 } };
    const lines = [
      JSON.stringify(example),
      'not json',
      JSON.stringify({ nope: true }),
      JSON.stringify(other),
      JSON.stringify(example),
    ];
    const r = run(['assess', '--jsonl'], `${lines.join('\r\n')}\n`);
    expect(r.code).toBe(1);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(5);
    expect(out[0]).toEqual(expected);
    expect(out[1].error.code).toBe('invalid_json');
    expect(out[2].error.code).toBe('invalid_input');
    expect(out[3].failures.map((f: { code: string }) => f.code)).toEqual(['tech_staff_score_zero']);
    expect(out[4]).toEqual(expected);
  });

  it('all valid lines exit 0, and a last line without newline is read', () => {
    const r = run(['assess', '--jsonl'], `${JSON.stringify(example)}\n${JSON.stringify(example)}`);
    expect(r.code).toBe(0);
    expect(r.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('keeps order across many lines and chunk boundaries', () => {
    const inputs = Array.from({ length: 3000 }, (_, i) => ({
      ...example,
      figures: { ...example.figures, techStaff: i % 101 },
    }));
    const r = run(['assess', '--jsonl'], inputs.map((x) => JSON.stringify(x)).join('\n'));
    expect(r.code).toBe(0);
    const out = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out).toHaveLength(3000);
    const techScore = (t: number) => (t >= 30 ? 20 : t >= 25 ? 16 : t >= 20 ? 12 : t >= 15 ? 8 : t >= 10 ? 4 : 0);
    out.forEach((o, i) => {
      expect(o.score.techStaff).toBe(techScore(i % 101));
    });
  });
});

describe('kexiao workdays add', () => {
  it('prints the N-th working day after DATE on the official calendar', () => {
    const r = run(['workdays', 'add', '2025-09-30', '5']);
    expect(r).toEqual({ code: 0, stdout: '2025-10-14\n', stderr: '' });
  });

  it('warns on stderr when the answer is provisional', () => {
    const r = run(['workdays', 'add', '2026-12-30', '2']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('2027-01-01\n');
    expect(r.stderr).toContain('暂定');
  });

  it('takes a later arrangement with --calendar', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kexiao-cal-'));
    const file = join(dir, '2027.json');
    writeFileSync(
      file,
      JSON.stringify({
        years: { '2027': { source: 'test', holidays: [{ date: '2027-01-01', name: '元旦' }], workdays: [] } },
      }),
    );
    const r = run(['workdays', 'add', '2026-12-30', '2', '--calendar', file]);
    expect(r).toEqual({ code: 0, stdout: '2027-01-04\n', stderr: '' });
  });

  it('rejects bad dates and counts with exit 2', () => {
    for (const args of [['2025-02-30', '5'], ['2025-01-01', '-1'], ['2025-01-01', 'x'], ['2025-01-01']]) {
      const r = run(['workdays', 'add', ...args]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/kexiao：/);
    }
  });

  it('--help', () => {
    expect(run(['workdays', '--help']).stdout).toContain('工作日');
    expect(run(['--help']).code).toBe(0);
    expect(run(['frobnicate']).code).toBe(2);
  });
});
