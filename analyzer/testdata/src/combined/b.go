package combined

import "keyparts"

// Two keys use the one import; only both fixes together leave it unused.
var (
	first  = keyparts.Prefix + keyparts.Body                              // want `gpm-kWnx…dg`
	second = keyparts.Prefix + "ntkyjeSk5HTMFVHI7wUn81Cm5hnV31yjKp1lx0iB" // want `gpm-ntky…iB`
)
