package main

import "github.com/keylint/keylint/scanner/report"

// quotePath shows a path safely in a message to the user.
func quotePath(p string) string { return report.SafePath(p) }
