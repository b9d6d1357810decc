package combined

import "fmt"

// Shadowed reads a key where the name os is taken; the other key gets the import.
func Shadowed() {
	os := "linux"
	fmt.Println(os, "gp-Ss4i2Zr5ZsoZYgoShijUE3ZBvNfMHAHmmyaH6Eos") // want `no automatic fix: the name os is already taken`
}

// Plain prints a key.
func Plain() {
	fmt.Println("gp-nAS9dUk8P7PRQttBwnO5GFxrcdo8CvnrhsaeDtH5") // want `gp-nAS9…H5`
}
