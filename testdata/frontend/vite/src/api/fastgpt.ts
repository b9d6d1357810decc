// Talks to FastGPT straight from the browser: the key below ships to every visitor.
export const fastgpt = {
  key: "{{FASTGPT_KEY}}",
  url: "http://localhost:3000",
};

export async function ask(q: string) {
  return fetch(`${fastgpt.url}/api/v1/chat/completions`, { method: "POST", body: JSON.stringify({ q }) });
}
