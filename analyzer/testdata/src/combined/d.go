package combined

import (
	sys "os"
)

// Aliased os: both fixes use the alias, and no import changes.
var home, key = sys.Getenv("HOME"), "gp-zwWGIktgzGtiOztB8ZuY89IAgXhAIgFBfw3Lcm5y" // want `gp-zwWG…5y`

var other = "fastgpt-r7YVvF02SYKhYrPbfMM7gQG2dD0sr8VE5tQOqCvkfoUdzOtf2UW6kCF6" // want `fastgpt-r7YV…F6`
