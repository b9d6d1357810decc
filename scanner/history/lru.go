package history

import (
	"container/list"

	"github.com/go-git/go-git/v5/plumbing"
)

// objKey is where an object lies: pack number and offset.
type objKey struct {
	pack int
	off  int64
}

// cached is an inflated object.
type cached struct {
	typ  plumbing.ObjectType
	data []byte
}

// byteLRU keeps the most recently used objects up to a number of bytes; one goroutine uses it.
type byteLRU struct {
	max, used int
	order     *list.List // front: most recent; values are *lruEntry
	byKey     map[objKey]*list.Element
}

type lruEntry struct {
	key objKey
	val cached
}

func newByteLRU(max int) *byteLRU {
	return &byteLRU{max: max, order: list.New(), byKey: map[objKey]*list.Element{}}
}

func (c *byteLRU) get(k objKey) (cached, bool) {
	e, ok := c.byKey[k]
	if !ok {
		return cached{}, false
	}
	c.order.MoveToFront(e)
	return e.Value.(*lruEntry).val, true
}

// put adds an object; one larger than a quarter of the budget is not kept.
func (c *byteLRU) put(k objKey, v cached) {
	n := len(v.data) + 64
	if n > c.max/4 {
		return
	}
	if e, ok := c.byKey[k]; ok {
		c.order.MoveToFront(e)
		return
	}
	c.byKey[k] = c.order.PushFront(&lruEntry{key: k, val: v})
	c.used += n
	for c.used > c.max {
		last := c.order.Back()
		ent := last.Value.(*lruEntry)
		c.order.Remove(last)
		delete(c.byKey, ent.key)
		c.used -= len(ent.val.data) + 64
	}
}
