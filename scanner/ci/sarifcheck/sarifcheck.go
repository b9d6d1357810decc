// Package sarifcheck runs Microsoft's SARIF validator (@microsoft/sarif-multitool, from the
// npm registry) with GitHub's ingestion rules over a SARIF file, for tests.
//
// The tool is installed once with npm into a cache folder: $KEYLINT_TEST_CACHE, or
// keylint-test under the user cache folder. Where npm or the registry is not reachable the
// test is skipped, unless KEYLINT_REQUIRE_SARIF_VALIDATOR=1, when it fails instead.
package sarifcheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Package is the npm package and version the tests validate with.
const Package = "@microsoft/sarif-multitool@5.7.0"

// RuleKinds are the validator's rule sets: the SARIF spec's, GitHub's and GitHub Advanced Security's.
const RuleKinds = "Sarif;Gh;Ghas"

// RequireEnv names the variable that turns a skip for a missing validator into a failure.
const RequireEnv = "KEYLINT_REQUIRE_SARIF_VALIDATOR"

// Issue is one thing the validator flagged.
type Issue struct {
	Rule    string
	Level   string
	Message string
}

func (i Issue) String() string { return i.Level + " " + i.Rule + ": " + i.Message }

// install finds or installs the validator once per test binary.
var install = sync.OnceValues(func() (string, error) {
	return installTool()
})

// Validate fails t when the validator reports an error or a warning for the SARIF file at path.
// Notes (advice such as "consider message ids") are logged, not failed.
func Validate(t testing.TB, path string) {
	t.Helper()
	tool, err := install()
	if err != nil {
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("SARIF validator required (%s=1) but not available: %v", RequireEnv, err)
		}
		t.Skipf("SARIF validator not available, skipping (set %s=1 to fail instead): %v", RequireEnv, err)
	}
	issues, err := Run(tool, path)
	if err != nil {
		t.Fatalf("running the SARIF validator on %s: %v", path, err)
	}
	for _, is := range issues {
		if is.Level == "error" || is.Level == "warning" {
			t.Errorf("SARIF validator: %s", is)
		} else {
			t.Logf("SARIF validator: %s", is)
		}
	}
}

// Run validates path with the tool binary and returns what it flagged.
// The tool's exit status says nothing about the findings, so its SARIF output is read instead.
func Run(tool, path string) ([]Issue, error) {
	out := filepath.Join(os.TempDir(), fmt.Sprintf("keylint-validate-%d-%d.sarif", os.Getpid(), time.Now().UnixNano()))
	defer os.Remove(out)
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, tool, "validate", "--rule-kind", RuleKinds, "--level", "Error;Warning;Note",
		"--output", out, path)
	cmd.Env = append(os.Environ(), "DOTNET_CLI_TELEMETRY_OPTOUT=1", "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1")
	var stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stderr, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s validate: %w\n%s", tool, err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return nil, fmt.Errorf("reading the validator's log: %w\n%s", err, stderr.String())
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					Rules []struct {
						ID       string `json:"id"`
						Messages map[string]struct {
							Text string `json:"text"`
						} `json:"messageStrings"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				RuleID    string `json:"ruleId"`
				RuleIndex int    `json:"ruleIndex"`
				Level     string `json:"level"`
				Message   struct {
					Text string   `json:"text"`
					ID   string   `json:"id"`
					Args []string `json:"arguments"`
				} `json:"message"`
			} `json:"results"`
			Invocations []struct {
				Succeeded bool `json:"executionSuccessful"`
			} `json:"invocations"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(data, &log); err != nil {
		return nil, fmt.Errorf("parsing the validator's log: %w", err)
	}
	var issues []Issue
	for _, r := range log.Runs {
		for _, inv := range r.Invocations {
			if !inv.Succeeded {
				return nil, fmt.Errorf("validator did not run successfully:\n%s", stderr.String())
			}
		}
		for _, res := range r.Results {
			lvl := res.Level
			if lvl == "" {
				lvl = "warning" // SARIF's default level
			}
			msg := res.Message.Text
			if msg == "" && res.RuleIndex >= 0 && res.RuleIndex < len(r.Tool.Driver.Rules) {
				msg = r.Tool.Driver.Rules[res.RuleIndex].Messages[res.Message.ID].Text
				for i, a := range res.Message.Args {
					msg = strings.ReplaceAll(msg, fmt.Sprintf("{%d}", i), a)
				}
			}
			issues = append(issues, Issue{Rule: res.RuleID, Level: lvl, Message: msg})
		}
	}
	return issues, nil
}

// CacheDir is where the validator is installed.
func CacheDir() (string, error) {
	if d := os.Getenv("KEYLINT_TEST_CACHE"); d != "" {
		return filepath.Join(d, "sarif-multitool"), nil
	}
	d, err := os.UserCacheDir()
	if err != nil {
		return "", fmt.Errorf("no cache folder: %w (set KEYLINT_TEST_CACHE)", err)
	}
	return filepath.Join(d, "keylint-test", "sarif-multitool"), nil
}

// installTool installs the npm package into the cache folder unless it is there, and returns the binary.
func installTool() (string, error) {
	dir, err := CacheDir()
	if err != nil {
		return "", err
	}
	if tool, err := locate(dir); err == nil {
		return tool, nil
	}
	npm, err := exec.LookPath("npm")
	if err != nil {
		return "", errors.New("npm is not installed")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("making the cache folder: %w", err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, npm, "install", "--prefix", dir, "--no-audit", "--no-fund", Package)
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install %s: %w\n%s", Package, err, out)
	}
	return locate(dir)
}

// locate finds the platform binary the npm package points at and makes sure it can run:
// npm may skip the package's postinstall script that marks it executable.
func locate(dir string) (string, error) {
	node, err := exec.LookPath("node")
	if err != nil {
		return "", errors.New("node is not installed")
	}
	cmd := exec.Command(node, "-p", `require("@microsoft/sarif-multitool")`)
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("%s is not installed in %s", Package, dir)
	}
	tool := strings.TrimSpace(string(out))
	st, err := os.Stat(tool)
	if err != nil {
		return "", fmt.Errorf("validator binary: %w", err)
	}
	if st.Mode()&0o100 == 0 {
		if err := os.Chmod(tool, st.Mode()|0o111); err != nil {
			return "", fmt.Errorf("making the validator executable: %w", err)
		}
	}
	return tool, nil
}
