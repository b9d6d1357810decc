package rules

import (
	"bytes"
	"os"
	"testing"
)

// benchCode returns the text of KEYLINT_BENCH_CODE, or code-like text with a '-' every
// few dozen bytes.
func benchCode(b *testing.B) []byte {
	if p := os.Getenv("KEYLINT_BENCH_CODE"); p != "" {
		data, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		return data
	}
	return bytes.Repeat([]byte(`.btn-primary{margin-left:-4px;font-size:12px} x = a - b; // step-by-step `), 1<<14)
}
