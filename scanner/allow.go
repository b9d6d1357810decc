package scanner

import "bytes"

// allowMarkers suppress findings on the line that holds them, in any comment syntax.
var allowMarkers = [][]byte{[]byte("keylint:allow"), []byte("gitleaks:allow")}

// allowed reports whether line carries an inline allow marker.
func allowed(line []byte) bool {
	for _, m := range allowMarkers {
		if bytes.Contains(line, m) {
			return true
		}
	}
	return false
}
