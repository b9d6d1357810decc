// Package gitrepo holds the facts about a git repository that several packages need: how a
// revision and a range are written and shown, and the ignore rules git applies to a work
// tree (nested .gitignore files, info/exclude and the global excludes file).
package gitrepo
