package crosspkg

import "keyparts"

// Key joins constants from another package into a key.
var Key = keyparts.Prefix + keyparts.Body // want `gpm-kWnx…dg`
