/**
 * `kexiao audit verify`: walk the audit chain of the configured database (DATABASE_URL, or PGlite in
 * DATA_DIR) and report the first altered or missing entry. Exit 0 intact, 1 broken.
 * PGlite's directory must not be open in a running server at the same time (stop it, or use PostgreSQL).
 */
import { loadConfig } from '../config.js';
import { createDatabase } from '../db/index.js';
import { verifyAuditChain } from '../platform/audit.js';

export async function auditVerify(): Promise<{ code: number; report: string }> {
  const config = loadConfig();
  const database = await createDatabase(config, { poolSize: 1 });
  try {
    const result = await verifyAuditChain(database.db);
    const where = config.databaseUrl ? 'PostgreSQL' : `PGlite（${config.dataDir}）`;
    if (result.ok) {
      return {
        code: 0,
        report: `审计日志完整：共${result.checked}条，哈希链无断点（${where}）。\n最新记录：第${result.lastSeq ?? 0}条，链头哈希 ${result.headHash ?? '（空）'}\n`,
      };
    }
    return {
      code: 1,
      report: `审计日志被篡改或缺失：${result.problem?.message ?? ''}（此前${result.checked}条完好；${where}）。\n`,
    };
  } finally {
    await database.close();
  }
}
