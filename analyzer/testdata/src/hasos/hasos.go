package hasos

import (
	"cmp"
	"os"
)

// Key falls back to a hard-coded key.
func Key() string {
	if k := os.Getenv("GONKAGATE_API_KEY"); k != "" {
		return k
	}
	return "gp-LfI3Bo9sekLOhXmIXTQTnB6Pta5OOKQn" // want `gp-LfI3…Qn`
}

// Other falls back with cmp.Or.
func Other() string {
	return cmp.Or(os.Getenv("FASTGPT_API_KEY"), "fastgpt-xBPG3UOEtcUXGo0BRdReoXUqNqTXlE") // want `fastgpt-xBPG…lE`
}
