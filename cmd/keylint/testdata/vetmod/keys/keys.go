// Package keys holds the pieces of a key, neither a key by itself.
package keys

// Prefix is the GonkaGate API key prefix.
const Prefix = "gp-"

// Rest is the rest of a key.
const Rest = "{{body}}"
