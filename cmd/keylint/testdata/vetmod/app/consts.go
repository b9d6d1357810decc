package main

const (
	first  = "{{gp}}" // a key
	second = "{{fg}}" // another
	width  = "{{gp}}" // the one that must stay a constant
)

// buf's length makes width unfixable.
var buf [len(width)]byte
