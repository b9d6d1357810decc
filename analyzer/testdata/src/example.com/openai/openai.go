// Package openai stands in for an OpenAI-compatible client.
package openai

import "example.com/option"

// Client is an API client.
type Client struct{}

// NewClient returns a client.
func NewClient(opts ...option.Option) *Client { return &Client{} }
