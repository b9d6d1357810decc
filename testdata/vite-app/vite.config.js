import { defineConfig } from "vite";

// Source maps are emitted and served next to each chunk, as many deployments do.
export default defineConfig({
  build: { sourcemap: true },
});
