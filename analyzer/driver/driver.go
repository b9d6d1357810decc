// Package driver runs the keylint analyzer over loaded packages for `keylint vet`, printing
// diagnostics and applying or showing their fixes, and returns instead of exiting.
package driver

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/keylint/keylint/analyzer"
)

// ErrUsage marks a mistake in the command line.
var ErrUsage = errors.New("usage")

// Outcome is what a run found.
type Outcome struct {
	// Findings counts the keys reported.
	Findings int
	// Unfixed counts the findings left in the code: all of them unless fixes were applied.
	Unfixed int
}

type options struct {
	fix, diff, tests, help bool
	tags                   string
}

func newFlags(a *analysis.Analyzer, o *options) *flag.FlagSet {
	fs := flag.NewFlagSet("keylint vet", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.BoolVar(&o.fix, "fix", false, "apply the suggested fixes")
	fs.BoolVar(&o.diff, "diff", false, "print the fixes as a unified diff instead of applying them")
	fs.BoolVar(&o.tests, "test", true, "also analyze test files")
	fs.StringVar(&o.tags, "tags", "", "comma-separated build tags")
	fs.BoolVar(&o.help, "help", false, "show help")
	fs.BoolVar(&o.help, "h", false, "show help")
	a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, f.Name, f.Usage) })
	return fs
}

// Usage lists the flags Run accepts, one a line.
func Usage() string {
	var b strings.Builder
	newFlags(analyzer.New(analyzer.Config{}), &options{}).VisitAll(func(f *flag.Flag) {
		if f.Name == "h" {
			return
		}
		def := ""
		if f.DefValue != "" && f.DefValue != "false" {
			def = " (default " + f.DefValue + ")"
		}
		fmt.Fprintf(&b, "  -%-26s %s%s\n", f.Name, f.Usage, def)
	})
	return b.String()
}

// Run parses args (flags, then package patterns, default ./...), runs the analyzer, prints
// diagnostics to stderr, and with -fix applies the fixes or with -diff prints them to stdout.
// With -help it prints Usage to stdout.
func Run(args []string, stdout, stderr io.Writer) (Outcome, error) {
	a := analyzer.New(analyzer.Config{})
	var o options
	fs := newFlags(a, &o)
	if err := fs.Parse(args); err != nil {
		return Outcome{}, fmt.Errorf("%w: %w", ErrUsage, err)
	}
	if o.help {
		_, err := io.WriteString(stdout, Usage())
		return Outcome{}, err
	}
	patterns := fs.Args()
	if len(patterns) == 0 {
		patterns = []string{"./..."}
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Tests: o.tests}
	if o.tags != "" {
		cfg.BuildFlags = []string{"-tags=" + o.tags}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return Outcome{}, fmt.Errorf("loading packages: %w", err)
	}
	if errs := loadErrors(pkgs); errs != nil {
		return Outcome{}, errs
	}
	graph, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, nil)
	if err != nil {
		return Outcome{}, fmt.Errorf("analyzing: %w", err)
	}
	diags, err := collect(graph)
	if err != nil {
		return Outcome{}, err
	}
	out := Outcome{Findings: len(diags), Unfixed: len(diags)}
	for _, d := range diags {
		fmt.Fprintf(stderr, "%s: %s\n", d.fset.Position(d.d.Pos), d.d.Message)
	}
	switch {
	case o.diff:
		var redact func(string) string
		named := analyzer.Config{Config: a.Flags.Lookup("config").Value.String()}
		if redact, err = analyzer.Redactor(named, "."); err == nil {
			err = showFixes(diags, stdout, hidePieces(diags, redact))
		}
	case o.fix:
		out.Unfixed, err = applyFixes(diags, stderr)
	}
	return out, err
}

func loadErrors(pkgs []*packages.Package) error {
	var errs []error
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e)
		}
	})
	if len(errs) > 0 {
		return fmt.Errorf("loading packages: %w", errors.Join(errs...))
	}
	return nil
}
