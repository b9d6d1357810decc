package report

import (
	"strings"
	"testing"
)

func TestAdvice(t *testing.T) {
	tests := []struct {
		name, file, env string
		want            string // a part the advice must hold
		bundle          bool   // the finding's mark of built output
	}{
		{"go", "cmd/chat/main.go", "GONKAGATE_API_KEY", `os.Getenv("GONKAGATE_API_KEY")`, false},
		{"python", "scripts/chat.py", "GONKAGATE_API_KEY", `os.environ["GONKAGATE_API_KEY"]`, false},
		{"python dotenv", "scripts/chat.py", "FASTGPT_API_KEY", "python-dotenv", false},
		{"notebook", "notebooks/demo.ipynb", "FASTGPT_API_KEY", `os.environ["FASTGPT_API_KEY"]`, false},
		{"node server only", "web/src/api/client.ts", "FASTGPT_API_KEY", "process.env.FASTGPT_API_KEY on the server only", false},
		{"vue component", "web/src/views/ChatForm.vue", "FASTGPT_API_KEY", "call the provider from a server route", false},
		{"react component", "web/src/App.tsx", "GONKAGATE_API_KEY", "a component runs in the browser", false},
		{"svelte component", "src/routes/+page.svelte", "FASTGPT_API_KEY", "server route or proxy that reads FASTGPT_API_KEY", false},
		{"spring yaml", "kb-bot/src/main/resources/application.yml", "FASTGPT_API_KEY", "${FASTGPT_API_KEY}", false},
		{"spring profile", "src/main/resources/application-test.yaml", "FASTGPT_API_KEY", "Spring resolves the placeholder", false},
		{"spring properties", "src/main/resources/application.properties", "FASTGPT_API_KEY", "${FASTGPT_API_KEY}", false},
		{"spring bootstrap", "config/bootstrap-dev.yml", "FASTGPT_API_KEY", "${FASTGPT_API_KEY}", false},
		{"not spring", "config/applications.yml", "FASTGPT_API_KEY", "secretKeyRef", false},
		{"java json string", "src/main/java/Chat.java", "FASTGPT_API_KEY", `System.getenv("FASTGPT_API_KEY")`, false},
		{"shell", "scripts/models.sh", "GONKAGATE_API_KEY", `"$GONKAGATE_API_KEY"`, false},
		{"dockerfile run time", "Dockerfile", "FASTGPT_API_KEY", "docker run -e FASTGPT_API_KEY", false},
		{"dockerfile build secret", "build/Dockerfile.prod", "FASTGPT_API_KEY", "--mount=type=secret", false},
		{"compose", "deploy/docker-compose.yml", "GONKAGATE_API_KEY", "${GONKAGATE_API_KEY}", false},
		{"compose v2 name", "compose.yaml", "GONKAGATE_API_KEY", "${GONKAGATE_API_KEY}", false},
		{"kubernetes", "deploy/k8s/secret.yaml", "GONKAGATE_API_KEY", "secretKeyRef", false},
		{"github actions", ".github/workflows/ci.yml", "GONKAGATE_API_KEY", "${{ secrets.GONKAGATE_API_KEY }}", false},
		{"dotenv", ".env", "GONKAGATE_API_KEY", ".env.example", false},
		{"dotenv suffix", "web/.env.production", "GONKAGATE_API_KEY", "keylint gitignore --fix", false},
		{"dotenv star", "deploy/prod.env", "GONKAGATE_API_KEY", "keep .env files out of git", false},
		{"bundle", "web/dist/assets/index-4f9a2c1e.js", "GONKAGATE_API_KEY", "server route or proxy", true},
		{"source map", "web/dist/app.js.map", "FASTGPT_API_KEY", "server route or proxy", true},
		{"html", "public/index.html", "FASTGPT_API_KEY", "browser", true},
		{"marked bundle: the mark decides, not the path", "static/app.js", "GONKAGATE_API_KEY", "remove it from the front-end build", true},
		{"marked bundle of any name", "assets/app.js", "GONKAGATE_API_KEY", "remove it from the front-end build", true},
		{"a dist path without the mark is the language's advice", "web/dist/server.js", "GONKAGATE_API_KEY", "process.env.GONKAGATE_API_KEY on the server only", false},
		{"served page", "https://app.example/assets/app.js", "GONKAGATE_API_KEY", "rotate the key now", true},
		{"powershell", "tools/win.ps1", "GONKAGATE_API_KEY", "$env:GONKAGATE_API_KEY", false},
		{"java", "android/Llm.java", "GONKAGATE_API_KEY", `System.getenv("GONKAGATE_API_KEY")`, false},
		{"toml", "config/app.toml", "GONKAGATE_API_KEY", "read GONKAGATE_API_KEY from the environment", false},
		{"makefile", "Makefile", "GONKAGATE_API_KEY", "$(GONKAGATE_API_KEY)", false},
		{"unknown", "notes.txt", "FASTGPT_API_KEY", "FASTGPT_API_KEY environment variable", false},
		{"no variable", "main.go", "", "secret store", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Advice(tt.file, tt.env, tt.bundle); !strings.Contains(got, tt.want) {
				t.Errorf("Advice(%q, %q, %v) = %q, want it to hold %q", tt.file, tt.env, tt.bundle, got, tt.want)
			}
		})
	}
}
