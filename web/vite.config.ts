import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The client package from its TypeScript sources (its dist is CommonJS for Node).
export default defineConfig({
  resolve: { alias: { '@stampede/client': fileURLToPath(new URL('../client/src/index.ts', import.meta.url)) } },
  server: { port: 3300, strictPort: true },
  preview: { port: 3300, strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true },
});
