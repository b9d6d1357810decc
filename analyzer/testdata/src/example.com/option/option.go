// Package option stands in for a client library's options.
package option

// Option configures a client.
type Option func()

// WithAPIKey sets the API key.
func WithAPIKey(key string) Option { return func() {} }
