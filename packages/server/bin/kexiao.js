#!/usr/bin/env node
// The `kexiao` command. The TypeScript sources are compiled by `npm ci` (the root `prepare` script).
import('../dist/cli/main.js').catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli/main.js')) {
    process.stderr.write('kexiao：尚未编译，请先在仓库根目录运行 npm ci（或 npm run build:node）。\n');
    process.exit(2);
  }
  throw error;
});
