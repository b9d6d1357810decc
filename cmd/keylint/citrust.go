package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/keylint/keylint/internal/controlfile"
	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/baseline"
	"github.com/keylint/keylint/scanner/ci"
	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/gitrepo"
	"github.com/keylint/keylint/scanner/history"
	"github.com/keylint/keylint/scanner/rules"
	"github.com/keylint/keylint/scanner/source"
)

// Bounds on what ci reads from the base commit.
const (
	maxTrustedConfig   = 1 << 20
	maxTrustedBaseline = 64 << 20
)

// trust is what a ci run takes from the trusted side of the change it scans, the base commit,
// rather than from the checked-out change: the configuration and the baseline. Otherwise a pull
// request could add `exclude: ["**"]`, or a baseline that lists its own key, and pass.
type trust struct {
	cfg      *config.Config
	accepted *baseline.Matcher // nil: no baseline
	// The change's own versions, where they differ from the base's, to tell what they would hide.
	headCfg      *config.Config
	headAccepted *baseline.Matcher
	cfgPath      string // repo-relative, for the finding about a change that would hide a key
	blPath       string
	notes        []string
}

// trusted reads the configuration and the baseline from plan's base commit when the files lie in
// the repository (an explicit --config or --baseline outside it is the workflow's own and is read
// as is). A run with no base (a whole history) has no trusted side and reads the work tree.
// checkedOut is the work tree's --baseline, read and parsed once.
type checkedOut struct {
	baseline *baseline.File
	data     []byte
}

func (f *ciFlags) trusted(repo, root string, plan ci.Plan, head checkedOut) (*trust, error) {
	t := &trust{}
	rev := trustedRev(repo, plan)
	cfgFile := f.config
	if cfgFile == "" {
		cfgFile = filepath.Join(root, config.FileName)
	}
	if rel, in := inRepo(root, cfgFile); rev != "" && in {
		t.cfgPath = rel
		base, err := history.ReadAt(repo, rev, rel, maxTrustedConfig)
		inBase := err == nil
		switch {
		case errors.Is(err, history.ErrNotInCommit):
			if _, serr := os.Stat(cfgFile); f.config != "" && serr != nil {
				return nil, fmt.Errorf("reading config: %w", serr) // a --config that is nowhere: a mistake
			}
			if t.cfg, err = config.Default(); err != nil {
				return nil, err
			}
		case err != nil:
			return nil, fmt.Errorf("reading the configuration from the base commit: %w", err)
		default:
			if t.cfg, err = config.Parse(rel+" (at the base commit "+gitrepo.ShortSHA(rev)+")", base); err != nil {
				return nil, err
			}
		}
		// The checked-out file is the pull request's: a link to a device or a FIFO in its place
		// is refused, not read (an explicit --config is the workflow's and may be a link).
		head, herr := controlfile.Read(cfgFile, controlfile.Options{Limit: maxTrustedConfig, Follow: f.config != ""})
		inHead := !errors.Is(herr, fs.ErrNotExist)
		if changed(base, inBase, head, inHead) {
			t.notes = append(t.notes, fmt.Sprintf("%s differs from the base commit's (%s); this run applies the base's, "+
				"and the change takes effect once it is merged", rel, gitrepo.ShortSHA(rev)))
			switch {
			case herr == nil:
				if hc, perr := config.Parse(rel, head); perr == nil {
					t.headCfg = hc
				} else {
					t.notes = append(t.notes, fmt.Sprintf("the changed %s does not load: %v", rel, perr))
				}
			case inHead:
				t.notes = append(t.notes, fmt.Sprintf("the changed %s does not load: %v", rel, herr))
			default:
				if t.headCfg, err = config.Default(); err != nil {
					return nil, err
				}
			}
		}
	} else {
		cfg, err := f.loadConfig(root)
		if err != nil {
			return nil, err
		}
		t.cfg = cfg
	}
	if f.baseline == "" {
		return t, nil
	}
	rel, in := inRepo(root, f.baseline)
	if rev == "" || !in {
		t.accepted = head.baseline.Matcher()
		return t, nil
	}
	t.blPath = rel
	base, err := history.ReadAt(repo, rev, rel, maxTrustedBaseline)
	inBase := err == nil
	switch {
	case errors.Is(err, history.ErrNotInCommit):
		t.accepted = (&baseline.File{}).Matcher()
	case err != nil:
		return nil, fmt.Errorf("reading the baseline from the base commit: %w", err)
	default:
		b, err := baseline.Parse(base)
		if err != nil {
			return nil, fmt.Errorf("%s (at the base commit %s): %w", rel, gitrepo.ShortSHA(rev), err)
		}
		t.accepted = b.Matcher()
	}
	if changed(base, inBase, head.data, true) {
		t.notes = append(t.notes, fmt.Sprintf("%s differs from the base commit's (%s); this run accepts only what the base's accepts",
			rel, gitrepo.ShortSHA(rev)))
		t.headAccepted = head.baseline.Matcher()
	}
	return t, nil
}

