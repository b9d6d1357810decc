package history

import (
	"math/rand/v2"
	"testing"
)

// TestSlotMap drives slotMap and a Go map with the same random inserts, updates and
// deletes, on keys that crowd a few probe runs, and checks that they agree throughout.
func TestSlotMap(t *testing.T) {
	for _, spread := range []uint64{16, 1000, 1 << 40} {
		rng := rand.New(rand.NewPCG(spread, 2))
		m, want := newSlotMap(), map[objKey]int32{}
		for step := range 200000 {
			k := objKey(rng.Uint64N(spread) * 64) // multiples of 64, as pack offsets often nearly are
			switch rng.IntN(3) {
			case 0, 1:
				m.set(k, int32(step))
				want[k] = int32(step)
			default:
				m.remove(k)
				delete(want, k)
			}
			if step%9973 == 0 || step > 199900 {
				if m.len() != len(want) {
					t.Fatalf("spread %d, step %d: %d keys, want %d", spread, step, m.len(), len(want))
				}
				for k, v := range want {
					if got, ok := m.get(k); !ok || got != v {
						t.Fatalf("spread %d, step %d: key %d = %d %v, want %d", spread, step, k, got, ok, v)
					}
				}
				if _, ok := m.get(objKey(spread*64 + 1)); ok {
					t.Fatalf("spread %d: a key never set is found", spread)
				}
			}
		}
	}
}
