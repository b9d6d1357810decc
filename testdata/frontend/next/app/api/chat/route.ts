// The right way: the key stays on the server.
export async function POST(req: Request) {
  const res = await fetch(`${process.env.FASTGPT_BASE_URL}/api/v1/chat/completions`, {
    method: "POST",
    headers: { Authorization: `Bearer ${process.env.FASTGPT_API_KEY}` },
    body: await req.text(),
  });
  return new Response(res.body, { status: res.status });
}
