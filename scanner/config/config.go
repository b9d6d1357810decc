// Package config loads .keylint.yaml and compiles it, once, into an immutable Config
// that reaches every check through one value.
package config

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/keylint/keylint/internal/controlfile"
	"github.com/keylint/keylint/scanner/rules"
	"go.yaml.in/yaml/v3"
)

// FileName is the configuration file keylint looks for at the scanned root.
const FileName = ".keylint.yaml"

// maxSize bounds a configuration file; a larger one is a mistake, not a config.
const maxSize = 1 << 20

// File is .keylint.yaml as written.
type File struct {
	// Exclude lists path globs, relative to the scanned root, that are not scanned.
	Exclude []string `yaml:"exclude"`
	// Include, when not empty, limits a walk to files matching one of its globs.
	Include []string `yaml:"include"`
	// Disable lists rule ids that are not reported.
	Disable []string `yaml:"disable"`
	// FastGPTPrefixes are extra prefixes an operator configured for FastGPT keys ("mygpt" for "mygpt-…").
	FastGPTPrefixes []string `yaml:"fastgpt-prefixes"`
	// Rules are custom key formats.
	Rules []CustomRule `yaml:"rules"`
	// Allow lists fingerprints of findings that were reviewed and accepted.
	Allow []string `yaml:"allow"`
	// BuildOutput, when false, leaves git-ignored build output (dist/, build/, .next/ …) out of a walk.
	BuildOutput *bool `yaml:"build-output"`

	lines map[string][]int // the line of each item of exclude and include, for error messages
}

// CustomRule is a user-defined key format.
type CustomRule struct {
	ID          string `yaml:"id"`
	Description string `yaml:"description"`
	Prefix      string `yaml:"prefix"`
	// Alphabet is a character class body such as "A-Za-z0-9_-".
	Alphabet  string `yaml:"alphabet"`
	MinLength int    `yaml:"min-length"`
	MaxLength int    `yaml:"max-length"`
	// Random asks for the randomness evidence the built-in rules use (default true).
	Random *bool  `yaml:"random"`
	EnvVar string `yaml:"env"`
	Help   string `yaml:"help"`

	line int
}

// Config is a compiled, immutable configuration.
type Config struct {
	// Path is the file it came from, or "" for the defaults.
	Path     string
	rules    *rules.Set
	every    *rules.Set // rules, disabled ones too
	exclude  []string
	include  []string
	allow    map[string]bool
	disabled map[string]bool
	checks   []*rules.Rule
	output   bool
	digest   string // of the text parsed; "" for the defaults
}

// Rules returns the compiled rule set: the rules the configuration does not disable.
func (c *Config) Rules() *rules.Set { return c.rules }

// Scanning returns every key rule, disabled ones too: the set a scanner runs so that each
// snippet knows, and reports redact, every key on its line. The finish stage drops the
// findings of disabled rules (see Disabled).
func (c *Config) Scanning() *rules.Set { return c.every }

// Skip reports whether a path relative to the scanned root is left out of a walk.
func (c *Config) Skip(rel string, dir bool) bool {
	for _, g := range c.exclude {
		if ok, _ := doublestar.Match(g, rel); ok {
			return true
		}
	}
	if dir || len(c.include) == 0 {
		return false
	}
	for _, g := range c.include {
		if ok, _ := doublestar.Match(g, rel); ok {
			return false
		}
	}
	return true
}

// Reported returns every rule a report may name: the compiled key rules and the check rules
// (public-env-key, committed-env-file, env-not-ignored) that are not disabled.
func (c *Config) Reported() []*rules.Rule {
	return append(c.rules.Rules(), c.checks...)
}

// BuildOutput reports whether git-ignored build output folders are scanned all the same.
func (c *Config) BuildOutput() bool { return c.output }

// Allowed reports whether a finding's fingerprint was accepted in the configuration.
func (c *Config) Allowed(fingerprint string) bool { return c.allow[fingerprint] }

// Digest returns the SHA-256 (hex) of the text the configuration was parsed from, or "" for
// the defaults: what decides the findings, without reading the file again.
func (c *Config) Digest() string { return c.digest }

// Disabled reports whether a rule id was turned off.
func (c *Config) Disabled(id string) bool { return c.disabled[id] }

// DefaultName is the Path of the configuration with no file.
const DefaultName = "built-in rules"

// Default is the configuration with no file: every built-in rule.
func Default() (*Config, error) {
	return compile(DefaultName, &File{})
}

// Load reads and compiles a configuration file named by the user; a symbolic link is
// followed, to a regular file of at most 1 MiB.
func Load(path string) (*Config, error) {
	return load(path, true)
}

// LoadIn reads and compiles the configuration file at root (the folder of root when it
// is a file), or returns the defaults when there is none. A file found in a tree is read
// only when it is a regular file, not a symbolic link, FIFO or device.
func LoadIn(root string) (*Config, error) {
	p := Find(root)
	if p == "" {
		return Default()
	}
	return load(p, false)
}