// trustedRev is the base the run compares with, its fallback when the base is not in the clone,
// or "" when there is neither (the scan then says what is missing).
func trustedRev(repo string, plan ci.Plan) string {
	for _, rev := range []string{plan.Base, plan.Fallback} {
		if rev == "" {
			continue
		}
		if history.HasCommit(repo, rev) {
			return rev
		}
	}
	return ""
}

// inRepo returns path relative to root, slash-separated, and whether it lies inside root.
func inRepo(root, path string) (string, bool) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", false
	}
	rootAbs, err := filepath.Abs(root)
	if err != nil {
		return "", false
	}
	rel, ok := source.Within(rootAbs, abs)
	return filepath.ToSlash(rel), ok
}

// changed reports whether a file differs between the base and the change (either may be absent).
func changed(base []byte, inBase bool, head []byte, inHead bool) bool {
	return inBase != inHead || inBase && !bytes.Equal(base, head)
}

// Rule ids of the findings about a change to the configuration or the baseline.
const (
	ruleConfigHides   = "keylint-config-change-hides-key"
	ruleBaselineHides = "keylint-baseline-change-hides-key"
)

// hidden returns a finding for the configuration and one for the baseline when the change's
// own versions would hide keys the run reports: the change tried to silence its own scan.
func (t *trust) hidden(fs []scanner.Finding) []scanner.Finding {
	var byCfg, byBl int
	for i := range fs {
		f := &fs[i]
		if t.headCfg != nil && (t.headCfg.Skip(f.Location.Path, false) || t.headCfg.Disabled(f.RuleID) ||
			t.headCfg.Allowed(f.Fingerprint()) || t.droppedRule(f.RuleID)) {
			byCfg++
		}
		if t.headAccepted != nil && t.headAccepted.Contains(f) {
			byBl++
		}
	}
	var out []scanner.Finding
	if byCfg > 0 {
		out = append(out, changeFinding(ruleConfigHides, t.cfgPath, byCfg, "configuration"))
	}
	if byBl > 0 {
		out = append(out, changeFinding(ruleBaselineHides, t.blPath, byBl, "baseline"))
	}
	return out
}

// droppedRule reports whether the change's configuration no longer has a key rule the base's has.
func (t *trust) droppedRule(id string) bool {
	_, inBase := t.cfg.Rules().Rule(id)
	_, inHead := t.headCfg.Rules().Rule(id)
	return inBase && !inHead
}

func changeFinding(rule, path string, n int, what string) scanner.Finding {
	return scanner.Finding{
		RuleID: rule, Location: source.Location{Path: path}, Severity: rules.SeverityError,
		Message: fmt.Sprintf("this change edits the %s %s so that it would hide %d key(s) the change itself adds; "+
			"the base commit's %s was applied and the keys are reported: rotate them rather than accept them", what, path, n, what),
	}
}
