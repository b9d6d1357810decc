package frontend

import "strings"

// deployedDirs are the folders bundlers write the deployed build into, as trailing path components:
// Vite, Rollup and webpack (dist), Create React App (build), static exports (out), Nuxt and Nitro
// (.output), SvelteKit (.svelte-kit/output) and Next.js (.next/static, .next/server, .next/standalone;
// not .next/cache, which is never deployed).
var deployedDirs = [][]string{
	{"dist"}, {"build"}, {"out"}, {".output"}, {".svelte-kit", "output"},
	{".next", "static"}, {".next", "server"}, {".next", "standalone"},
}

// IgnoredOutput says of a folder git ignores (a slash path) whether it is built output to walk
// whole even so, or a folder to enter only to reach built output inside it (.next, .svelte-kit).
// Nothing under node_modules is built output of this project.
func IgnoredOutput(dir string) (enter, whole bool) {
	parts := strings.Split(strings.Trim(dir, "/"), "/")
	for _, p := range parts {
		if p == "node_modules" {
			return false, false
		}
	}
	for _, want := range deployedDirs {
		if hasSuffix(parts, want) {
			return true, true
		}
		for k := 1; k < len(want); k++ {
			if hasSuffix(parts, want[:k]) {
				enter = true
			}
		}
	}
	return enter, false
}

func hasSuffix(parts, want []string) bool {
	if len(parts) < len(want) {
		return false
	}
	tail := parts[len(parts)-len(want):]
	for i := range want {
		if tail[i] != want[i] {
			return false
		}
	}
	return true
}
