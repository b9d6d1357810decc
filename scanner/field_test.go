package scanner_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner"
)

// fieldKey makes a FastGPT key of a shape seen in public code: a body of n characters
// starting with first, optionally with FastGPT's "-<24 hex appId>" suffix.
func fieldKey(r *rand.Rand, first byte, n int, appID bool) string {
	k := "fastgpt-" + string(first) + testkey.Body(r, n-1)
	if appID {
		k += "-" + testkey.From(r, "0123456789abcdef", 24)
	}
	return k
}

// TestFieldShapes finds FastGPT keys of every shape seen in public code, in the files
// and lines where users put them, each once and whole.
func TestFieldShapes(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	shapes := []struct {
		name  string
		first string
		n     int
		appID bool
	}{
		{"generator: lower-case first, 56", "abcdefghijklmnopqrstuvwxyz", 56, false},
		{"upper-case first, 55", "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 55, false},
		{"digit first, 60", "0123456789", 60, false},
		{"between the bands, 40", "aB3", 40, false},
		{"between the bands, 47", "Zq9", 47, false},
		{"old, 24", "abcxyz", 24, false},
		{"old, 32, app id", "Kk7", 32, true},
		{"longest, 65", "mM5", 65, false},
	}
	places := []struct {
		name, file, line string // line holds {KEY} where the key goes
	}{
		{"spring yaml", "src/main/resources/application-test.yml", "  api-key: {KEY}"},
		{"vue form default", "src/views/Chat.vue", "      apikey: '{KEY}',"},
		{"axios header", "src/api.js", "axios.defaults.headers.common['Authorization'] = 'Bearer {KEY}'"},
		{"java constant", "src/main/java/Kb.java", `    static final String API_KEY = "{KEY}";`},
		{"js model map", "src/models.js", `  "gpt-4o": "{KEY}",`},
		{"json in a java string", "src/main/java/Req.java", `String body = "{\"chatId\":\"{KEY}\",\"stream\":false}";`},
		{"python headers", "tools/sync.py", `HEADERS = {"Authorization": "Bearer {KEY}"}`},
		{"readme curl", "README.md", `curl -H 'Authorization: Bearer {KEY}' http://localhost:3000/api/v1/chat/completions`},
		{"markdown bold", "docs/setup.md", "API key: **{KEY}**"},
		{"url-encoded query", "logs/request.txt", "GET /api?key=%22{KEY}%22 200"},
		{"chinese text", "docs/zh.md", "密钥：{KEY}（请勿泄露）"},
	}
	s := newScanner(t, scanner.Options{})
	for _, sh := range shapes {
		for _, pl := range places {
			t.Run(sh.name+"/"+pl.name, func(t *testing.T) {
				k := fieldKey(r, sh.first[r.IntN(len(sh.first))], sh.n, sh.appID)
				line := strings.Replace(pl.line, "{KEY}", k, 1)
				got, err := s.Scan(context.Background(), item(pl.file, []byte("x\n"+line+"\n")))
				if err != nil {
					t.Fatal(err)
				}
				col := utf8.RuneCountInString(line[:strings.Index(line, k)]) + 1
				want := []string{fmt.Sprintf("2:%d fastgpt-api-key whole", col)}
				var have []string
				for _, f := range got {
					whole := "part"
					if f.Secret == k {
						whole = "whole"
					}
					have = append(have, fmt.Sprintf("%d:%d %s %s", f.Line, f.Column, f.RuleID, whole))
				}
				if diff := cmp.Diff(want, have); diff != "" {
					t.Errorf("a %d-character key (-want +got)\n%s", len(k), diff)
				}
			})
		}
	}
}
