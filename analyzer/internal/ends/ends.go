// Package ends finds what two sequences share at their ends, the first step of a diff.
package ends

// Common returns how many leading and then trailing elements a and b share; the two never
// overlap: prefix+suffix is at most the length of the shorter.
func Common[T comparable](a, b []T) (prefix, suffix int) {
	for prefix < len(a) && prefix < len(b) && a[prefix] == b[prefix] {
		prefix++
	}
	for suffix < len(a)-prefix && suffix < len(b)-prefix && a[len(a)-1-suffix] == b[len(b)-1-suffix] {
		suffix++
	}
	return prefix, suffix
}
