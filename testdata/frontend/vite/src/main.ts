import { ask } from "./api/fastgpt";

const base = import.meta.env.VITE_API_BASE;
const key = import.meta.env.VITE_GONKAGATE_API_KEY;

export async function models() {
  return fetch(`${base}/models`, { headers: { Authorization: `Bearer ${key}` } });
}

export { ask };