func load(path string, follow bool) (*Config, error) {
	data, err := controlfile.Read(path, controlfile.Options{Limit: maxSize, Follow: follow})
	var tooLarge *controlfile.TooLargeError
	if errors.As(err, &tooLarge) {
		return nil, fmt.Errorf("%s: larger than %d bytes; not a keylint configuration", path, maxSize)
	}
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	return Parse(path, data)
}

// Find returns the configuration file at root, or "" when there is none. A link or a
// FIFO by that name is returned too, for the reader to refuse with a message.
func Find(root string) string {
	if st, err := os.Stat(root); err == nil && !st.IsDir() {
		root = filepath.Dir(root)
	}
	p := filepath.Join(root, FileName)
	if _, err := os.Lstat(p); err == nil {
		return p
	}
	return ""
}

// Parse compiles configuration text; name is used in error messages.
func Parse(name string, data []byte) (*Config, error) {
	var file File
	if len(bytes.TrimSpace(data)) > 0 {
		var root yaml.Node
		if err := yaml.Unmarshal(data, &root); err != nil {
			return nil, fmt.Errorf("%s: %s", name, yamlMessage(err))
		}
		if err := checkKeys(name, &root); err != nil {
			return nil, err
		}
		dec := yaml.NewDecoder(bytes.NewReader(data))
		dec.KnownFields(true)
		if err := dec.Decode(&file); err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: %s", name, yamlMessage(err))
		}
		lineRules(&root, &file)
		file.lines = itemLines(&root, "exclude", "include", "disable", "fastgpt-prefixes")
	}
	c, err := compile(name, &file)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(data)
	c.digest = hex.EncodeToString(sum[:])
	return c, nil
}

// yamlLine matches a YAML error that names a line; it is compiled on first use, not at start-up.
var yamlLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^yaml: (?:unmarshal errors:\n\s*)?line (\d+): (.*)`)
})

// yamlMessage turns a YAML error into "line N: message".
func yamlMessage(err error) string {
	msg := err.Error()
	if m := yamlLine().FindStringSubmatch(msg); m != nil {
		return "line " + m[1] + ": " + strings.TrimSpace(m[2])
	}
	return strings.TrimPrefix(msg, "yaml: ")
}

func compile(name string, f *File) (*Config, error) {
	c := &Config{Path: name, allow: map[string]bool{}, disabled: map[string]bool{}, output: f.BuildOutput == nil || *f.BuildOutput}
	for _, list := range []struct {
		key   string
		globs []string
		into  *[]string
	}{{"exclude", f.Exclude, &c.exclude}, {"include", f.Include, &c.include}} {
		for i, g := range list.globs {
			g = strings.TrimPrefix(g, "./")
			if !doublestar.ValidatePattern(g) {
				return nil, fmt.Errorf("%s: %s: bad glob %q (doublestar syntax: *, **, ?, [abc], {a,b})", f.at(name, list.key, i), list.key, g)
			}
			*list.into = append(*list.into, g)
		}
	}
	for _, fp := range f.Allow {
		c.allow[fp] = true
	}
	for i, p := range f.FastGPTPrefixes {
		p = strings.TrimSuffix(p, "-")
		if p == "" {
			return nil, fmt.Errorf("%s: fastgpt-prefixes: empty prefix", f.at(name, "fastgpt-prefixes", i))
		}
	}
	all := rules.Builtin(trimDashes(f.FastGPTPrefixes)...)
	for _, cr := range f.Rules {
		r, err := cr.rule()
		if err != nil {
			return nil, fmt.Errorf("%s:%d: rule %q: %w", name, cr.line, cr.ID, err)
		}
		all = append(all, r)
	}
	checks := rules.Checks()
	known := map[string]bool{}
	for _, r := range append(all, checks...) {
		known[r.ID] = true
	}
	for i, id := range f.Disable {
		if !known[id] {
			return nil, fmt.Errorf("%s: disable: no rule %q (rules: %s)", f.at(name, "disable", i), id, ruleIDs(append(all, checks...)))
		}
		c.disabled[id] = true
	}
	for i := range checks {
		if !c.disabled[checks[i].ID] {
			c.checks = append(c.checks, &checks[i])
		}
	}
	every, err := rules.Compile(all)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	c.rules, c.every = every, every
	if len(c.disabled) > 0 {
		c.rules = every.Without(c.disabled)
	}
	return c, nil
}

// at is "name:line" for item i of a list key, or name when the line is unknown.
func (f *File) at(name, key string, i int) string {
	if ls := f.lines[key]; i < len(ls) {
		return fmt.Sprintf("%s:%d", name, ls[i])
	}
	return name
}

func trimDashes(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = strings.TrimSuffix(p, "-")
	}
	return out
}

func ruleIDs(rs []rules.Rule) string {
	ids := make([]string, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return strings.Join(ids, ", ")
}
