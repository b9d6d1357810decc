// Package rules owns the key formats keylint recognises.
//
// A Rule describes one kind of key: its case-sensitive prefixes, the alphabet and
// length bands of the body after the prefix, and samples that must and must not
// match. Compile checks every rule against its own samples and returns a Set, an
// immutable recogniser that the file scanner, the git scanner and the Go analyzer
// all call, so that key formats live in exactly one place.
//
// A prefix is only the start of the evidence. A candidate is a key when it begins
// at a token boundary, its body fits the rule's alphabet and lengths, and, for
// random tokens, the body looks random: more than one character class, high
// entropy, no runs or sequences, no placeholder words, no word-like structure,
// and not a file name, host name or cloud resource id (see tests.go for the tests, in the order they decide).
package rules
