"use client";

export default function Page() {
  const key = process.env.NEXT_PUBLIC_FASTGPT_API_KEY;
  const base = process.env.NEXT_PUBLIC_FASTGPT_BASE_URL;
  return <button onClick={() => fetch(`${base}/api/v1/chat/completions`, { headers: { Authorization: `Bearer ${key}` } })}>Ask</button>;
}
