package history

import (
	"github.com/go-git/go-git/v5/plumbing"
)

// objKey is where an object lies: pack number (high 16 bits) and offset (low 48 bits).
type objKey uint64

// cacheKey returns the cache key of the object at off in pack pi; ok is false where the
// key cannot hold them (more than 65,536 packs, a pack past 256 TiB): such objects are not cached.
func cacheKey(pi int, off int64) (objKey, bool) {
	if pi < 0 || pi >= 1<<16 || off < 0 || off >= 1<<48 {
		return 0, false
	}
	return objKey(uint64(pi)<<48 | uint64(off)), true
}

// cached is an inflated object.
type cached struct {
	typ  plumbing.ObjectType
	data []byte
}

// byteLRU keeps recently used objects up to a number of bytes; one goroutine uses it.
// It is a CLOCK cache (second chance): entries sit in a ring in the order they came, a read
// marks an entry, and eviction takes the oldest unmarked one, unmarking the marked it
// passes. That is nearly LRU for delta bases at a fraction of a list's cost: no allocation
// or pointer per entry, and a table of integer keys (slotMap).
type byteLRU struct {
	max, used int
	byKey     *slotMap // the entry's slot in ring
	ring      []lruEntry
	head, n   int // the oldest entry's slot, and how many there are
}

type lruEntry struct {
	key  objKey
	val  cached
	used bool
}

func newByteLRU(max int) *byteLRU {
	return &byteLRU{max: max, byKey: newSlotMap(), ring: make([]lruEntry, 64)}
}

func (c *byteLRU) get(k objKey) (cached, bool) {
	i, ok := c.byKey.get(k)
	if !ok {
		return cached{}, false
	}
	e := &c.ring[i]
	e.used = true
	return e.val, true
}

// cost is what an entry counts against the budget.
func cost(v cached) int { return len(v.data) + 64 }

// put adds an object; one larger than a quarter of the budget is not kept.
func (c *byteLRU) put(k objKey, v cached) {
	n := cost(v)
	if n > c.max/4 {
		return
	}
	if _, ok := c.byKey.get(k); ok {
		return
	}
	for c.used+n > c.max && c.n > 0 {
		e := c.pop()
		if e.used {
			e.used = false
			c.push(e)
			continue
		}
		c.byKey.remove(e.key)
		c.used -= cost(e.val)
	}
	c.push(lruEntry{key: k, val: v})
	c.used += n
}

// pop takes the oldest entry off the ring (its key stays in byKey).
func (c *byteLRU) pop() lruEntry {
	e := c.ring[c.head]
	c.ring[c.head] = lruEntry{}
	c.head = (c.head + 1) % len(c.ring)
	c.n--
	return e
}

// push puts an entry at the ring's end, growing the ring when full.
func (c *byteLRU) push(e lruEntry) {
	if c.n == len(c.ring) {
		grown := make([]lruEntry, 2*len(c.ring))
		for i := range c.n {
			grown[i] = c.ring[(c.head+i)%len(c.ring)]
			c.byKey.set(grown[i].key, int32(i))
		}
		c.ring, c.head = grown, 0
	}
	i := (c.head + c.n) % len(c.ring)
	c.ring[i] = e
	c.byKey.set(e.key, int32(i))
	c.n++
}
