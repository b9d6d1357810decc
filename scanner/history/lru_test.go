package history

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestByteLRU checks the cache's budget, that a read entry outlives unread older ones,
// and that keys too large for the key are refused.
func TestByteLRU(t *testing.T) {
	obj := func(n int) cached { return cached{data: make([]byte, n)} }
	c := newByteLRU(10 * (100 + 64)) // room for ten objects of 100 bytes
	for i := range 10 {
		c.put(objKey(i), obj(100))
	}
	c.get(objKey(0)) // read: kept when the next put evicts
	for i := 10; i < 15; i++ {
		c.put(objKey(i), obj(100))
	}
	var got []int
	for i := range 15 {
		if _, ok := c.get(objKey(i)); ok {
			got = append(got, i)
		}
	}
	want := []int{0, 6, 7, 8, 9, 10, 11, 12, 13, 14}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kept (-want +got):\n%s", diff)
	}
	if c.used > c.max {
		t.Errorf("used %d bytes of a budget of %d", c.used, c.max)
	}
	c.put(objKey(99), obj(c.max)) // over a quarter of the budget: not kept
	if _, ok := c.get(objKey(99)); ok {
		t.Error("an object over a quarter of the budget was kept")
	}
	// Many small entries grow the ring; the budget still holds.
	for i := range 5000 {
		c.put(objKey(1000+i), obj(1))
	}
	if c.used > c.max || c.n != c.byKey.len() {
		t.Errorf("used %d of %d, %d entries and %d keys", c.used, c.max, c.n, c.byKey.len())
	}
	if _, ok := cacheKey(1<<16, 0); ok {
		t.Error("pack number 65536 made a key")
	}
	if _, ok := cacheKey(0, 1<<48); ok {
		t.Error("offset 2^48 made a key")
	}
	if k, ok := cacheKey(3, 77); !ok || k != objKey(3<<48|77) {
		t.Errorf("cacheKey(3, 77) = %x, %v", k, ok)
	}
}
