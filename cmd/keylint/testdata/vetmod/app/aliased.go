package main

import sys "os"

var home, token = sys.Getenv("HOME"), "{{gp}}"

func init() { _, _ = home, token }
