package analyzer

import (
	_ "embed"
	"strings"
)

//go:embed doc.go
var docGo string

// Doc returns the analyzer's documentation, as shown by go vet -help and keylint vet -help:
// the "Analyzer keylint" section of the package documentation in doc.go, its title line first.
func Doc() string { return extractDoc(docGo, "keylint") }

// extractDoc returns the section "# Analyzer name" of the package comment in src, with its
// first line's "name: " prefix removed, as x/tools' own passes take their Doc from doc.go.
func extractDoc(src, name string) string {
	var lines []string
	in := false
	for _, l := range strings.Split(src, "\n") {
		if !strings.HasPrefix(l, "//") {
			if in || strings.HasPrefix(l, "package ") {
				break
			}
			continue
		}
		text := strings.TrimPrefix(strings.TrimPrefix(l, "//"), " ")
		if strings.HasPrefix(text, "# ") {
			if in {
				break
			}
			in = text == "# Analyzer "+name
			continue
		}
		if in {
			lines = append(lines, text)
		}
	}
	doc := strings.TrimSpace(strings.Join(lines, "\n"))
	return strings.TrimPrefix(doc, name+": ")
}
