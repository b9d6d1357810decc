// Calls GonkaGate straight from the browser: the anti-pattern keylint reports.
// Vite replaces the variable below with the key at build time, so the key ships
// in this module's chunk to every visitor.
const baseURL = "https://api.gonkagate.com/v1";

export async function ask(question: string): Promise<string> {
  const res = await fetch(`${baseURL}/chat/completions`, {
    method: "POST",
    headers: {
      Authorization: `Bearer ${import.meta.env.VITE_GONKAGATE_API_KEY}`,
      "Content-Type": "application/json",
    },
    body: JSON.stringify({ model: "gonka", messages: [{ role: "user", content: question }] }),
  });
  const data = await res.json();
  return data.choices[0].message.content;
}
