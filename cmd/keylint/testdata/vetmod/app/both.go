package main

import "example.com/vetmod/keys"

// Two keys use the one import: only both fixes together leave it unused.
var (
	a = keys.Prefix + "{{body}}"
	b = keys.Prefix + "{{body}}"
)

var other = a + b
