import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// `cutout serve` (the key-safe proxy, local engine without CODIA_API_KEY) listens on
// 127.0.0.1:8787; the app reaches it same-origin under /api/cutout, in dev and in preview.
const target = process.env.CUTOUT_PROXY_URL ?? 'http://127.0.0.1:8787';
const proxy = {
  '/api/cutout': { target, rewrite: (path: string) => path.replace(/^\/api\/cutout/, '') },
};

export default defineConfig({
  plugins: [react()],
  server: { proxy },
  preview: { proxy },
});
