package report

import (
	"path"
	"strings"

	"github.com/keylint/keylint/scanner/envfile"
	"github.com/keylint/keylint/scanner/source"
)

// Advice says, in the file's own language and tool, how to read the key from envVar instead;
// bundle is the finding's own mark (source.Location.Bundle) that file is built front-end output.
func Advice(file, envVar string, bundle bool) string {
	if envVar == "" {
		return "move the key out of the code into a secret store or environment variable, and rotate it"
	}
	base := strings.ToLower(path.Base(file))
	ext := path.Ext(base)
	switch {
	case source.IsURL(file): // served by a site
		return "rotate the key now: it was served to browsers at " + file + ", so it is public; then move the call behind a server route " +
			"or proxy that reads " + envVar + " from its environment, and rebuild and redeploy without it"
	case bundle:
		return "remove it from the front-end build: anyone can read it in the browser's developer tools; call the provider " +
			"from a server route or proxy that reads " + envVar + " from its environment"
	case base == "dockerfile" || strings.HasPrefix(base, "dockerfile.") || ext == ".dockerfile" || base == "containerfile":
		return "pass it at run time (docker run -e " + envVar + ") or as a build secret (RUN --mount=type=secret,id=" +
			strings.ToLower(envVar) + "), never in ENV or ARG"
	case strings.HasPrefix(base, "docker-compose") || strings.HasPrefix(base, "compose."):
		return "write ${" + envVar + "} and keep the value in the shell or an ignored .env file"
	case strings.Contains("/"+file, "/.github/workflows/"):
		return "store it as a repository secret and write ${{ secrets." + envVar + " }}"
	case envfile.IsEnvFile(file):
		return "keep .env files out of git (keylint gitignore --fix), commit a .env.example with placeholders, " +
			"and load the real one locally (python-dotenv, dotenv)"
	case base == "makefile" || ext == ".mk":
		return "write $(" + envVar + ") and set it in the environment"
	case springConfig(base, ext):
		return "write ${" + envVar + "} as the property's value: Spring resolves the placeholder from the environment " +
			"where the application runs; keep the real value in the deployment's secrets"
	case ext == ".vue" || ext == ".svelte" || ext == ".jsx" || ext == ".tsx":
		return "a component runs in the browser, where anyone can read the key: call the provider from a server " +
			"route or proxy that reads " + envVar + " from its environment"
	}
	return byExtension(ext, envVar)
}

// PublicAdvice is the fix for a key read through a public build-time variable (VITE_, NEXT_PUBLIC_ …).
func PublicAdvice(envVar string) string {
	if envVar == "" {
		envVar = "the key"
	}
	return "the bundler inlines this variable into the client, where every visitor can read it: drop the public prefix " +
		"and call the provider from a server route or proxy that reads " + envVar + " from its environment"
}

// byExtension is the advice for a programming or configuration language.
func byExtension(ext, envVar string) string {
	switch ext {
	case ".go":
		return `os.Getenv("` + envVar + `")`
	case ".py", ".ipynb":
		return `os.environ["` + envVar + `"] (python-dotenv for a local .env)`
	case ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".astro":
		return "process.env." + envVar + " on the server only; browsers must call your server route or proxy, never the provider with the key"
	case ".sh", ".bash", ".zsh", ".ksh":
		return `"$` + envVar + `"`
	case ".ps1":
		return "$env:" + envVar
	case ".yaml", ".yml":
		return "a Kubernetes Secret read with valueFrom.secretKeyRef (env name " + envVar + "), or your CI's secret store; never the value in the manifest"
	case ".java", ".kt":
		return `System.getenv("` + envVar + `")`
	case ".cs":
		return `Environment.GetEnvironmentVariable("` + envVar + `")`
	case ".rs":
		return `std::env::var("` + envVar + `")`
	case ".php":
		return `getenv('` + envVar + `')`
	case ".rb":
		return `ENV.fetch("` + envVar + `")`
	case ".html", ".htm", ".map", ".css":
		return "remove it from the page: anyone can read it in the browser; call the provider from a server route or proxy that reads " + envVar
	case ".json", ".toml", ".ini", ".cfg", ".conf", ".properties", ".xml":
		return "leave it out of the file and read " + envVar + " from the environment in the code that loads it"
	}
	return "read it from the " + envVar + " environment variable"
}

// springConfig reports a Spring Boot configuration file: application[-profile] or bootstrap, in YAML or properties.
func springConfig(base, ext string) bool {
	if ext != ".yml" && ext != ".yaml" && ext != ".properties" {
		return false
	}
	name := strings.TrimSuffix(base, ext)
	for _, stem := range []string{"application", "bootstrap"} {
		if name == stem || strings.HasPrefix(name, stem+"-") {
			return true
		}
	}
	return false
}
