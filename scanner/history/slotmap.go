package history

import "math/bits"

// slotMap maps object keys to ring slots for byteLRU: an open-addressing table with
// linear probing, which a walk that inserts and deletes an entry for nearly every object
// it reads costs a fraction of a Go map (no tombstones to sweep, no hashing of a generic key).
type slotMap struct {
	keys  []uint64 // key+1; 0 marks an empty place
	slots []int32
	n     int
	shift uint // 64 - log2(len(keys))
}

func newSlotMap() *slotMap {
	m := &slotMap{}
	m.resize(64)
	return m
}

func (m *slotMap) resize(size int) {
	keys, slots := m.keys, m.slots
	m.keys, m.slots, m.n = make([]uint64, size), make([]int32, size), 0
	m.shift = uint(64 - bits.TrailingZeros(uint(size)))
	for i, k := range keys {
		if k != 0 {
			m.set(objKey(k-1), slots[i])
		}
	}
}

// home is where key k's probe starts (Fibonacci hashing: offsets are multiples of small numbers).
func (m *slotMap) home(k objKey) int { return int((uint64(k) * 0x9e3779b97f4a7c15) >> m.shift) }

// get returns the slot of k.
func (m *slotMap) get(k objKey) (int32, bool) {
	mask := len(m.keys) - 1
	for i := m.home(k); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case uint64(k) + 1:
			return m.slots[i], true
		case 0:
			return 0, false
		}
	}
}

// set maps k to slot.
func (m *slotMap) set(k objKey, slot int32) {
	if 2*(m.n+1) > len(m.keys) {
		m.resize(2 * len(m.keys))
	}
	mask := len(m.keys) - 1
	for i := m.home(k); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case uint64(k) + 1:
			m.slots[i] = slot
			return
		case 0:
			m.keys[i], m.slots[i] = uint64(k)+1, slot
			m.n++
			return
		}
	}
}

// remove deletes k, moving back the entries of its probe run that can take its place.
func (m *slotMap) remove(k objKey) {
	mask := len(m.keys) - 1
	i := m.home(k)
	for ; m.keys[i] != uint64(k)+1; i = (i + 1) & mask {
		if m.keys[i] == 0 {
			return
		}
	}
	for j := (i + 1) & mask; m.keys[j] != 0; j = (j + 1) & mask {
		// The entry at j may fill the hole at i when its home is not within (i, j].
		if h := m.home(objKey(m.keys[j] - 1)); (j-h)&mask >= (j-i)&mask {
			m.keys[i], m.slots[i] = m.keys[j], m.slots[j]
			i = j
		}
	}
	m.keys[i] = 0
	m.n--
}

// len returns how many keys the map holds.
func (m *slotMap) len() int { return m.n }
