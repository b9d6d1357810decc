// Package gitrepo holds the facts about a git repository that several packages need: how a
// revision and a range are written and shown, the ignore rules git applies to a work tree
// (nested .gitignore files, info/exclude and the global excludes file), and the index (one
// reader, for the paths git tracks and for what --staged scans).
package gitrepo
