//go:build !unix

package atomicfile

import "os"

// signalGuard does nothing where signals are not Unix's.
type signalGuard struct{}

func guardSignals() *signalGuard { return &signalGuard{} }
func (*signalGuard) createTemp(dir, pattern string) (*os.File, error) {
	return os.CreateTemp(dir, pattern)
}
func (*signalGuard) stop() {}
