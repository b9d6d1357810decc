package withtests

import "testing"

func TestHello(t *testing.T) {
	key := "gp-NWJ2QRSH3XYc8oMcP1GoBd0IoTqnqSlI" // want `gp-NWJ2…lI`
	if key == Hello() {
		t.Fatal("no")
	}
}
