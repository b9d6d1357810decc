package basic

import (
	"fmt"
	"strings"

	"example.com/openai"
	"example.com/option"
)

// Config is a client's configuration.
type Config struct {
	APIKey  string
	BaseURL string
}

const prefix = "gp-"
const rest = "NWJ2QRSH3XYc8oMcP1GoBd0IoTqnqSlI"

var (
	k1 = "gp-Yqdx5b43vISIEHjER4VJd3TNGHWEV4Qm" // want `hard-coded GonkaGate API key gp-Yqdx…Qm \(GonkaGate, rule gonkagate-api-key\): read it from the GONKAGATE_API_KEY environment variable and rotate the key, since it has been in the code$`
	k2 = "short"                               // a trailing comment gofmt aligns
)

// Clients builds clients with hard-coded keys.
func Clients() []any {
	return []any{
		option.WithAPIKey("gp-DL2inVnsqtz5ZqU9mXnMgYavMnKb33IO"), // want `gp-DL2i…IO`

		openai.NewClient(option.WithAPIKey(`gp-fd4my7o3GdK8bG7w9llXQ2Zgno6Q1xH3`)), // want `gp-fd4m…H3`

		Config{APIKey: "gp-s7GyEKWhumgHwZgPLD7AfpFyjk6sv75A", BaseURL: "https://x"}, // want `gp-s7Gy…5A`

		map[string]string{"fastgpt": "fastgpt-pz8kECCr3sLgLrvt3UF9hodwRoK6FP"}, // want `hard-coded FastGPT API key fastgpt-pz8k…FP \(FastGPT, rule fastgpt-api-key\): read it from the FASTGPT_API_KEY environment`

		fmt.Sprint("Bearer " + "gp-ZEOt0l8R30" + "XVtNJ31we1wF9Y7VF8Srn3"), // want `gp-ZEOt…n3`

		strings.TrimSpace(prefix + rest), // want `gp-NWJ2…lI`

		"gpm-dd63c2tQdUUleKOruCQpiSfR5zBEGRGX", // want `GonkaGate management key gpm-dd63…GX .*GONKAGATE_MANAGEMENT_KEY`

		"keys: gp-AxCU3UJT5JsRLVZerqGjppEmMgdtqM9o fastgpt-tS36ziFIw1bb2V2QvdsUCEW3VH20F9", // want `gp-AxCU…9o .* and 1 more key: read it from the GONKAGATE_API_KEY and FASTGPT_API_KEY`
		k1, k2,
	}
}

// Quiet holds suppressed keys and look-alikes, none of them reported.
func Quiet(x string) []any {
	return []any{
		option.WithAPIKey("gp-LfI3Bo9sekLOhXmIXTQTnB6Pta5OOKQn"), //keylint:allow
		option.WithAPIKey("gp-LfI3Bo9sekLOhXmIXTQTnB6Pta5OOKQn"), //nolint:keylint // a documented fixture
		option.WithAPIKey("gp-your-api-key-here"),
		"gp-xxxxxxxxxxxxxxxxxxxx",
		"gp-deployment-7d9f8b6c5-x2k4p",
		"gp-navigation-menu__item--active",
		"fastgpt-plugin",
		"GP-7K3Q9XZZ12AB34CD56EF78GH90JK12",
		fmt.Sprintf("gp-%s", x),
		"gp-" + x,
	}
}
