package config

import (
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"github.com/keylint/keylint/scanner/rules"
	"go.yaml.in/yaml/v3"
)

// rule turns a custom rule into a rules.Rule.
func (cr CustomRule) rule() (rules.Rule, error) {
	if cr.ID == "" {
		return rules.Rule{}, errors.New("id is required")
	}
	if cr.Prefix == "" {
		return rules.Rule{}, errors.New("prefix is required")
	}
	alpha := rules.AlphaNum
	if cr.Alphabet != "" {
		var err error
		if alpha, err = expandClass(cr.Alphabet); err != nil {
			return rules.Rule{}, fmt.Errorf("alphabet: %w", err)
		}
	}
	minLen, maxLen := cr.MinLength, cr.MaxLength
	if minLen == 0 {
		minLen = 20
	}
	if maxLen == 0 {
		maxLen = 256
	}
	random := cr.Random == nil || *cr.Random
	prefix := cr.Prefix
	if !strings.HasSuffix(prefix, "-") {
		prefix += "-"
	}
	desc := cr.Description
	if desc == "" {
		desc = "Custom key " + cr.ID
	}
	help := cr.Help
	if help == "" && cr.EnvVar != "" {
		help = "Read this key from the " + cr.EnvVar + " environment variable instead, and rotate it: it has been in the code."
	}
	return rules.Rule{
		ID: cr.ID, Description: desc, Provider: "custom", EnvVar: cr.EnvVar,
		Prefixes: []string{prefix}, Alphabet: alpha,
		Shapes: []rules.Shape{{Min: minLen, Max: maxLen}}, Random: random,
		Severity: rules.SeverityError, Help: help,
	}, nil
}

// expandClass turns a character class body such as "A-Za-z0-9_-" into its bytes.
func expandClass(class string) (string, error) {
	var out []byte
	seen := [256]bool{}
	add := func(c byte) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for i := 0; i < len(class); i++ {
		c := class[i]
		if c >= 0x80 || c <= ' ' {
			return "", fmt.Errorf("%q: only printable ASCII is allowed", class)
		}
		if c == '\\' {
			if i+1 == len(class) {
				return "", fmt.Errorf("%q: ends in a lone backslash", class)
			}
			i++
			add(class[i])
			continue
		}
		if i+2 < len(class) && class[i+1] == '-' {
			hi := class[i+2]
			if hi < c {
				return "", fmt.Errorf("%q: range %c-%c runs backwards", class, c, hi)
			}
			for x := int(c); x <= int(hi); x++ {
				add(byte(x))
			}
			i += 2
			continue
		}
		add(c)
	}
	if len(out) == 0 {
		return "", fmt.Errorf("%q holds no characters", class)
	}
	return string(out), nil
}

// checkKeys rejects keys the configuration does not know, naming their line.
func checkKeys(name string, root *yaml.Node) error {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return nil
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return fmt.Errorf("%s:%d: the configuration must be a mapping of keys (exclude, include, disable, fastgpt-prefixes, rules, allow)", name, doc.Line)
	}
	if err := checkMapping(name, doc, reflect.TypeOf(File{})); err != nil {
		return err
	}
	if err := checkKinds(name, doc); err != nil {
		return err
	}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == "rules" && doc.Content[i+1].Kind == yaml.SequenceNode {
			for _, item := range doc.Content[i+1].Content {
				if item.Kind != yaml.MappingNode {
					return fmt.Errorf("%s:%d: each rule must be a mapping (id, prefix, alphabet, min-length …)", name, item.Line)
				}
				if err := checkMapping(name, item, reflect.TypeOf(CustomRule{})); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

func checkMapping(name string, m *yaml.Node, t reflect.Type) error {
	known := map[string]bool{}
	for i := 0; i < t.NumField(); i++ {
		if tag := t.Field(i).Tag.Get("yaml"); tag != "" {
			known[strings.Split(tag, ",")[0]] = true
		}
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := m.Content[i]
		if !known[k.Value] {
			return fmt.Errorf("%s:%d: unknown key %q (known: %s)", name, k.Line, k.Value, keyList(known))
		}
	}
	return nil
}

func keyList(known map[string]bool) string {
	ks := make([]string, 0, len(known))
	for k := range known {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return strings.Join(ks, ", ")
}

// lineRules records where each custom rule stands, for error messages.
func lineRules(root *yaml.Node, f *File) {
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return
	}
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value == "rules" {
			for j, item := range doc.Content[i+1].Content {
				if j < len(f.Rules) {
					f.Rules[j].line = item.Line
				}
			}
		}
	}
}

// listOf names what each list-valued key holds, for the message when it is written as one value.
var listOf = map[string]string{
	"exclude": "globs", "include": "globs", "disable": "rule ids", "fastgpt-prefixes": "prefixes",
	"rules": "rules (mappings with id, prefix …)", "allow": "fingerprints",
}

// checkKinds rejects a single value where a list belongs, and a list or mapping where a
// true/false belongs, naming the key, its line and the form that works.
func checkKinds(name string, doc *yaml.Node) error {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if v.Kind == yaml.ScalarNode && v.Tag == "!!null" {
			continue
		}
		if what, ok := listOf[k.Value]; ok && v.Kind != yaml.SequenceNode {
			example := ""
			if v.Kind == yaml.ScalarNode && k.Value != "rules" {
				example = fmt.Sprintf(" (write %s: [%q])", k.Value, v.Value)
			}
			return fmt.Errorf("%s:%d: %s is a list of %s%s", name, v.Line, k.Value, what, example)
		}
		if k.Value == "build-output" && (v.Kind != yaml.ScalarNode || v.Tag != "!!bool") {
			return fmt.Errorf("%s:%d: build-output is true or false", name, v.Line)
		}
	}
	return nil
}

// itemLines returns the line of each item of the named list keys.
func itemLines(root *yaml.Node, keys ...string) map[string][]int {
	out := map[string][]int{}
	if root.Kind != yaml.DocumentNode || len(root.Content) == 0 {
		return out
	}
	doc := root.Content[0]
	for i := 0; i+1 < len(doc.Content); i += 2 {
		for _, k := range keys {
			if doc.Content[i].Value == k {
				for _, item := range doc.Content[i+1].Content {
					out[k] = append(out[k], item.Line)
				}
			}
		}
	}
	return out
}
