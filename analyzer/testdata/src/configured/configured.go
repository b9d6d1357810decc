// Package configured holds keys that the test's .keylint.yaml reports, or does not.
package configured

var (
	acme    = "acme-N3BNJPNj19gUvsvuEUpx8CXat5A6sdvZMquC" // want `hard-coded ACME API key acme-N3BN…uC .*read it from the ACME_API_KEY environment variable`
	mygpt   = "mygpt-N3uxsYxc6kWQhiSqdPYsThbu37kU74"      // want `fastgpt-api-key`
	gpm     = "gpm-HoA1joFnjYathkesvo1xoBT5f4E28gmyyl1haqss"
	allowed = "gp-Axh1aBSG2Tv8EtUULBgyahXd5jx8P4UqkYiC7t8M"
	gp      = "gp-VKyDkWPD3TwhsYHthHoL7CAxP2c3HcavmU2HcOS2" // want `gp-VKyD…S2`
)
