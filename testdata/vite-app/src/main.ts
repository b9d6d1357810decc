// The chat code is loaded only when the button is pressed: its chunk is named
// nowhere in index.html, only in this entry's dynamic import.
const button = document.querySelector<HTMLButtonElement>("#ask")!;
const out = document.querySelector<HTMLPreElement>("#out")!;

button.addEventListener("click", async () => {
  const { ask } = await import("./chat");
  out.textContent = await ask("Hello");
});
