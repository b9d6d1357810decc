// Command newkey prints a random GonkaGate API key that keylint's built-in rules
// recognise, for CI fixtures built at run time (go run ./scripts/newkey). No key is committed.
package main

import (
	"fmt"
	"os"

	"github.com/keylint/keylint/internal/testkey"
	"github.com/keylint/keylint/scanner/rules"
)

func main() {
	set, err := rules.Compile(rules.Builtin())
	if err != nil {
		fmt.Fprintln(os.Stderr, "newkey:", err)
		os.Exit(2)
	}
	for range 100 {
		k := testkey.GonkaGate(nil)
		if ms := set.Find([]byte(k)); len(ms) == 1 && ms[0].Key == k && ms[0].Rule.ID == "gonkagate-api-key" {
			fmt.Println(k)
			return
		}
	}
	fmt.Fprintln(os.Stderr, "newkey: no random key was recognised")
	os.Exit(2)
}
