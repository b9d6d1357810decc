package frontend

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
)

// MapRef returns the source map a script names in its last `//# sourceMappingURL=` (or the
// older `//@` and `/*# … */` forms) comment, or "" when it names none.
func MapRef(data []byte) string {
	tail := data
	if len(tail) > 64<<10 {
		// The comment stands at the end of the script; an inline data: map may be long.
		tail = data[max(0, len(data)-(32<<20)):]
	}
	for {
		i := bytes.LastIndex(tail, []byte("sourceMappingURL="))
		if i < 2 {
			return ""
		}
		lead := bytes.TrimRight(tail[:i], " \t")
		if bytes.HasSuffix(lead, []byte("//#")) || bytes.HasSuffix(lead, []byte("//@")) ||
			bytes.HasSuffix(lead, []byte("/*#")) || bytes.HasSuffix(lead, []byte("/*@")) {
			ref := tail[i+len("sourceMappingURL="):]
			if end := bytes.IndexAny(ref, " \t\r\n\"'`"); end >= 0 {
				ref = ref[:end]
			}
			ref = bytes.TrimSuffix(ref, []byte("*/"))
			return string(ref)
		}
		tail = tail[:i]
	}
}

// DataMap decodes an inline source map, a data: URL holding JSON (base64 or percent-encoded);
// ok is false when ref is not a data: URL.
func DataMap(ref string) (data []byte, ok bool) {
	rest, found := strings.CutPrefix(ref, "data:")
	if !found {
		return nil, false
	}
	meta, payload, found := strings.Cut(rest, ",")
	if !found {
		return nil, true
	}
	if strings.HasSuffix(meta, ";base64") {
		d, err := base64.StdEncoding.DecodeString(payload)
		if err != nil {
			d, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "="))
		}
		if err != nil {
			return nil, true
		}
		return d, true
	}
	d, err := url.PathUnescape(payload)
	if err != nil {
		return nil, true
	}
	return []byte(d), true
}
