package fleet

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"github.com/keylint/keylint/scanner/source"
	"net/url"
	"path/filepath"
	"strings"
)

// Repo is one repository named on the command line or in a list: a local path or a remote URL.
type Repo struct {
	// Spec is what the user wrote, with any password or token in a URL removed.
	Spec string
	// URL is the address to fetch a remote from (as written); "" for a local path.
	URL string
	// Path is the absolute folder of a local repository; "" for a remote.
	Path string
	// Key is the normalised identity: "host/owner/name" for remotes (scheme, user, ".git" and
	// letter case of the host dropped, so https and ssh forms of one repository agree),
	// the absolute path for local ones.
	Key string
}

// Remote reports whether the repository must be fetched.
func (r Repo) Remote() bool { return r.URL != "" }

// ID is a short stable hash of Key, for file names and SARIF base ids.
func (r Repo) ID() string {
	sum := sha256.Sum256([]byte(r.Key))
	return hex.EncodeToString(sum[:])[:16]
}

// URI is the repository as an absolute URI: its URL without credentials (scp syntax as ssh://),
// or a file: URI.
func (r Repo) URI() string {
	if r.URL != "" && !strings.Contains(r.URL, "://") {
		userHost, path, _ := strings.Cut(r.Spec, ":") // scp syntax: user@host:path
		return "ssh://" + userHost + "/" + strings.TrimPrefix(path, "/")
	}
	if r.URL != "" {
		return r.Spec
	}
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(r.Path)}).String()
}

// Parse reads one repository: https://, http://, ssh://, git://, file:// URLs, scp-style
// user@host:path, or a local path.
func Parse(spec string) (Repo, error) {
	spec = strings.TrimSpace(spec)
	if spec == "" {
		return Repo{}, fmt.Errorf("empty repository")
	}
	if i := strings.Index(spec, "://"); i > 0 {
		u, err := url.Parse(spec)
		if err != nil {
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // a url.Error repeats the URL, user part and all
			}
			return Repo{}, fmt.Errorf("repository %q: %w", source.RedactURL(spec), err)
		}
		switch u.Scheme {
		case "https", "http", "ssh", "git", "file":
		default:
			return Repo{}, fmt.Errorf("repository %s: unsupported scheme %q (want https, http, ssh, git or file)", source.RedactURL(spec), u.Scheme)
		}
		shown := *u
		if shown.User != nil {
			if _, has := shown.User.Password(); has || u.Scheme == "https" || u.Scheme == "http" {
				shown.User = nil // a token in the user or password part is never shown
			}
		}
		r := Repo{Spec: shown.String(), URL: spec}
		if u.Scheme == "file" {
			r.Key = filepath.Clean(u.Path)
		} else {
			r.Key = normal(u.Host, u.Path)
		}
		return r, nil
	}
	if host, path, ok := scpLike(spec); ok {
		return Repo{Spec: spec, URL: spec, Key: normal(host, path)}, nil
	}
	abs, err := filepath.Abs(spec)
	if err != nil {
		return Repo{}, fmt.Errorf("repository %s: %w", spec, err)
	}
	return Repo{Spec: spec, Path: abs, Key: abs}, nil
}

// scpLike splits "user@host:path" (git's scp syntax); a colon after a slash is a path.
func scpLike(s string) (host, path string, ok bool) {
	colon := strings.Index(s, ":")
	if colon <= 0 || strings.Contains(s[:colon], "/") || (colon == 1 && len(s) > 2 && (s[2] == '\\' || s[2] == '/')) {
		return "", "", false
	}
	host = s[:colon]
	if at := strings.LastIndex(host, "@"); at >= 0 {
		host = host[at+1:]
	}
	return host, s[colon+1:], host != ""
}

// normal is "host/path" lower-cased in the host, without a port of 22 or 443, ".git" or slashes at the ends.
func normal(host, path string) string {
	host = strings.ToLower(host)
	if at := strings.LastIndex(host, "@"); at >= 0 {
		host = host[at+1:]
	}
	host = strings.TrimSuffix(strings.TrimSuffix(host, ":22"), ":443")
	path = strings.Trim(path, "/")
	path = strings.TrimSuffix(path, ".git")
	return host + "/" + strings.Trim(path, "/")
}

// ParseList reads a repository list: one a line, blank lines and "#" comments ignored.
func ParseList(text string) ([]Repo, error) {
	var out []Repo
	for n, line := range strings.Split(text, "\n") {
		if i := strings.Index(line, "#"); i >= 0 && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t') {
			line = line[:i]
		}
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		r, err := Parse(line)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", n+1, err)
		}
		out = append(out, r)
	}
	return out, nil
}
