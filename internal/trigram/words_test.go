package trigram

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

func TestWords(t *testing.T) {
	kws := [][]byte{[]byte("GONKA"), []byte("FASTGPT"), []byte("GONKA")}
	pad := strings.Repeat("const NK = GPT_A; ", 10)
	tests := []struct {
		name string
		text string
		want bool
	}{
		{"empty", "", false},
		{"alone", "GONKA", true},
		{"the second", "FASTGPT", true},
		{"its end only", "NKA", false},
		{"cut at the start", "ONKA" + pad, false},
		{"after padding", pad + "x FASTGPT_URL", true},
		{"end of one, start of another", pad + "GONKFASTGP" + pad, false},
		{"the last bytes", pad + "GONKA", true},
		{"ends without the word", pad + "xxNKA yyGPT" + pad, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k := NewWords(kws)
			if k.ends == nil {
				t.Fatal("the words are searched one by one")
			}
			if got := k.In([]byte(tt.text)); got != tt.want {
				t.Errorf("in = %v, want %v", got, tt.want)
			}
		})
	}
}

// TestWordsRandom checks Words against bytes.Contains for each word, with
// words that Set takes and ones it does not (too short, too many endings).
func TestWordsRandom(t *testing.T) {
	r := rand.New(rand.NewPCG(18, 3))
	sets := [][]string{
		{"GONKA", "FASTGPT"},
		{"abc", "xbc"},
		{"ab", "abc"},
		{"aab", "bba", "cca", "ddb", "eec"},
	}
	for _, words := range sets {
		var kws [][]byte
		for _, w := range words {
			kws = append(kws, []byte(w))
		}
		k := NewWords(kws)
		alpha := []byte(strings.Join(words, ""))
		for range 3000 {
			text := make([]byte, r.IntN(200))
			for i := range text {
				text[i] = alpha[r.IntN(len(alpha))]
				if r.IntN(3) == 0 {
					text[i] = 'z'
				}
			}
			want := slices.ContainsFunc(kws, func(w []byte) bool { return bytes.Contains(text, w) })
			if got := k.In(text); got != want {
				t.Fatalf("keywords %q, text %q: in = %v, want %v", words, text, got, want)
			}
		}
	}
}
