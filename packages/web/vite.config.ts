import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    rolldownOptions: {
      onLog(level, log, handler) {
        // antd and @ant-design/icons mark every module "use client" (a React Server Components hint): harmless here.
        if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
        handler(level, log);
      },
      output: {
        // Vendor code in long-cached chunks of its own (React; antd; antd's rc-component/cssinjs/dayjs deps; icons);
        // app code, with @kexiao/rules, in the entry chunk.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'antd-icons', test: /[\\/]node_modules[\\/]@ant-design[\\/]icons(-svg)?[\\/]/, priority: 20 },
            { name: 'antd', test: /[\\/]node_modules[\\/]antd[\\/]/, priority: 15 },
            { name: 'antd-deps', test: /[\\/]node_modules[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
});
