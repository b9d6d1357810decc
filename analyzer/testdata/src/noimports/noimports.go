// Package noimports has no import declaration.
package noimports

// Key is a hard-coded key.
var Key = "gp-ZEOt0l8R30XVtNJ31we1wF9Y7VF8Srn3" // want `gp-ZEOt…n3`
