package report

import (
	"strings"
	"testing"
)

func TestAdvice(t *testing.T) {
	tests := []struct {
		name, file, env string
		want            string // a part the advice must hold
	}{
		{"go", "cmd/chat/main.go", "GONKAGATE_API_KEY", `os.Getenv("GONKAGATE_API_KEY")`},
		{"python", "scripts/chat.py", "GONKAGATE_API_KEY", `os.environ["GONKAGATE_API_KEY"]`},
		{"python dotenv", "scripts/chat.py", "FASTGPT_API_KEY", "python-dotenv"},
		{"notebook", "notebooks/demo.ipynb", "FASTGPT_API_KEY", `os.environ["FASTGPT_API_KEY"]`},
		{"node server only", "web/src/api/client.ts", "FASTGPT_API_KEY", "process.env.FASTGPT_API_KEY on the server only"},
		{"vue component", "web/src/views/ChatForm.vue", "FASTGPT_API_KEY", "call the provider from a server route"},
		{"react component", "web/src/App.tsx", "GONKAGATE_API_KEY", "a component runs in the browser"},
		{"svelte component", "src/routes/+page.svelte", "FASTGPT_API_KEY", "server route or proxy that reads FASTGPT_API_KEY"},
		{"spring yaml", "kb-bot/src/main/resources/application.yml", "FASTGPT_API_KEY", "${FASTGPT_API_KEY}"},
		{"spring profile", "src/main/resources/application-test.yaml", "FASTGPT_API_KEY", "Spring resolves the placeholder"},
		{"spring properties", "src/main/resources/application.properties", "FASTGPT_API_KEY", "${FASTGPT_API_KEY}"},
		{"spring bootstrap", "config/bootstrap-dev.yml", "FASTGPT_API_KEY", "${FASTGPT_API_KEY}"},
		{"not spring", "config/applications.yml", "FASTGPT_API_KEY", "secretKeyRef"},
		{"java json string", "src/main/java/Chat.java", "FASTGPT_API_KEY", `System.getenv("FASTGPT_API_KEY")`},
		{"shell", "scripts/models.sh", "GONKAGATE_API_KEY", `"$GONKAGATE_API_KEY"`},
		{"dockerfile run time", "Dockerfile", "FASTGPT_API_KEY", "docker run -e FASTGPT_API_KEY"},
		{"dockerfile build secret", "build/Dockerfile.prod", "FASTGPT_API_KEY", "--mount=type=secret"},
		{"compose", "deploy/docker-compose.yml", "GONKAGATE_API_KEY", "${GONKAGATE_API_KEY}"},
		{"compose v2 name", "compose.yaml", "GONKAGATE_API_KEY", "${GONKAGATE_API_KEY}"},
		{"kubernetes", "deploy/k8s/secret.yaml", "GONKAGATE_API_KEY", "secretKeyRef"},
		{"github actions", ".github/workflows/ci.yml", "GONKAGATE_API_KEY", "${{ secrets.GONKAGATE_API_KEY }}"},
		{"dotenv", ".env", "GONKAGATE_API_KEY", ".env.example"},
		{"dotenv suffix", "web/.env.production", "GONKAGATE_API_KEY", "keylint gitignore --fix"},
		{"dotenv star", "deploy/prod.env", "GONKAGATE_API_KEY", "keep .env files out of git"},
		{"bundle", "web/dist/assets/index-4f9a2c1e.js", "GONKAGATE_API_KEY", "server route or proxy"},
		{"source map", "web/dist/app.js.map", "FASTGPT_API_KEY", "server route or proxy"},
		{"html", "public/index.html", "FASTGPT_API_KEY", "browser"},
		{"powershell", "tools/win.ps1", "GONKAGATE_API_KEY", "$env:GONKAGATE_API_KEY"},
		{"java", "android/Llm.java", "GONKAGATE_API_KEY", `System.getenv("GONKAGATE_API_KEY")`},
		{"toml", "config/app.toml", "GONKAGATE_API_KEY", "read GONKAGATE_API_KEY from the environment"},
		{"makefile", "Makefile", "GONKAGATE_API_KEY", "$(GONKAGATE_API_KEY)"},
		{"unknown", "notes.txt", "FASTGPT_API_KEY", "FASTGPT_API_KEY environment variable"},
		{"no variable", "main.go", "", "secret store"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Advice(tt.file, tt.env); !strings.Contains(got, tt.want) {
				t.Errorf("Advice(%q, %q) = %q, want it to hold %q", tt.file, tt.env, got, tt.want)
			}
		})
	}
}
