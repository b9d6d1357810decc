// Package withtests has a key only in its tests.
package withtests

// Hello says hello.
func Hello() string { return "hello" }
