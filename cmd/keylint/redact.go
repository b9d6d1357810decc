package main

import (
	"io"

	"github.com/keylint/keylint/scanner/rules"
)

// redacting is a writer for messages: every key in what is written through it is redacted,
// whatever wrote it (an error quoting a configuration, a path named with a key). Each write is
// one message, as fmt.Fprintf makes it.
type redacting struct {
	w    io.Writer
	keys *rules.Set // nil: the built-in rules
}

func (r redacting) Write(p []byte) (int, error) {
	s := string(p)
	if r.keys != nil {
		s = r.keys.RedactText(s)
	} else {
		s = rules.RedactMessage(s)
	}
	if _, err := io.WriteString(r.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}

// underlying is the writer beneath any redaction, for terminal checks.
func underlying(w any) any {
	if r, ok := w.(redacting); ok {
		return r.w
	}
	return w
}
