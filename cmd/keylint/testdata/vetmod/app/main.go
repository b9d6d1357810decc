package main

import (
	"fmt"

	"example.com/vetmod/keys"
)

// joined is a key folded across packages; the fix leaves the keys import unused.
const joined = keys.Prefix + keys.Rest

func main() {
	fmt.Println(joined, "{{fg}}")
	fmt.Println(client("{{gp}}"), other, buf, first, second)
}

func client(key string) int { return len(key) }
