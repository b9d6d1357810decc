package analyzer

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"

	"github.com/keylint/keylint/scanner"
	"github.com/keylint/keylint/scanner/config"
	"github.com/keylint/keylint/scanner/source"
)

// fileConfig is a compiled .keylint.yaml and the folder its relative paths start from.
type fileConfig struct {
	conf *config.Config
	root string
}

// rel returns name relative to the configuration's folder, slash-separated, as keylint scan shows it.
func (fc *fileConfig) rel(name string) string {
	if fc.root == "" {
		return filepath.ToSlash(name)
	}
	r, err := filepath.Rel(fc.root, name)
	if err != nil {
		return filepath.ToSlash(name)
	}
	return filepath.ToSlash(r)
}

// allowed reports whether the configuration accepts a key of rule id found in the file name.
func (fc *fileConfig) allowed(id, name, key string) bool {
	f := scanner.Finding{RuleID: id, Location: source.Location{Path: fc.rel(name)}, Secret: key}
	return fc.conf.Allowed(f.Fingerprint())
}

// configs finds and compiles the configuration of each package once per run: the file the
// config setting names, else .keylint.yaml at the package's module root or work tree root.
type configs struct {
	mu     sync.Mutex
	byFile map[string]*fileConfig // by configuration path; "" for the built-in rules
	byDir  map[string]string      // package folder to configuration path
	errs   map[string]error
}

func newConfigs() *configs {
	return &configs{byFile: map[string]*fileConfig{}, byDir: map[string]string{}, errs: map[string]error{}}
}

// forDir returns the configuration for a package in folder dir; named, when set, wins.
func (cs *configs) forDir(named, dir string) (*fileConfig, error) {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	path := named
	if path == "" {
		p, ok := cs.byDir[dir]
		if !ok {
			p = findConfig(dir)
			cs.byDir[dir] = p
		}
		path = p
	}
	if err, ok := cs.errs[path]; ok {
		return nil, err
	}
	if fc, ok := cs.byFile[path]; ok {
		return fc, nil
	}
	fc, err := loadConfig(path)
	if err != nil {
		cs.errs[path] = err
		return nil, err
	}
	cs.byFile[path] = fc
	return fc, nil
}

func loadConfig(path string) (*fileConfig, error) {
	if path == "" {
		c, err := config.Default()
		if err != nil {
			return nil, fmt.Errorf("compiling the built-in rules: %w", err)
		}
		return &fileConfig{conf: c}, nil
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	c, err := config.Load(abs)
	if err != nil {
		return nil, err
	}
	return &fileConfig{conf: c, root: filepath.Dir(abs)}, nil
}

// findConfig looks up from dir for the module root (go.mod) or work tree root (.git) holding
// .keylint.yaml, stopping at the work tree root; "" when there is none.
func findConfig(dir string) string {
	d, err := filepath.Abs(dir)
	if err != nil {
		return ""
	}
	for {
		_, errMod := os.Stat(filepath.Join(d, "go.mod"))
		_, errGit := os.Stat(filepath.Join(d, ".git"))
		if errMod == nil || errGit == nil {
			if p := config.Find(d); p != "" {
				return p
			}
		}
		parent := filepath.Dir(d)
		if errGit == nil || parent == d {
			return ""
		}
		d = parent
	}
}
