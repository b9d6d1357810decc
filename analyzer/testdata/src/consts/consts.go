package consts

import "fmt"

// Key is a named key type.
type Key string

const single = "gp-DL2inVnsqtz5ZqU9mXnMgYavMnKb33IO" // want `gp-DL2i…IO`

const (
	a       = 1
	grouped = "gp-" + "NWJ2QRSH3XYc8oMcP1GoBd0IoTqnqSlI" // want `gp-NWJ2…lI`
	b       = 2
)

// The grouped key's only constant.
const (
	alone = "fastgpt-pz8kECCr3sLgLrvt3UF9hodwRoK6FP" // want `fastgpt-pz8k…FP`
)

const typed Key = "gp-s7GyEKWhumgHwZgPLD7AfpFyjk6sv75A" // want `gp-s7Gy…5A`

const usedInConst = "gp-ZEOt0l8R30XVtNJ31we1wF9Y7VF8Srn3" // want `no automatic fix: usedInConst is used in a constant expression at .*consts.go:25`

const derived = usedInConst + "/v1"

const lenKey = "gp-AxCU3UJT5JsRLVZerqGjppEmMgdtqM9o" // want `no automatic fix: lenKey is used in a constant expression`

var buf [len(lenKey)]byte

// Exported is exported from an importable package.
const Exported = "gp-Yqdx5b43vISIEHjER4VJd3TNGHWEV4Qm" // want `no automatic fix: Exported is exported`

const inner = len("gp-LfI3Bo9sekLOhXmIXTQTnB6Pta5OOKQn") // want `no automatic fix: the key is part of a larger constant expression`

const typedUse = "gp-fd4my7o3GdK8bG7w9llXQ2Zgno6Q1xH3" // want `no automatic fix: typedUse is used as a consts.Key at .*consts.go:38`

var typedVar Key = typedUse

// Use uses the constants.
func Use() {
	const local = "fastgpt-tS36ziFIw1bb2V2QvdsUCEW3VH20F9" // want `fastgpt-tS36…F9`
	fmt.Println(single, grouped, alone, typed, derived, buf, a, b, inner, local, typedVar)
}
