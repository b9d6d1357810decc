package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/rules"
)

type explainFlags struct {
	config      string
	format      string
	showSecrets bool
}

// maxExplainLine is the longest standard-input line explain reads.
const maxExplainLine = 1 << 20

func newExplainCmd(e *env) *cobra.Command {
	var f explainFlags
	cmd := &cobra.Command{
		Use:   "explain STRING... | explain -",
		Short: "Say whether each string is a key, and which test decided it",
		Long: "Explain takes each STRING (or, with -, each line of standard input) as keylint's scanner would,\n" +
			"and prints for every candidate in it the verdict and the first test that decided it, with the\n" +
			"candidate redacted unless --show-secrets. It uses the rules of the .keylint.yaml that keylint scan .\n" +
			"would use (or --config). Exit status: 1 if any string holds a key, 0 if none does, 2 on errors.",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usageError{errors.New("explain needs at least one STRING, or - to read lines from standard input")}
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.run(e, args)
		},
	}
	cmd.Flags().StringVarP(&f.config, "config", "c", "", "configuration `FILE` (default: the .keylint.yaml keylint scan . would use)")
	cmd.Flags().StringVarP(&f.format, "format", "f", "text", "output format: text or json (one object a line)")
	cmd.Flags().BoolVar(&f.showSecrets, "show-secrets", false, "print candidates whole instead of redacted")
	return cmd
}

func (f *explainFlags) run(e *env, args []string) error {
	format := strings.ToLower(f.format)
	if format != "text" && format != "json" {
		return usageError{fmt.Errorf("unknown format %q for explain: use text or json", f.format)}
	}
	// The configuration keylint scan . would use: at the work tree's root, or --config.
	roots, err := findScanRoots([]string{"."})
	if err != nil {
		return err
	}
	cfg, err := (&outputFlags{config: f.config}).scanConfig(roots)
	if err != nil {
		return err
	}
	inputs := args
	if len(args) == 1 && args[0] == "-" {
		if inputs, err = readLines(e.stdin); err != nil {
			return err
		}
	} else if len(args) > 1 && slices.Contains(args, "-") {
		return usageError{errors.New("- (standard input) cannot be explained together with strings")}
	}
	w := bufio.NewWriter(e.stdout)
	keys := 0
	for i, in := range inputs {
		for _, v := range cfg.Rules().Explain(in) {
			ex := newExplanation(i+1, in, v, cfg, f.showSecrets)
			if ex.Key {
				keys++
			}
			if format == "json" {
				b, err := json.Marshal(ex)
				if err != nil {
					return fmt.Errorf("encoding an explanation: %w", err)
				}
				if _, err := w.Write(append(b, '\n')); err != nil {
					return fmt.Errorf("writing the explanation: %w", err)
				}
			} else {
				fmt.Fprintln(w, ex.text())
			}
		}
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("writing the explanation: %w", err)
	}
	if keys > 0 {
		return errFindings
	}
	return nil
}

// explanation is one verdict as explain prints it.
type explanation struct {
	Input int `json:"input"`
	// Candidate is the candidate's text, redacted unless --show-secrets; "" when there is none.
	Candidate string `json:"candidate,omitempty"`
	Column    int    `json:"column,omitempty"`
	BodyLen   int    `json:"bodyLength,omitempty"`
	Rule      string `json:"rule,omitempty"`
	Key       bool   `json:"key"`
	Test      string `json:"test,omitempty"`
	Why       string `json:"why"`
}

func newExplanation(input int, text string, v rules.Verdict, cfg *config.Config, show bool) explanation {
	ex := explanation{Input: input, Key: v.Key(), Test: v.Test, Why: v.Why}
	if v.Rule == nil {
		if off := cfg.DisabledRules(); len(off) > 0 {
			ex.Why += "; the configuration disables " + strings.Join(off, ", ")
		}
		return ex
	}
	cand := text[v.Start:v.End]
	ex.Column = v.Start + 1
	ex.Rule = v.Rule.ID
	ex.BodyLen = len(cand) - prefixLen(v.Rule, cand)
	ex.Candidate = cand
	if !show {
		ex.Candidate = rules.Redact(cand)
	}
	return ex
}

func (ex explanation) text() string {
	if ex.Rule == "" {
		return fmt.Sprintf("%d: %s", ex.Input, ex.Why)
	}
	verdict := "not a key"
	if ex.Key {
		verdict = "key"
	}
	test := ""
	if ex.Test != "" {
		test = ", test " + ex.Test
	}
	return fmt.Sprintf("%d:%d: %s (%d-character body): %s (%s%s): %s",
		ex.Input, ex.Column, ex.Candidate, ex.BodyLen, verdict, ex.Rule, test, ex.Why)
}

// readLines returns the lines of r, each at most maxExplainLine bytes.
func readLines(r io.Reader) ([]string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64<<10), maxExplainLine)
	var out []string
	for sc.Scan() {
		out = append(out, strings.TrimRight(sc.Text(), "\r"))
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("reading standard input: line %d is longer than %d bytes", len(out)+1, maxExplainLine)
		}
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	return out, nil
}

// prefixLen is the length of the longest of the rule's prefixes that cand starts with
// (a configured prefix may hold a '-' of its own: "acme-corp-").
func prefixLen(r *rules.Rule, cand string) int {
	n := 0
	for _, p := range r.Prefixes {
		if strings.HasPrefix(cand, p) {
			n = max(n, len(p))
		}
	}
	return n
}
