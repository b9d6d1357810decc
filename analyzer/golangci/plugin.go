// Package golangci registers keylint as a golangci-lint v2 module plugin named "keylint".
//
// Build a golangci-lint that blank-imports this package (scripts/build-golangci-lint.sh, or
// golangci-lint custom with .custom-gcl.yml) and enable it in .golangci.yml:
//
//	linters:
//	  enable: [keylint]
//	  settings:
//	    custom:
//	      keylint:
//	        type: module
//	        settings:
//	          gonkagate-env: GONKAGATE_API_KEY
package golangci

import (
	"fmt"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/keylint/keylint/analyzer"
)

func init() {
	register.Plugin("keylint", New)
}

// New builds the plugin from its golangci-lint settings, which are analyzer.Config's fields.
func New(settings any) (register.LinterPlugin, error) {
	cfg, err := register.DecodeSettings[analyzer.Config](settings)
	if err != nil {
		return nil, fmt.Errorf("keylint settings: %w", err)
	}
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("keylint settings: %w", err)
	}
	return plugin{cfg: cfg}, nil
}

type plugin struct{ cfg analyzer.Config }

// BuildAnalyzers returns the keylint analyzer configured by the plugin's settings.
func (p plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) {
	return []*analysis.Analyzer{analyzer.New(p.cfg)}, nil
}

// GetLoadMode asks golangci-lint for type information: the analyzer reads folded constants.
func (p plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
