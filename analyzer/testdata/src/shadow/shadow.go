package shadow

// Key has a parameter named os, so the fix cannot import os.
func Key(os int) string {
	return "gp-DL2inVnsqtz5ZqU9mXnMgYavMnKb33IO" // want `no automatic fix: the name os is already taken in this file`
}
