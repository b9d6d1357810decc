package main

import "testing"

func TestClient(t *testing.T) {
	if client("{{fg}}") == 0 {
		t.Fatal("empty")
	}
}
